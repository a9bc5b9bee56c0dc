// 004_…'s deviation indicators, computed by the bot (issue 32.2), against counts taken straight
// from a generated store: deviations about information transfer, about medication orders, and
// those where the patient was harmed; the plans followed up in time on either ladder.
import { beforeAll, describe, expect, it } from 'vitest';
import { swedishDate } from '../core/clock.js';
import { loadReference, type Reference } from '../core/refdata.js';
import { generateCases } from '../seed/dataset.js';
import type { Case } from '../cases/model.js';
import { computedValue, concerns } from './computed.js';
import { loadCatalogue, type Catalogue } from './model.js';

let ref: Reference;
let cat: Catalogue;
let cases: Case[];
beforeAll(async () => {
  [ref, cat] = await Promise.all([loadReference('data/reference'), loadCatalogue('data/reference')]);
  cases = generateCases(ref, { seed: 11, from: '2025-06-01', days: 400, perDay: 2 }).map((c) => ({ ...c, version: 1 }) as Case);
});

const indicator = (id: string) => cat.indicators.find((i) => i.id === id)!;

describe('the deviation indicators of 004_…', () => {
  it('names only categories the reference has', () => {
    const categories = new Set(ref.categories.map((c) => c.id));
    for (const i of cat.indicators) if (i.where?.category) expect(categories.has(i.where.category), i.id).toBe(true);
  });

  const WANTED: [string, (c: Case) => boolean][] = [
    ['avv-informationsoverforing', (c) => c.report.category === 'informationsoverforing'],
    ['avv-ordination', (c) => c.report.category === 'ordination'],
    ['avv-patient-drabbad', (c) => c.report.consequence === 'negativ-handelse'],
    ['avv-antal', () => true],
  ];
  for (const [id, wanted] of WANTED)
    it(`${id}: the month's deviations it names, for the county, a delregion and a provider`, () => {
      for (const org of ['vgr', 'fyrbodal', 'boras'])
        for (const month of ['2025-09', '2026-02', '2026-06']) {
          const expected = cases.filter(
            (c) =>
              c.report.kind === 'avvikelse' && swedishDate(new Date(c.createdAt)).startsWith(month) && concerns(c, org, ref) && wanted(c),
          ).length;
          expect(computedValue(indicator(id), cases, org, month, '2026-07-01', ref), `${org} ${month}`).toBe(expected);
        }
      expect(computedValue(indicator(id), cases, 'vgr', '2026-02', '2026-07-01', ref)).toBeGreaterThan(0);
    });

  it('counts a collaboration ladder plan followed up at s2 in time, as a contract plan at 2b', () => {
    const base = cases.find((c) => c.report.kind === 'avvikelse')!;
    const actor = base.events[0]!.actor;
    const plan = (stepId: string, followedBy: string, at: string): Case =>
      ({
        ...base,
        id: `${base.id}-${stepId}`,
        deadlines: [{ id: `d-${stepId}`, kind: 'handlingsplan', stepId, setAt: '2026-03-01T09:00:00.000Z', due: '2026-03-31' }],
        events: [...base.events, { at, type: 'steg', actor, from: stepId, to: followedBy, visibleToReporter: false }],
      }) as Case;
    const both = [plan('2a', '2b', '2026-03-20T09:00:00.000Z'), plan('s1', 's2', '2026-03-25T09:00:00.000Z')];
    expect(computedValue(indicator('avv-handlingsplan-i-tid'), both, 'vgr', '2026-Q1', '2026-07-01', ref)).toBe(100);
  });
});
