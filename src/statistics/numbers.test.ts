// Counts in the statistics cards in the reader's number style (issue 32.4): one thousands
// separator per language, as the indicator cards already write them.
import { describe, expect, it } from 'vitest';
import { named, type StatsDeps } from './reports.js';

const deps = { reference: { delregions: [{ id: 'fyrbodal', name: 'Fyrbodal' }] } } as unknown as StatsDeps;

describe('counts in a statistics card', () => {
  it('groups thousands as the language does, largest first', () => {
    expect(named(deps, 'sv', { fyrbodal: 2388, annan: 12 })).toEqual([
      { title: 'Fyrbodal', value: '2\u00a0388' },
      { title: 'annan', value: '12' },
    ]);
    expect(named(deps, 'en', { fyrbodal: 2388 })).toEqual([{ title: 'Fyrbodal', value: '2,388' }]);
  });
});
