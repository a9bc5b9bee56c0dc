// The indicator CSV format (README, "Indicator values"): a header line
// `indikator;organisation;period;värde` (or the English names, or commas), one value a line,
// decimal comma or point, an empty value meaning missing. Validation is row by row; the
// caller decides whether to apply the valid rows (default) or nothing at all (strict).
import type { MessageKey, T } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import { csvTable } from '../core/csv.js';
import { fold } from '../core/text.js';
import { organisations, normalizePeriod, validPeriod, type Catalogue } from './model.js';

export interface CsvRow {
  line: number;
  indicator: string;
  org: string;
  period: string;
  value: number | null;
}
/** A rejected row: its line and the reason, a catalogue message (shown in the reader's language). */
export interface Rejected {
  line: number;
  reason: MessageKey;
  vars?: Record<string, string | number>;
}

/** A rejected row's reason in words. */
export const rejectionText = (r: Rejected, tr: T): string => tr(r.reason, r.vars);

const HEADERS = {
  indicator: ['indikator', 'indicator'],
  org: ['organisation', 'organization', 'org'],
  period: ['period'],
  value: ['varde', 'value'],
};

export function parseIndicatorCsv(text: string, catalogue: Catalogue, ref: Reference): { rows: CsvRow[]; rejected: Rejected[] } {
  const table = csvTable(text, fold);
  if (!table) return { rows: [], rejected: [{ line: 1, reason: 'csv.empty' }] };
  const cols = table.columns;
  const idx = Object.fromEntries(Object.entries(HEADERS).map(([k, names]) => [k, cols.findIndex((c) => names.includes(c))])) as Record<
    keyof typeof HEADERS,
    number
  >;
  const missing = Object.entries(idx)
    .filter(([, i]) => i < 0)
    .map(([k]) => k);
  if (missing.length)
    return { rows: [], rejected: [{ line: table.headerLine, reason: 'csv.missingColumns', vars: { columns: missing.join(', ') } }] };

  const indicators = new Map(catalogue.indicators.map((i) => [i.id, i]));
  const orgs = new Map(organisations(ref).map((o) => [o.id, o]));
  const rows: CsvRow[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach(({ line, fields: f }) => {
    const get = (k: keyof typeof HEADERS) => f[idx[k]] ?? '';
    const ind = indicators.get(get('indicator'));
    const org = orgs.get(get('org'));
    const period = normalizePeriod(get('period'));
    const rawValue = get('value').replace(/\s/g, '').replace(',', '.');
    const reject = (reason: MessageKey, vars?: Rejected['vars']) => rejected.push({ line, reason, vars });
    if (!ind) return reject('csv.unknownIndicator', { value: get('indicator').slice(0, 60) });
    if (ind.computed) return reject('csv.computed', { indicator: ind.id });
    if (!org) return reject('csv.unknownOrganisation', { value: get('org').slice(0, 60) });
    if (!ind.levels.includes(org.level)) return reject('csv.level', { indicator: ind.id, level: org.level });
    if (!validPeriod(ind.periodType, period)) return reject(`csv.period.${ind.periodType}`, { value: period.slice(0, 20) });
    let value: number | null = null;
    if (rawValue !== '') {
      value = Number(rawValue);
      if (!Number.isFinite(value)) return reject('csv.notNumber', { value: get('value').slice(0, 20) });
      if ((ind.min !== undefined && value < ind.min) || (ind.max !== undefined && value > ind.max)) {
        return reject('csv.outOfRange', { value, min: ind.min ?? '−∞', max: ind.max ?? '∞' });
      }
    }
    const key = `${ind.id}|${org.id}|${period}`;
    const first = seen.get(key);
    if (first !== undefined) return reject('csv.duplicate', { first });
    seen.set(key, line);
    rows.push({ line, indicator: ind.id, org: org.id, period, value });
  });
  return { rows, rejected };
}
