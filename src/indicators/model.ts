// Indicators: the catalogue (data), periods, organisations, and the status and trend rules.
// "En positiv rörelse är viktigare än det enskilda resultatet" (004_…): the trend is shown
// beside the status, in words as well as colour.
import { z } from 'zod/v4';
import { readReferenceFile, ReferenceError, type Reference } from '../core/refdata.js';

const Text = z.object({ sv: z.string().min(1), en: z.string().min(1) });
/** A half year (2026-H1): 004_… wants outcomes "varje halvår", not a year and a half later. */
export const PeriodType = z.enum(['month', 'quarter', 'halfyear', 'year']);
export type PeriodType = z.infer<typeof PeriodType>;
export const Level = z.enum(['county', 'delregion', 'kommun', 'provider']);

export const Indicator = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: Text,
  area: z.string(),
  /** The unit after a value, in each language (issue 32.4: no Swedish in English); empty for a plain count. */
  unit: z.object({ sv: z.string(), en: z.string() }),
  /** 'neutral': no better or worse (the count of reported deviations: more reporting is not a worsening). */
  direction: z.enum(['higher', 'lower', 'neutral']),
  /** Null in the catalogue: the seeds give no targets; a working group sets one (IndicatorTarget). */
  target: z.number().nullable(),
  warning: z.number().optional(),
  /** A result to compare with, not a target (e.g. Region Halland 2018 in 003_…). */
  reference: z.object({ value: z.number(), label: Text }).optional(),
  // Where the indicator comes from, in each language (the seed cited by its file name, shown by its title).
  source: Text,
  periodType: PeriodType,
  levels: z.array(Level).min(1),
  computed: z.enum(['avvikelser-per-manad', 'handlingsplan-i-tid', 'dagar-till-triage', 'svar-60']).optional(),
  /**
   * Which deviations a count of deviations takes (004_… Bilaga 2: those about information
   * transfer, about medication orders, those where the patient was harmed); none: every one.
   */
  where: z
    .object({ category: z.string().min(1).optional(), consequence: z.enum(['risk', 'tillbud', 'negativ-handelse']).optional() })
    .strict()
    .optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type Indicator = z.infer<typeof Indicator>;

const CatalogueFile = z.object({
  version: z.literal(1),
  areas: z.array(z.object({ id: z.string(), sv: z.string(), en: z.string() })),
  indicators: z.array(Indicator).min(1),
});
export type Catalogue = z.infer<typeof CatalogueFile>;

export async function loadCatalogue(dir: string): Promise<Catalogue> {
  const catalogue = await readReferenceFile(dir, 'indicators.json', CatalogueFile);
  const areas = new Set(catalogue.areas.map((a) => a.id));
  for (const ind of catalogue.indicators) {
    if (!areas.has(ind.area)) throw new ReferenceError(`indicators.json: ${ind.id} har okänt område ${ind.area}`);
  }
  return catalogue;
}

/** A stored value for one indicator, organisation and period; corrections keep the old ones. */
export const IndicatorValue = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  indicator: z.string(),
  org: z.string(),
  period: z.string(),
  /** null: missing or secret at the source, never turned into 0. */
  value: z.number().nullable(),
  source: z.enum(['csv', 'kolada', 'manual', 'example']),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  history: z.array(z.object({ value: z.number().nullable(), source: z.string(), at: z.iso.datetime(), by: z.string() })),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

/** A target a working group set for an indicator, who set it and when (audited too). */
export const IndicatorTarget = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  target: z.number(),
  warning: z.number().optional(),
  by: z.string(),
  byName: z.string(),
  at: z.iso.datetime(),
});
export type IndicatorTarget = z.infer<typeof IndicatorTarget>;

/** A channel following an indicator for an organisation. */
export const Follow = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  conversation: z.string(),
  indicator: z.string(),
  org: z.string(),
  lastStatus: z.enum(['gron', 'gul', 'rod', 'ingen']),
  since: z.iso.datetime(),
});
export type Follow = z.infer<typeof Follow>;

export const valueId = (indicator: string, org: string, period: string) => `${indicator}|${org}|${period}`;

export const COUNTY = 'vgr';

/** Organisations values can belong to: the county, delregions and care providers (kommuner too). */
export function organisations(ref: Reference): { id: string; name: string; level: z.infer<typeof Level> }[] {
  return [
    { id: COUNTY, name: 'Västra Götaland', level: 'county' },
    ...ref.delregions.map((d) => ({ id: d.id, name: d.name, level: 'delregion' as const })),
    ...ref.providers.map((p) => ({ id: p.id, name: p.name, level: p.kind === 'kommun' ? ('kommun' as const) : ('provider' as const) })),
  ];
}

const PERIOD = { month: /^\d{4}-(0[1-9]|1[0-2])$/, quarter: /^\d{4}-Q[1-4]$/, halfyear: /^\d{4}-H[12]$/, year: /^\d{4}$/ };

/** A period as typed: a Swedish quarter (2026-K2) is stored as 2026-Q2, as Kolada writes it. */
export function normalizePeriod(text: string): string {
  return text
    .trim()
    .replace(/^(\d{4})-?[KQ]([1-4])$/i, '$1-Q$2')
    .replace(/^(\d{4})-?H([12])$/i, '$1-H$2');
}

export function validPeriod(type: PeriodType, period: string): boolean {
  return PERIOD[type].test(period);
}

/** The period an ISO date belongs to. */
export function periodOf(type: PeriodType, date: string): string {
  if (type === 'year') return date.slice(0, 4);
  if (type === 'month') return date.slice(0, 7);
  if (type === 'halfyear') return `${date.slice(0, 4)}-H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export type Status = 'gron' | 'gul' | 'rod' | 'ingen';

/** Against the target (and warning threshold, if any), in the indicator's direction. */
export function statusOf(ind: Indicator, value: number | null | undefined): Status {
  if (value === null || value === undefined || ind.target === null || ind.direction === 'neutral') return 'ingen';
  const better = (a: number, b: number) => (ind.direction === 'higher' ? a >= b : a <= b);
  if (better(value, ind.target)) return 'gron';
  if (ind.warning !== undefined && better(value, ind.warning)) return 'gul';
  return 'rod';
}

export type Trend = 'battre' | 'samma' | 'samre' | 'okand' | 'okar' | 'minskar';

/** The movement over the recent periods: compares the last value with the mean of the ones before. */
export function trendOf(ind: Indicator, values: (number | null)[]): Trend {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return 'okand';
  const last = known.at(-1)!;
  const before = known.slice(-4, -1);
  const mean = before.reduce((a, b) => a + b, 0) / before.length;
  const delta = last - mean;
  if (Math.abs(delta) <= Math.abs(mean) * 0.02) return 'samma';
  if (ind.direction === 'neutral') return delta > 0 ? 'okar' : 'minskar';
  return delta > 0 === (ind.direction === 'higher') ? 'battre' : 'samre';
}
