// Who may read which statistics: the county's and a delregion's figures are published aggregates,
// open to all; a single provider's only to those who act for it (and the county-wide '*').
import { beforeAll, describe, expect, it } from 'vitest';
import { Organisations } from '../core/organisations.js';
import { loadReference } from '../core/refdata.js';
import { mayReadStatistics } from './scope.js';

let orgs: Organisations;
beforeAll(async () => {
  orgs = new Organisations(await loadReference('data/reference'));
});

describe('mayReadStatistics', () => {
  const TABLE: [string, string[], string, boolean][] = [
    ['anyone, the county', [], 'vgr', true],
    ['anyone, a delregion', [], 'fyrbodal', true],
    ['anyone, a single provider', [], 'boras', false],
    ['one who acts for it', ['boras'], 'boras', true],
    ['one who acts for another', ['ale'], 'boras', false],
    ['the county-wide', ['*'], 'boras', true],
    ['anyone, an organisation that does not exist', [], 'atlantis', false],
  ];
  for (const [who, providers, org, may] of TABLE)
    it(`${may ? 'lets' : 'refuses'} ${who} (${org})`, () => expect(mayReadStatistics({ providers }, org, orgs)).toBe(may));
});
