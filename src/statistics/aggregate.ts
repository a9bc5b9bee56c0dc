// Statistics as pure functions of the cases: the shapes VVG, the boards and the ledningsgrupper
// read (001_…, 002_… §2.3, 000_…). Counts only; nothing identifies a reporter. They use the
// report's classification, which retention keeps, so anonymised cases count the same.
import { followedUpInTime, NOT_KNOWN, type Case } from '../cases/model.js';
import { atOrAfter, swedishDate, swedishDayStart } from '../core/clock.js';
import type { Provider, Reference } from '../core/refdata.js';
import { COUNTY } from '../core/organisations.js';
import { contractAllows } from '../cases/rules/common.js';
import { Counters, type Tally, type Tallied } from '../store/contract.js';
import { activeMonthsOf, type CaseQueries } from '../cases/queries.js';
import { concernedOrgs } from '../indicators/computed.js';

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

/**
 * What a case counts, each field a group of its own per organisation ("vgr\tbyCause", counter
 * "okand"): a read sums a field's counters under the keys the tally already holds, splitting none.
 * `total` holds the deviations and complaints, `pairs` the category and cause together.
 */
const FIELDS = [
  'total',
  'byCategory',
  'byCause',
  'byDirection',
  'byDelregion',
  'byAgreement',
  'byReporterRole',
  'bySideCategory',
  'pairs',
] as const;
type Field = (typeof FIELDS)[number];
/** The fields that are Statistics' own counts. */
const COUNTS = FIELDS.filter((f): f is Exclude<Field, 'total' | 'pairs'> => f !== 'total' && f !== 'pairs');

/** What one case counts, for each organisation it concerns (concernedOrgs). */
function* statisticsCounts(c: Case, ref: Reference): Iterable<readonly [string, string]> {
  const r = c.report;
  const sides = [ref.provider(r.receiver), ref.provider(r.reporterUnit)];
  let counters: [Field, string][] = [['total', 'complaints']];
  if (r.kind === 'avvikelse') {
    const value: Record<Field, string> = {
      total: 'deviations',
      byCategory: r.category,
      byCause: r.cause ?? NOT_KNOWN,
      byDirection: r.direction,
      byDelregion: sides[0]?.delregion ?? sides[1]?.delregion ?? 'okand',
      byAgreement: r.agreement ?? NO_AGREEMENT,
      byReporterRole: r.reporterRole ?? NOT_GIVEN,
      bySideCategory: `${sides[1]?.kind ?? 'okand'}|${r.category}`,
      pairs: `${r.category}|${r.cause ?? NOT_KNOWN}`,
    };
    counters = FIELDS.map((f) => [f, value[f]]);
  }
  for (const org of concernedOrgs(c, ref)) for (const [field, counter] of counters) yield [`${org}\t${field}`, counter];
}

/**
 * The statistics read model (a Tally the case store keeps on every write): per month reported
 * and organisation, the counters of statisticsCounts. Counted again when the register changes.
 */
export const statisticsTally = (ref: Reference): Tally<Case> => ({
  name: 'statistics',
  generation: ref.register.generation,
  index: 'reported-month',
  countsOf: (c) => statisticsCounts(c, ref),
});

/** An organisation's statistics for a period from its months' counters (deviations and complaints apart). */
export function statisticsOf(months: readonly Tallied[], period: Period, org: string): Statistics {
  const s: Statistics = {
    period,
    org,
    deviations: 0,
    complaints: 0,
    byCategory: {},
    byCause: {},
    byDirection: {},
    byDelregion: {},
    byAgreement: {},
    byReporterRole: {},
    bySideCategory: {},
    topPairs: [],
  };
  // Summed in a map, then written into the object once (a map takes a new key faster).
  const sumOf = (field: Field) => {
    const sum = new Map<string, number>();
    for (const month of months) month.get(`${org}\t${field}`)?.forEach((n, key) => sum.set(key, (sum.get(key) ?? 0) + n));
    return sum;
  };
  for (const field of COUNTS) sumOf(field).forEach((n, key) => (s[field][key] = n));
  const total = sumOf('total');
  [s.deviations, s.complaints] = [total.get('deviations') ?? 0, total.get('complaints') ?? 0];
  s.topPairs = topPairs(sumOf('pairs'));
  return s;
}

/** How many pairs the statistics name. */
const TOP_PAIRS = 5;

/**
 * The commonest category × cause pairs, most first, ties by their codes (lower-case ids, so a
 * plain comparison is their order): the few kept as the pairs go by, not all of them sorted.
 */
function topPairs(pairs: ReadonlyMap<string, number>): Statistics['topPairs'] {
  const code = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const before = (a: Statistics['topPairs'][number], b: Statistics['topPairs'][number]) =>
    b.count - a.count || code(a.category, b.category) || code(a.cause, b.cause);
  const top: Statistics['topPairs'] = [];
  pairs.forEach((count, key) => {
    if (top.length === TOP_PAIRS && count < top[TOP_PAIRS - 1]!.count) return;
    const [category, cause] = key.split('|') as [string, string];
    const pair = { category, cause, count };
    let at = top.length;
    while (at > 0 && before(pair, top[at - 1]!) < 0) at--;
    if (at < TOP_PAIRS) top.splice(at, 0, pair);
    if (top.length > TOP_PAIRS) top.pop();
  });
  return top;
}

/** Counts for one period and organisation from any cases (a scan): what the kept counters must equal. */
export function statistics(cases: readonly Case[], period: Period, org: string, ref: Reference): Statistics {
  const tally = statisticsTally(ref);
  return statisticsOf(
    [
      Counters.of(
        tally,
        cases.filter((c) => reportedIn(c, period)),
      ).groups,
    ],
    period,
    org,
  );
}

/** The statistics of a period from the counters the case store keeps per month. */
export async function periodStatistics(q: CaseQueries, period: Period, org: string, ref: Reference): Promise<Statistics> {
  return statisticsOf(await q.tallied(statisticsTally(ref), period.from, period.to), period, org);
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

/** Whether a stored time falls in a year (YYYY) as Swedish time sees it. */
function swedishYear(year: string): (iso: string) => boolean {
  const [fromStart, fromNext] = [atOrAfter(swedishDayStart(`${year}-01-01`)), atOrAfter(swedishDayStart(`${Number(year) + 1}-01-01`))];
  return (iso) => fromStart(iso) && !fromNext(iso);
}

/** The organisations whose contract follow-up covers a provider: the county, itself, what it is part of, its delregion. */
function followingOrgs(p: Provider): Set<string> {
  return new Set([COUNTY, p.id, ...(p.partOf ? [p.partOf] : []), ...(p.delregion ? [p.delregion] : [])]);
}

/**
 * What one case adds to a year's board report: the follow-up counters for each organisation it
 * concerns, and the contract follow-up's per area (receivers with a contract the follow-up
 * follows, 002_… kapitel 2) for the receiver's organisations. A plan not followed up in time is
 * counted with its date, so the report can tell late ones from those not due yet on its day.
 */
function* boardCounts(c: Case, year: string, ref: Reference): Iterable<readonly [string, string]> {
  const inYear = swedishYear(year);
  const events = c.events.filter((e) => inYear(e.at));
  const plans = c.deadlines.filter((d) => d.kind === 'handlingsplan' && inYear(d.setAt));
  const followedUp = events.some((e) => e.type === 'steg' || e.type === 'triagerad');
  const deep = events.some((e) => e.type === 'overlamnad' || (e.type === 'steg' && DEEP_STEPS.includes(e.to ?? '')));
  const beyond = events.filter((e) => e.type === 'atgard' && e.to !== 'handlingsplan').length;
  const counters: string[] = [];
  if (followedUp) counters.push('followedUp');
  if (deep) counters.push('deep');
  if (events.some((e) => e.type === 'avslutad')) counters.push('closed');
  for (let i = 0; i < beyond; i++) counters.push('beyond');
  for (const d of plans) counters.push('plans', followedUpInTime(c, d, ref.ladder) ? 'onTime' : `late\t${d.due}`);
  for (const org of concernedOrgs(c, ref)) for (const counter of counters) yield [org, counter];

  const p = ref.provider(c.report.receiver);
  if (!p || !contractAllows(ref.ladder, p)) return;
  const area = `area\t${p.contractArea ?? `form:${p.contract}`}\t`;
  const inArea: string[] = [];
  if (followedUp) inArea.push(`${area}followed\t${p.id}`);
  if (deep) inArea.push(`${area}deep`);
  for (let i = 0; i < beyond; i++) inArea.push(`${area}beyond`);
  for (let i = 0; i < plans.length; i++) inArea.push(`${area}plans`);
  for (const e of events) {
    const outcome = e.type === 'steg' ? e.details?.['outcome'] : undefined;
    if (outcome === 'genomford' || outcome === 'delvis' || outcome === 'ej-genomford') inArea.push(`${area}outcome\t${outcome}`);
  }
  // A provider's own, its units', or a delregion's providers (as concerns() places a case).
  for (const org of followingOrgs(p)) for (const counter of inArea) yield [org, counter];
}

/** The first month (YYYY-MM) of a year a case was active in: where its year's counts are kept, once. */
const firstActiveIn = (c: Case, year: string): string | undefined =>
  activeMonthsOf(c)
    .filter((m) => m.startsWith(year))
    .sort()[0];

/**
 * The board report's read model (a Tally the case store keeps on every write): each case counted
 * under the first month it was active in each year, so the twelve months of a year sum to it.
 */
const boardTally = (ref: Reference): Tally<Case> => ({
  name: 'board',
  generation: ref.register.generation,
  index: 'active-month',
  countsOf: (c, month) => (firstActiveIn(c, month.slice(0, 4)) === month ? boardCounts(c, month.slice(0, 4), ref) : []),
});

/**
 * The yearly report to the boards (002_… §2.3) from a year's counters, as it stands on `asOf`
 * (the day it is made: a plan due after it is not late yet); the contracts at the year's start
 * and end (or the report's day, for the year still running) from the register.
 */
function boardReportOf(months: readonly Tallied[], year: string, org: string, ref: Reference, asOf: string): BoardReport {
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
    areas: [],
  };
  const areas = new Map<string, AreaReport>();
  const row = (area: string) => {
    let a = areas.get(area);
    if (!a) areas.set(area, (a = emptyArea(area)));
    return a;
  };
  const mine = (p: Provider) => followingOrgs(p).has(org);
  const [start, end] = [`${year}-01-01`, `${year}-12-31` < asOf ? `${year}-12-31` : asOf];
  for (const p of ref.register.all.filter((p) => contractAllows(ref.ladder, p) && mine(p))) {
    const a = row(p.contractArea ?? `form:${p.contract}`);
    if (contractRunning(p, start)) a.contractsAtStart++;
    if (contractRunning(p, end)) a.contractsAtEnd++;
  }
  // Each month's counters read where they are (forEach: no entry arrays, no merged copy).
  const followed = new Set<string>();
  for (const month of months) month.get(org)?.forEach((k, counter) => addBoardCounter(r, row, followed, asOf, counter, k));
  for (const a of areas.values()) a.measuresStarted = a.actionPlans + a.measuresBeyondPlans;
  r.areas = [...areas.values()].sort((a, b) => a.area.localeCompare(b.area, 'sv'));
  return r;
}

/**
 * One month's counter added to the report: the plain ones by name, a late plan when its date has
 * passed on the report's day, an area's split from its key; a contract followed up in several
 * months counts once (`followed`).
 */
function addBoardCounter(
  r: BoardReport,
  row: (area: string) => AreaReport,
  followed: Set<string>,
  asOf: string,
  counter: string,
  k: number,
): void {
  const field = BOARD_FIELDS.get(counter);
  if (field) r[field] += k;
  else if (counter.startsWith('late\t')) {
    if (counter.slice(5) >= asOf) r.actionPlansNotYetDue += k;
  } else if (counter.startsWith('area\t')) {
    const [, area, what, detail] = counter.split('\t');
    const a = row(area!);
    if (what === 'followed') {
      if (!followed.has(counter)) a.contractsFollowedUp++;
      followed.add(counter);
    } else if (what === 'deep') a.deepFollowUp += k;
    else if (what === 'plans') a.actionPlans += k;
    else if (what === 'beyond') a.measuresBeyondPlans += k;
    else if (what === 'outcome') a.planResults[detail as keyof AreaReport['planResults']] += k;
  }
}

/** The board report's plain counters (boardCounts) and the fields they add to. */
const BOARD_FIELDS = new Map<
  string,
  'casesFollowedUp' | 'actionPlans' | 'actionPlansOnTime' | 'measuresBeyondPlans' | 'deepFollowUp' | 'closed'
>([
  ['followedUp', 'casesFollowedUp'],
  ['plans', 'actionPlans'],
  ['onTime', 'actionPlansOnTime'],
  ['beyond', 'measuresBeyondPlans'],
  ['deep', 'deepFollowUp'],
  ['closed', 'closed'],
]);

const emptyArea = (area: string): AreaReport => ({
  area,
  contractsAtStart: 0,
  contractsAtEnd: 0,
  contractsFollowedUp: 0,
  measuresStarted: 0,
  actionPlans: 0,
  planResults: { genomford: 0, delvis: 0, 'ej-genomford': 0 },
  measuresBeyondPlans: 0,
  deepFollowUp: 0,
});

/** The board report from any cases (a scan): what the kept counters must equal. */
export function boardReport(cases: readonly Case[], year: string, org: string, ref: Reference, asOf: string): BoardReport {
  return boardReportOf([Counters.of({ countsOf: (c: Case) => boardCounts(c, year, ref) }, cases).groups], year, org, ref, asOf);
}

/** The board report of a year from the counters the case store keeps per month. */
export async function yearBoardReport(q: CaseQueries, year: string, org: string, ref: Reference, asOf: string): Promise<BoardReport> {
  return boardReportOf(await q.tallied(boardTally(ref), `${year}-01-01`, `${year}-12-31`), year, org, ref, asOf);
}
