// The indexed series must equal the plain definition: computedValue over every case.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadReference, type Reference } from '../core/refdata.js';
import { memoryStore, type Stores } from '../collections.js';
import { generateCases } from '../seed/dataset.js';
import { computedValue } from './computed.js';
import { COUNTY, loadCatalogue, valueId, type Catalogue } from './model.js';
import { IndicatorService } from './service.js';
import type { CapabilityDeps } from '../deps.js';
import { swedishDate } from '../core/clock.js';

let ref: Reference;
let catalogue: Catalogue;
let stores: Stores;

beforeAll(async () => {
  [ref, catalogue] = await Promise.all([loadReference('data/reference'), loadCatalogue('data/reference')]);
  stores = memoryStore();
  await stores.cases.putMany(generateCases(ref, { seed: 3, from: '2024-06-01', days: 540, perDay: 3 }));
});

describe('computed indicator series', () => {
  it('equal a scan of every case, for each computed indicator, organisation level and period', async () => {
    const service = new IndicatorService({ stores, reference: ref } as unknown as CapabilityDeps, catalogue);
    const now = new Date('2025-11-20T10:00:00Z');
    const today = swedishDate(now);
    const all = stores.cases.all();
    const orgs = [COUNTY, ref.delregions[0]!.id, 'sahlgrenska', 'boras'];
    let compared = 0;
    for (const ind of catalogue.indicators.filter((i) => i.computed)) {
      for (const org of orgs) {
        for (const point of await service.series(ind, org, now, 6)) {
          expect(point.value, `${ind.id} ${org} ${point.period}`).toEqual(computedValue(ind, all, org, point.period, today, ref));
          if (point.value !== null && point.value !== 0) compared++;
        }
      }
    }
    // The dataset is big enough that most of the comparisons are of real numbers.
    expect(compared).toBeGreaterThan(60);
  });
});

describe('stored indicator series', () => {
  it('are the last periods with a value, read from the newest year back', async () => {
    const service = new IndicatorService({ stores, reference: ref } as unknown as CapabilityDeps, catalogue);
    const ind = catalogue.indicators.find((i) => !i.computed && i.periodType === 'year')!;
    const other = catalogue.indicators.find((i) => !i.computed && i.id !== ind.id)!;
    const value = (indicator: string, org: string, period: string, v: number) => ({
      id: valueId(indicator, org, period),
      indicator,
      org,
      period,
      value: v,
      source: 'csv' as const,
      updatedAt: '2026-01-10T10:00:00.000Z',
      updatedBy: 'test',
      history: [],
    });
    const years = Array.from({ length: 12 }, (_, i) => String(2015 + i));
    await stores.indicatorValues.putMany([
      ...years.map((y, i) => value(ind.id, 'boras', y, i)),
      ...years.map((y) => value(other.id, 'boras', y, 99)),
      value(ind.id, 'ale', '2026', 7),
    ]);
    const series = await service.series(ind, 'boras', new Date('2026-11-20T10:00:00Z'), 6);
    expect(series.map((p) => [p.period, p.value])).toEqual(years.slice(-6).map((y, i) => [y, 6 + i]));
  });
});
