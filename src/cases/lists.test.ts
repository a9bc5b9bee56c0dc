import { beforeAll, describe, expect, it } from 'vitest';
import { turnOf, unitDeps, type UnitDeps } from '../../test/support/unit.js';
import { sampleCase } from '../../test/support/cases.js';
import { CaseCards } from './cards.js';
import { selectCases, type ListDeps } from './lists.js';

let deps: UnitDeps;
let d: ListDeps;
beforeAll(async () => {
  deps = await unitDeps();
  d = { ...deps, cards: new CaseCards(deps.cards, deps.reference) };
  const c = sampleCase();
  await deps.stores.cases.put({ ...c, id: 'new-sas', formId: 'form-new-sas', number: 'AVV-2026-00001', status: 'ny' });
  await deps.stores.cases.put({
    ...c,
    id: 'step2a-sas',
    formId: 'form-step2a-sas',
    number: 'AVV-2026-00002',
    step: '2a',
    createdAt: '2026-11-21T10:00:00.000Z',
  });
  await deps.stores.cases.put({
    ...c,
    id: 'overdue-sas',
    formId: 'form-overdue-sas',
    number: 'AVV-2026-00003',
    deadlines: [{ id: 'd', kind: 'handlingsplan', due: '2026-11-01', setAt: '2026-10-01T00:00:00.000Z', stepId: '2a' }],
    createdAt: '2026-11-22T10:00:00.000Z',
  });
  await deps.stores.cases.put({
    ...c,
    id: 'nu',
    formId: 'form-nu',
    number: 'AVV-2026-00004',
    report: { ...c.report, receiver: 'nu-sjukvarden', reporterUnit: 'uddevalla' },
  });
});

const ids = async (filter: string, providers = ['sodra-alvsborgs-sjukhus']) => {
  const s = await selectCases(d, turnOf(deps, { roles: ['handlaggare'], providers }), filter);
  return 'cases' in s ? s.cases.map((c) => c.id) : s.message;
};

describe('case lists', () => {
  it('hold only the cases of the user’s providers, newest first', async () => {
    expect(await ids('alla')).toEqual(['overdue-sas', 'step2a-sas', 'new-sas']);
    expect(await ids('alla', ['uddevalla'])).toEqual(['nu']);
    expect(await ids('alla', [])).toEqual([]);
    expect(await ids('alla', ['*'])).toHaveLength(4);
  });

  it('filter by new, step, overdue and provider, inside the scope', async () => {
    expect(await ids('nya')).toEqual(['new-sas']);
    expect(await ids('steg 2a')).toEqual(['step2a-sas']);
    expect(await ids('försenade')).toEqual(['overdue-sas']);
    expect(await ids('NU-sjukvården')).toEqual([]);
    expect(await ids('NU-sjukvården', ['*'])).toEqual(['nu']);
    expect(await ids('Atlantis')).toContain('Ingen vårdgivare');
  });
});
