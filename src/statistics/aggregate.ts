// Statistics as pure functions of the cases: the shapes VVG, the boards and the ledningsgrupper
// read (001_…, 002_… §2.3, 000_…). Counts only; nothing identifies a reporter. They use the
// report's classification, which retention keeps, so anonymised cases count the same.
import type { Case } from '../cases/model.js';
import { swedishDate } from '../core/clock.js';
import type { Reference } from '../core/refdata.js';
import { concerns } from '../indicators/computed.js';

export interface Period {
  /** e.g. 2026-Q3 or 2026 */
  id: string;
  from: string;
  to: string;
}

/** "2026-K3" (Swedish), "2026-Q3", "2026Q3", "K3 2026" or "2026". */
export function parsePeriod(text: string): Period | undefined {
  const t = text.trim().replace(/^[KQ]([1-4])[ -](\d{4})$/i, '$2-Q$1');
  const q = t.match(/^(\d{4})-?[KQ]([1-4])$/i);
  if (q) {
    const [year, quarter] = [Number(q[1]), Number(q[2])];
    const startMonth = (quarter - 1) * 3 + 1;
    const endMonth = startMonth + 2;
    const last = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
    return {
      id: `${year}-Q${quarter}`,
      from: `${year}-${String(startMonth).padStart(2, '0')}-01`,
      to: `${year}-${String(endMonth).padStart(2, '0')}-${last}`,
    };
  }
  const y = t.match(/^(\d{4})$/);
  if (y) return { id: y[1]!, from: `${y[1]}-01-01`, to: `${y[1]}-12-31` };
  return undefined;
}

/** The last full quarter before `today`. */
export function lastFullQuarter(today: string): Period {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  return quarter === 1 ? parsePeriod(`${year - 1}-Q4`)! : parsePeriod(`${year}-Q${quarter - 1}`)!;
}

export function previousPeriod(p: Period): Period {
  if (!p.id.includes('Q')) return parsePeriod(String(Number(p.id) - 1))!;
  const [y, q] = [Number(p.id.slice(0, 4)), Number(p.id.slice(6))];
  return parsePeriod(q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`)!;
}

const reportedIn = (c: Case, p: Period) => {
  const d = swedishDate(new Date(c.createdAt));
  return d >= p.from && d <= p.to;
};

export type Counts = Record<string, number>;

export interface Statistics {
  period: Period;
  org: string;
  deviations: number;
  complaints: number;
  byCategory: Counts;
  byCause: Counts;
  byDirection: Counts;
  byDelregion: Counts;
  topPairs: { category: string; cause: string; count: number }[];
}

function inc(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Counts for one period and organisation; deviations and complaints are kept apart. */
export function statistics(cases: readonly Case[], period: Period, org: string, ref: Reference): Statistics {
  const selected = cases.filter((c) => reportedIn(c, period) && concerns(c, org, ref));
  const deviations = selected.filter((c) => c.report.kind === 'avvikelse');
  const s: Statistics = {
    period,
    org,
    deviations: deviations.length,
    complaints: selected.length - deviations.length,
    byCategory: {},
    byCause: {},
    byDirection: {},
    byDelregion: {},
    topPairs: [],
  };
  const pairs: Counts = {};
  for (const c of deviations) {
    inc(s.byCategory, c.report.category);
    inc(s.byCause, c.report.cause);
    inc(s.byDirection, c.report.direction);
    inc(s.byDelregion, ref.provider(c.report.receiver)?.delregion ?? ref.provider(c.report.reporterUnit)?.delregion ?? 'okand');
    inc(pairs, `${c.report.category}|${c.report.cause}`);
  }
  s.topPairs = Object.entries(pairs)
    .map(([k, count]) => ({ category: k.split('|')[0]!, cause: k.split('|')[1]!, count }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category) || a.cause.localeCompare(b.cause))
    .slice(0, 5);
  return s;
}

export interface BoardReport {
  year: string;
  org: string;
  casesFollowedUp: number;
  actionPlans: number;
  actionPlansOnTime: number;
  measuresBeyondPlans: number;
  deepFollowUp: number;
  closed: number;
}

/** The yearly report to the boards (002_… §2.3), from the cases' events in the year. */
export function boardReport(cases: readonly Case[], year: string, org: string, ref: Reference): BoardReport {
  const inYear = (iso: string) => swedishDate(new Date(iso)).startsWith(year);
  const mine = cases.filter((c) => concerns(c, org, ref));
  const plans = mine.flatMap((c) => c.deadlines.filter((d) => d.kind === 'handlingsplan' && inYear(d.setAt)).map((d) => ({ c, d })));
  return {
    year,
    org,
    casesFollowedUp: mine.filter((c) => c.events.some((e) => (e.type === 'steg' || e.type === 'triagerad') && inYear(e.at))).length,
    actionPlans: plans.length,
    actionPlansOnTime: plans.filter(({ c, d }) =>
      c.events.some((e) => e.type === 'steg' && e.to === '2b' && e.at > d.setAt && swedishDate(new Date(e.at)) <= d.due),
    ).length,
    measuresBeyondPlans: mine.flatMap((c) => c.events.filter((e) => e.type === 'atgard' && e.to !== 'handlingsplan' && inYear(e.at)))
      .length,
    deepFollowUp: mine.filter((c) =>
      c.events.some((e) => e.type === 'steg' && ['3a', '3b', '4a', '4b', '5'].includes(e.to ?? '') && inYear(e.at)),
    ).length,
    closed: mine.filter((c) => c.events.some((e) => e.type === 'avslutad' && inYear(e.at))).length,
  };
}
