// 004_…'s deviation indicators, computed by the bot (issue 32.2), against counts taken straight
// from a generated store: deviations about information transfer, about medication orders, and
// those where the patient was harmed; the plans followed up in time on either ladder.
import { beforeAll, describe, expect, it } from 'vitest';
import { swedishDate } from '../core/clock.js';
import { loadReference, type Reference } from '../core/refdata.js';
import { generateCases } from '../seed/dataset.js';
import type { Case } from '../cases/model.js';
import { computedValue, concerns } from './computed.js';
import { loadCatalogue, normalizePeriod, periodOf, validPeriod, type Catalogue } from './model.js';
import { parseIndicatorCsv } from './csv.js';

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

describe('half-year periods (004_…: outcomes "varje halvår")', () => {
  const half = (date: string) => `${date.slice(0, 4)}-H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;

  it('avv-antal-halvar: the half year’s deviations, the sum of its six months', () => {
    for (const org of ['vgr', 'fyrbodal', 'boras'])
      for (const period of ['2025-H2', '2026-H1']) {
        const expected = cases.filter(
          (c) => c.report.kind === 'avvikelse' && half(swedishDate(new Date(c.createdAt))) === period && concerns(c, org, ref),
        ).length;
        expect(computedValue(indicator('avv-antal-halvar'), cases, org, period, '2026-07-01', ref), `${org} ${period}`).toBe(expected);
      }
    const months = ['01', '02', '03', '04', '05', '06'].map((m) =>
      computedValue(indicator('avv-antal'), cases, 'vgr', `2026-${m}`, '2026-07-01', ref),
    );
    expect(computedValue(indicator('avv-antal-halvar'), cases, 'vgr', '2026-H1', '2026-07-01', ref)).toBe(
      months.reduce((a, b) => a! + b!, 0),
    );
  });

  it('periods, their names as typed, and the one before', () => {
    expect(periodOf('halfyear', '2026-06-30')).toBe('2026-H1');
    expect(periodOf('halfyear', '2026-07-01')).toBe('2026-H2');
    expect(normalizePeriod('2026h2')).toBe('2026-H2');
    expect(validPeriod('halfyear', '2026-H2')).toBe(true);
    expect(validPeriod('halfyear', '2026-H3')).toBe(false);
    expect(validPeriod('halfyear', '2026-Q2')).toBe(false);
  });

  it('imports a half-year value and refuses a quarter for it, saying what is wanted', () => {
    const parsed = parseIndicatorCsv(
      'indikator;organisation;period;värde\nlarandedialoger;boras;2026-H1;4\nutskrivningsklara-framflyttade;boras;2026-K1;12\nlarandedialoger;boras;2026-H3;1',
      cat,
      ref,
    );
    expect(parsed.rows).toEqual([{ line: 2, indicator: 'larandedialoger', org: 'boras', period: '2026-H1', value: 4 }]);
    expect(parsed.rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, 'csv.period.halfyear'],
      [4, 'csv.period.halfyear'],
    ]);
  });
});
