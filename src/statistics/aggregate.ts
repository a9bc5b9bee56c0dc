// Statistics as pure functions of the cases: the shapes VVG, the boards and the ledningsgrupper
// read (001_…, 002_… §2.3, 000_…). Counts only; nothing identifies a reporter. They use the
// report's classification, which retention keeps, so anonymised cases count the same.
import { followedUpInTime, NOT_KNOWN, type Case } from '../cases/model.js';
import { BoundedMap } from '../core/bounded.js';
import { Kept } from '../core/kept.js';
import { swedishDate } from '../core/clock.js';
import { deepFreeze } from '../core/freeze.js';
import type { Provider, Reference } from '../core/refdata.js';
import { COUNTY } from '../core/organisations.js';
import { contractAllows } from '../cases/rules/common.js';
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
  // A half year (004_…: indicators followed "varje halvår"): 2026-H1, H2 2026.
  const h = t.replace(/^H([12])[ -](\d{4})$/i, '$2-H$1').match(/^(\d{4})-?H([12])$/i);
  if (h) {
    const first = h[2] === '1';
    return { id: `${h[1]}-H${h[2]}`, from: `${h[1]}-${first ? '01-01' : '07-01'}`, to: `${h[1]}-${first ? '06-30' : '12-31'}` };
  }
  const y = t.match(/^(\d{4})$/);
  if (y) return { id: y[1]!, from: `${y[1]}-01-01`, to: `${y[1]}-12-31` };
  return undefined;
}

/** The last full quarter before `today`. */
/** The quarter a date falls in, as a period id ("2026-Q4"). */
export const quarterOf = (date: string): string => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

export function lastFullQuarter(today: string): Period {
  const year = Number(today.slice(0, 4));
  const quarter = Number(quarterOf(today).slice(6));
  return quarter === 1 ? parsePeriod(`${year - 1}-Q4`)! : parsePeriod(`${year}-Q${quarter - 1}`)!;
}

/** The period of the same length just before: the year, half year or quarter before. */
export function previousPeriod(p: Period): Period {
  const [y, kind, n] = [Number(p.id.slice(0, 4)), p.id.charAt(5), Number(p.id.slice(6))];
  if (kind === 'Q') return parsePeriod(n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`)!;
  if (kind === 'H') return parsePeriod(n === 1 ? `${y - 1}-H2` : `${y}-H1`)!;
  return parsePeriod(String(y - 1))!;
}

const reportedIn = (c: Case, p: Period) => {
  const d = swedishDate(new Date(c.createdAt));
  return d >= p.from && d <= p.to;
};

export type Counts = Record<string, number>;

/** The key of deviations whose reporter named no agreement. */
const NO_AGREEMENT = 'ingen';
/** The key of deviations whose reporter did not say their function. */
const NOT_GIVEN = 'none';

export interface Statistics {
  period: Period;
  org: string;
  deviations: number;
  complaints: number;
  byCategory: Counts;
  byCause: Counts;
  byDirection: Counts;
  byDelregion: Counts;
  /** By the agreement the reporter named (000_…: statistics per agreement); NO_AGREEMENT when none. */
  byAgreement: Counts;
  /** By the reporter's function, if they gave it (000_…: who reports); NOT_GIVEN when not. */
  byReporterRole: Counts;
  /** By the reporting side's kind and category, "kommun|lakemedel" (001_…: what each side reports most). */
  bySideCategory: Counts;
  topPairs: { category: string; cause: string; count: number }[];
}

function inc(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** What one set of cases adds to the statistics of an organisation: the counts, and every pair. */
interface Tally extends Omit<Statistics, 'period' | 'org' | 'topPairs'> {
  pairs: Counts;
}

function tally(cases: readonly Case[], org: string, ref: Reference): Tally {
  const t: Tally = {
    deviations: 0,
    complaints: 0,
    byCategory: {},
    byCause: {},
    byDirection: {},
    byDelregion: {},
    byAgreement: {},
    byReporterRole: {},
    bySideCategory: {},
    pairs: {},
  };
  for (const c of cases) {
    if (!concerns(c, org, ref)) continue;
    if (c.report.kind !== 'avvikelse') {
      t.complaints++;
      continue;
    }
    t.deviations++;
    inc(t.byCategory, c.report.category);
    inc(t.byCause, c.report.cause ?? NOT_KNOWN);
    inc(t.byDirection, c.report.direction);
    inc(t.byDelregion, ref.provider(c.report.receiver)?.delregion ?? ref.provider(c.report.reporterUnit)?.delregion ?? 'okand');
    inc(t.byAgreement, c.report.agreement ?? NO_AGREEMENT);
    inc(t.byReporterRole, c.report.reporterRole ?? NOT_GIVEN);
    inc(t.bySideCategory, `${ref.provider(c.report.reporterUnit)?.kind ?? 'okand'}|${c.report.category}`);
    inc(t.pairs, `${c.report.category}|${c.report.cause ?? NOT_KNOWN}`);
  }
  return t;
}

function statisticsOf(tallies: readonly Tally[], period: Period, org: string): Statistics {
  const sum = (pick: (t: Tally) => Counts): Counts => {
    const out: Counts = {};
    for (const t of tallies) for (const [k, n] of Object.entries(pick(t))) out[k] = (out[k] ?? 0) + n;
    return out;
  };
  const pairs = sum((t) => t.pairs);
  return {
    period,
    org,
    deviations: tallies.reduce((n, t) => n + t.deviations, 0),
    complaints: tallies.reduce((n, t) => n + t.complaints, 0),
    byCategory: sum((t) => t.byCategory),
    byCause: sum((t) => t.byCause),
    byDirection: sum((t) => t.byDirection),
    byDelregion: sum((t) => t.byDelregion),
    byAgreement: sum((t) => t.byAgreement),
    byReporterRole: sum((t) => t.byReporterRole),
    bySideCategory: sum((t) => t.bySideCategory),
    topPairs: Object.entries(pairs)
      .map(([k, count]) => ({ category: k.split('|')[0]!, cause: k.split('|')[1]!, count }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category) || a.cause.localeCompare(b.cause))
      .slice(0, 5),
  };
}

/** Counts for one period and organisation from any cases (a scan); deviations and complaints apart. */
export function statistics(cases: readonly Case[], period: Period, org: string, ref: Reference): Statistics {
  return statisticsOf(
    [
      tally(
        cases.filter((c) => reportedIn(c, period)),
        org,
        ref,
      ),
    ],
    period,
    org,
  );
}

/**
 * The same counts from the cases of each month of the period (CaseQueries.reportedMonths). A
 * month's tally is kept for as long as the index hands out the same snapshot of that month,
 * that is until one of its cases changes: a card sums a few small tallies, whatever the years.
 */
const tallies = new WeakMap<readonly Case[], Map<string, Tally>>();
/** The sum of a period's tallies for an organisation, kept while every tally is the same. */
const sums = new BoundedMap<string, Kept<Statistics>>(1000);
export function monthlyStatistics(months: readonly (readonly Case[])[], period: Period, org: string, ref: Reference): Statistics {
  const of = (cases: readonly Case[]) => {
    let byOrg = tallies.get(cases);
    if (!byOrg) tallies.set(cases, (byOrg = new Map()));
    let t = byOrg.get(org);
    if (!t) byOrg.set(org, (t = tally(cases, org, ref)));
    return t;
  };
  const parts = months.map(of);
  const key = `${period.id}\u0000${period.from}\u0000${period.to}\u0000${org}`;
  let kept = sums.get(key);
  if (!kept) sums.set(key, (kept = new Kept()));
  return kept.get(parts, () => deepFreeze(statisticsOf(parts, { ...period }, org)));
}

/** The steps of the fördjupad uppföljning track (002_…). */
const DEEP_STEPS = ['3a', '3b', '4a', '4b', '5'];

export interface BoardReport {
  year: string;
  org: string;
  casesFollowedUp: number;
  actionPlans: number;
  actionPlansOnTime: number;
  /** Plans not followed up whose date has not come yet on the report's day: not a failure. */
  actionPlansNotYetDue: number;
  measuresBeyondPlans: number;
  deepFollowUp: number;
  closed: number;
  /** Per contract area of the contract follow-up (empty where the organisation holds no contract). */
  areas: AreaReport[];
}

/**
 * The yearly report to the boards (002_… §2.3), from the cases' events in the year, as it stands
 * on `asOf` (the day it is made: a plan due after it is not late yet). A case counts as handed to
 * deep follow-up when the handover was recorded in the year, or a deep step taken.
 */
export function boardReport(cases: readonly Case[], year: string, org: string, ref: Reference, asOf: string): BoardReport {
  // One pass over the year's cases, instants compared as numbers: a Swedish year runs from
  // 23:00 UTC on 31 December (Sweden keeps winter time then) to the same instant a year later.
  const from = Date.UTC(Number(year) - 1, 11, 31, 23);
  const to = Date.UTC(Number(year), 11, 31, 23);
  const inYear = (iso: string) => {
    const t = Date.parse(iso);
    return t >= from && t < to;
  };
  const r: BoardReport = {
    year,
    org,
    casesFollowedUp: 0,
    actionPlans: 0,
    actionPlansOnTime: 0,
    actionPlansNotYetDue: 0,
    measuresBeyondPlans: 0,
    deepFollowUp: 0,
    closed: 0,
    areas: boardByArea(cases, year, org, ref, asOf),
  };
  for (const c of cases) {
    if (!concerns(c, org, ref)) continue;
    const events = c.events.filter((e) => inYear(e.at));
    if (events.some((e) => e.type === 'steg' || e.type === 'triagerad')) r.casesFollowedUp++;
    if (events.some((e) => e.type === 'overlamnad' || (e.type === 'steg' && DEEP_STEPS.includes(e.to ?? '')))) r.deepFollowUp++;
    if (events.some((e) => e.type === 'avslutad')) r.closed++;
    r.measuresBeyondPlans += events.filter((e) => e.type === 'atgard' && e.to !== 'handlingsplan').length;
    for (const d of c.deadlines) {
      if (d.kind !== 'handlingsplan' || !inYear(d.setAt)) continue;
      r.actionPlans++;
      if (followedUpInTime(c, d, ref.ladder)) r.actionPlansOnTime++;
      else if (d.due >= asOf) r.actionPlansNotYetDue++;
    }
  }
  return r;
}

/** A contract area's part of the board report (002_… §2.3, "Översikt avseende [avtalsområde]"). */
export interface AreaReport {
  /** The register's contract area, else the contract form ("form:lou"). */
  area: string;
  contractsAtStart: number;
  contractsAtEnd: number;
  /** Contracts (providers and units) with a case followed up in the year. */
  contractsFollowedUp: number;
  /** Action plans and measures beyond them begun in the year. */
  measuresStarted: number;
  actionPlans: number;
  /** The plans' follow-ups in the year (2b, s2): carried out, partly, not. */
  planResults: { genomford: number; delvis: number; 'ej-genomford': number };
  measuresBeyondPlans: number;
  deepFollowUp: number;
}

/** Whether a contract ran on a day: begun by then, not ended before it, the provider still in the register. */
const contractRunning = (p: Provider, day: string) =>
  (!p.contractFrom || p.contractFrom <= day) && (!p.contractTo || p.contractTo >= day) && (!p.retired || p.retired > day);

/**
 * The board report per contract area, for the providers the contract follow-up follows (002_…
 * kapitel 2: not IOP, not municipalities or the region's own units): contracts at the year's
 * start and end (or the report's day, for the year still running) from the register, and the
 * year's follow-up of the cases whose receiver holds such a contract.
 */
function boardByArea(cases: readonly Case[], year: string, org: string, ref: Reference, asOf: string): AreaReport[] {
  // A provider's own, its units', or a delregion's providers (as concerns() places a case).
  const mine = (p: Provider) => org === COUNTY || p.id === org || p.partOf === org || p.delregion === org;
  const followed = ref.register.all.filter((p) => contractAllows(ref.ladder, p) && mine(p));
  const areaOf = (p: Provider) => p.contractArea ?? `form:${p.contract}`;
  const start = `${year}-01-01`;
  const end = `${year}-12-31` < asOf ? `${year}-12-31` : asOf;
  const areas = new Map<string, AreaReport & { receivers: Set<string> }>();
  const row = (area: string) => {
    let r = areas.get(area);
    if (!r) {
      const zero = { genomford: 0, delvis: 0, 'ej-genomford': 0 };
      r = {
        area,
        contractsAtStart: 0,
        contractsAtEnd: 0,
        contractsFollowedUp: 0,
        measuresStarted: 0,
        actionPlans: 0,
        planResults: zero,
        measuresBeyondPlans: 0,
        deepFollowUp: 0,
        receivers: new Set(),
      };
      areas.set(area, r);
    }
    return r;
  };
  for (const p of followed) {
    const r = row(areaOf(p));
    if (contractRunning(p, start)) r.contractsAtStart++;
    if (contractRunning(p, end)) r.contractsAtEnd++;
  }
  const byId = new Map(followed.map((p) => [p.id, p]));
  const inYear = (iso: string) => swedishDate(new Date(iso)).startsWith(year);
  for (const c of cases) {
    const p = byId.get(c.report.receiver);
    if (!p) continue;
    const r = row(areaOf(p));
    const events = c.events.filter((e) => inYear(e.at));
    if (events.some((e) => e.type === 'steg' || e.type === 'triagerad')) r.receivers.add(p.id);
    const plans = c.deadlines.filter((d) => d.kind === 'handlingsplan' && inYear(d.setAt)).length;
    const beyond = events.filter((e) => e.type === 'atgard' && e.to !== 'handlingsplan').length;
    r.actionPlans += plans;
    r.measuresBeyondPlans += beyond;
    r.measuresStarted += plans + beyond;
    if (events.some((e) => e.type === 'overlamnad' || (e.type === 'steg' && DEEP_STEPS.includes(e.to ?? '')))) r.deepFollowUp++;
    for (const e of events) {
      const outcome = e.type === 'steg' ? (e.details?.['outcome'] as keyof AreaReport['planResults'] | undefined) : undefined;
      if (outcome && outcome in r.planResults) r.planResults[outcome]++;
    }
  }
  return [...areas.values()]
    .map(({ receivers, ...r }) => ({ ...r, contractsFollowedUp: receivers.size }))
    .sort((a, b) => a.area.localeCompare(b.area, 'sv'));
}

/**
 * The board report from the year's months of active cases (CaseQueries.activeMonths), kept for
 * as long as every month's snapshot is the same: asked again, it costs a comparison of twelve
 * references; after any change to a case active that year, it is computed again.
 */
const boards = new Map<string, { months: readonly (readonly Case[])[]; report: BoardReport }>();
export function yearlyBoardReport(
  months: readonly (readonly Case[])[],
  year: string,
  org: string,
  ref: Reference,
  asOf: string,
): BoardReport {
  const key = `${year}|${org}|${asOf}`;
  const kept = boards.get(key);
  if (kept && kept.months.length === months.length && kept.months.every((m, i) => m === months[i])) return kept.report;
  const cases = new Map<string, Case>();
  for (const m of months) for (const c of m) cases.set(c.id, c);
  const report = boardReport([...cases.values()], year, org, ref, asOf);
  if (boards.size > 1_000) boards.clear();
  boards.set(key, { months, report });
  return report;
}
