// npm run seed -- --years 10 [--seed 1] [--data-dir DIR]
// Writes a realistic VGR store: about 2 400 reports a year (municipalities three times the
// region, categories and causes weighted as in 001_…), cases along the ladder with action
// plans, and indicator values for every catalogue indicator, organisation level and period.
// Deterministic for a given seed. Refuses a DATA_DIR that already holds cases.
import { loadToolConfig } from '../src/config.js';
import { addDays, swedishDate } from '../src/core/clock.js';
import { loadReference } from '../src/core/refdata.js';
import { openConfiguredStore } from '../src/collections.js';
import { pino } from 'pino';
import { generateCases, random } from '../src/seed/dataset.js';
import { anonymise, dueForRetention } from '../src/cases/retention.js';
import type { Case } from '../src/cases/model.js';
import { loadCatalogue, organisations, valueId, type IndicatorValue } from '../src/indicators/model.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};

const years = Number(option('years', '10'));
const seed = Number(option('seed', '1'));
const config = loadToolConfig({ ...process.env, DATA_DIR: option('data-dir', process.env['DATA_DIR'] ?? './data/store') });
const started = Date.now();
const [reference, catalogue, stores] = await Promise.all([
  loadReference(config.REFERENCE_DIR),
  loadCatalogue(config.REFERENCE_DIR),
  openConfiguredStore(config, pino({ level: 'warn' })),
]);
if (stores.cases.keys('number').length) {
  console.error(`${config.DATA_DIR} innehåller redan ärenden; välj en tom katalog (--data-dir).`);
  process.exit(1);
}
const today = swedishDate(new Date());
const from = addDays(today, -Math.round(years * 365.25));
const now = new Date();
// Anonymised where the bot's retention would have done it by now (RETENTION_YEARS), as in a
// store the bot has kept for the years: a start should not find decades of work waiting.
const cases = generateCases(reference, { seed, from, days: Math.round(years * 365.25), perDay: 2400 / 365 }).map((c) =>
  dueForRetention([c as Case], now, config.RETENTION_YEARS).length ? anonymise(c as Case, now) : c,
);
for (let i = 0; i < cases.length; i += 2000) await stores.cases.putMany(cases.slice(i, i + 2000));
console.log(`${cases.length} ärenden (${from} – ${today})`);

/** Where generated example series start for indicators without a target (plausible sizes). */
const TYPICAL: Record<string, number> = {
  'kontakter-primarvard': 260,
  'lakarbesok-hemmet': 14,
  'medelvardtid-sjukhus': 5.2,
  'aterinskrivning-30d-65': 17,
  'sip-antal': 0.6,
  'kroniskt-sjuka-handlingsplan': 35,
  'fast-vardkontakt': 55,
  'kariesfria-barn': 70,
  'mar-mycket-bra': 28,
  'st-lakare-allmanmedicin': 3,
  'fortroende-halso-sjukvard': 62,
  trygghetsbesok: 9,
};

const rnd = random(seed + 1);
const orgs = organisations(reference);
const firstYear = Number(from.slice(0, 4));
const lastYear = Number(today.slice(0, 4));
const values: Omit<IndicatorValue, 'version'>[] = [];
for (const ind of catalogue.indicators.filter((i) => !i.computed)) {
  const periods: string[] = [];
  for (let y = firstYear; y <= lastYear; y++) {
    if (ind.periodType === 'year') periods.push(String(y));
    if (ind.periodType === 'quarter') for (let q = 1; q <= 4; q++) periods.push(`${y}-Q${q}`);
    if (ind.periodType === 'month') for (let m = 1; m <= 12; m++) periods.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  for (const org of orgs.filter((o) => ind.levels.includes(o.level))) {
    let v = (ind.target ?? TYPICAL[ind.id] ?? 50) * (0.85 + rnd() * 0.25);
    for (const period of periods) {
      v = Math.max(ind.min ?? 0, Math.min(ind.max ?? Infinity, v * (0.97 + rnd() * 0.065)));
      values.push({
        id: valueId(ind.id, org.id, period),
        indicator: ind.id,
        org: org.id,
        period,
        value: rnd() < 0.02 ? null : Math.round(v * 10) / 10,
        source: 'example',
        updatedAt: new Date().toISOString(),
        updatedBy: 'seed',
        history: [],
      });
    }
  }
}
for (let i = 0; i < values.length; i += 20_000) await stores.indicatorValues.putMany(values.slice(i, i + 20_000));
console.log(`${values.length} indikatorvärden (märkta som exempeldata)`);
await stores.close();
console.log(`klart på ${((Date.now() - started) / 1000).toFixed(1)} s: ${config.DATA_DIR}`);
