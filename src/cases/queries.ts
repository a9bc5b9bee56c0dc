// The questions officers ask of the cases, answered from indexes the store keeps current on
// every write, so none of them scans ten (or thirty) years of cases per request: by the month
// a case was reported, by the months it had events in, the open ones, by provider and number.
// A month is a Swedish calendar month; statistics periods are whole months.
import { atOrAfter } from '../core/clock.js';
import { partitionPoint } from '../core/search.js';
import type { HistoryStore, Index, Tally, Tallied } from '../store/contract.js';
import type { Case } from './model.js';
import { CASE_INDEXES } from './collections.js';
import { nextDeadline } from './rules/index.js';
import { LIGHTS_TALLY, windowStart } from './traffic.js';
import type { Reference } from '../core/refdata.js';

/** The months (YYYY-MM, Swedish time) a case was active in: reported or with an event. */
export const activeMonthsOf = (c: Case): readonly string[] => CASE_INDEXES['active-month'](c);

/** The months YYYY-MM from the first date's month to the last's, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) return out;
    out.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/** The month (YYYY-MM) before one. */
function previousMonth(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * The day after which an open case is overdue (isOverdue turns true once today is past it): its
 * next open deadline, or its answer date while it waits for a first assessment.
 */
function overdueFrom(c: Case): string[] {
  if (c.status === 'avslutad') return [];
  const dates = [nextDeadline(c)?.due, c.events.some((e) => e.type === 'triagerad') ? undefined : c.answerDue];
  const first = dates.filter((d) => d !== undefined).sort()[0];
  return first === undefined ? [] : [first];
}

/**
 * The queries that can reach back past the cases held in memory (closed and older than a
 * year, CASES.history) are async and read the older months as they need them; the open cases
 * are always held, so their queries stay sync.
 */
export class CaseQueries {
  private readonly open: Index<Case>;
  private readonly openReceivers: Index<Case>;
  private readonly overdueFrom: Index<Case>;

  private constructor(private readonly store: HistoryStore<Case>) {
    // The store keeps each index by name: asking again hands back the same one.
    this.open = store.index('open', (c) => (c.status === 'avslutad' ? [] : ['open']));
    this.openReceivers = store.index('open-receiver', (c) => (c.status === 'avslutad' ? [] : [c.report.receiver]));
    this.overdueFrom = store.index('open-overdue-from', overdueFrom);
  }

  static of(store: HistoryStore<Case>): CaseQueries {
    return new CaseQueries(store);
  }

  /** Cases reported between two dates (YYYY-MM-DD), whole months. */
  async reportedIn(from: string, to: string): Promise<Case[]> {
    // concat, not flatMap: the months' arrays are copied in one go.
    return ([] as Case[]).concat(...(await this.reportedMonths(from, to)));
  }

  /** The same cases month by month: each month one array, the same while its cases are unchanged. */
  reportedMonths(from: string, to: string): Promise<(readonly Case[])[]> {
    return this.months('reported-month', from, to);
  }

  /** Each month's cases under a month index, between two dates. */
  private months(index: 'reported-month' | 'closed-month', from: string, to: string): Promise<(readonly Case[])[]> {
    return Promise.all(monthsBetween(from, to).map((m) => this.store.find(index, m)));
  }

  /** What a tally kept by month counts, month by month between two dates. */
  tallied(tally: Tally<Case>, from: string, to: string): Promise<Tallied[]> {
    return Promise.all(monthsBetween(from, to).map((m) => this.store.tally(tally, m)));
  }

  /** The cases reported in one month (YYYY-MM, Swedish time). */
  reportedInMonth(month: string): Promise<readonly Case[]> {
    return this.store.find('reported-month', month);
  }

  /**
   * Cases reported at or after an instant (ms), from the months between two dates, month by month
   * in reportedIn's order: a month wholly after the instant is its own array, not a copy.
   */
  async reportedSince(fromMs: number, from: string, to: string): Promise<(readonly Case[])[]> {
    const since = atOrAfter(fromMs);
    // Each month newest first (CASES.order): its cases since the instant are the ones before the
    // first older one, found by halving (a busy month holds thousands), not case by case.
    return (await this.reportedMonths(from, to)).map((month) => {
      const cut = partitionPoint(month.length, (i) => since(month[i]!.createdAt));
      // Spread first: V8 (Node 20) slices a frozen array element by element, 40 times slower.
      return cut === month.length ? month : [...month].slice(0, cut);
    });
  }

  /** Cases closed at or after an instant (ms), from the months between two dates: those closed in them, each once. */
  async closedSince(fromMs: number, from: string, to: string): Promise<Case[]> {
    const since = atOrAfter(fromMs);
    const found = new Map<string, Case>();
    for (const month of await this.months('closed-month', from, to))
      for (const c of month) if (c.events.some((e) => e.type === 'avslutad' && since(e.at))) found.set(c.id, c);
    return [...found.values()];
  }

  /** The cases with an action plan due in a month (YYYY-MM). */
  withPlanDueIn(month: string): Promise<readonly Case[]> {
    return this.store.find('handlingsplan-due-month', month);
  }

  openCases(): readonly Case[] {
    return this.open.get('open');
  }

  /** The open cases past a follow-up or answer date today: those overdue from a day before it. */
  overdue(today: string): Case[] {
    return ([] as Case[]).concat(...this.overdueByDay(today));
  }

  /** The same cases by the day they fell due: the index's own arrays, none copied. */
  overdueByDay(today: string): (readonly Case[])[] {
    return this.overdueFrom.keys().flatMap((day) => (day < today ? [this.overdueFrom.get(day)] : []));
  }

  /** Cases by the form ids that made them (a report and those added to it): a double submit finds its case. */
  byForm(): Index<Case> {
    return this.store.index('formId', CASE_INDEXES.formId);
  }

  async byNumber(number: string): Promise<Case | undefined> {
    return (await this.store.find('number', number))[0];
  }

  /** How many cases concern a provider, as receiver or reporting unit, ever (a count, nothing read). */
  concerning(provider: string): number {
    return this.store.count('provider', provider);
  }

  /** The open cases a provider received. */
  openReceivedBy(provider: string): readonly Case[] {
    return this.openReceivers.get(provider);
  }

  /** How many cases a provider received, ever (a count, nothing read). */
  receivedBy(provider: string): number {
    return this.store.count('receiver', provider);
  }

  /**
   * The lights' counters for a day (traffic.ts lightFrom): the open cases', then those of the
   * months of the window (from a month before it opens: a closed case counts by the instant).
   */
  async lights(today: string, ladder: Pick<Reference['ladder'], 'lights'>): Promise<Tallied[]> {
    const from = new Date(windowStart(today, ladder));
    from.setUTCMonth(from.getUTCMonth() - 1);
    return Promise.all(['open', ...monthsBetween(from.toISOString(), today)].map((key) => this.store.tally(LIGHTS_TALLY, key)));
  }

  /**
   * A page of the cases that pass `keep`, newest first, walking back month by month from `to`
   * until the page is full: a list's first pages cost the same in year 1 and year 30. `more`
   * says whether a next page exists.
   */
  async newestPage(
    keep: (c: Case) => boolean,
    page: number,
    size: number,
    from: string,
    to: string,
    /** How many cases can pass `keep` at most (a count): the walk stops once it has them all. */
    atMost = Infinity,
  ): Promise<{ cases: Case[]; more: boolean }> {
    const want = Math.min(page * size + 1, atMost);
    const found: Case[] = [];
    // Month by month from the newest, without listing thirty years of months first: a first page
    // reads one or two of them.
    for (let m = to.slice(0, 7), first = from.slice(0, 7); m >= first && found.length < want; m = previousMonth(m)) {
      // The store hands a month out newest first (CASES.order).
      for (const c of await this.store.find('reported-month', m)) {
        if (found.length >= want) break;
        if (keep(c)) found.push(c);
      }
    }
    return { cases: found.slice((page - 1) * size, page * size), more: found.length > page * size };
  }

  /** The month of the oldest case (where a walk back stops). */
  firstMonth(): string {
    let first: string | undefined;
    for (const m of this.store.keys('reported-month')) if (first === undefined || m < first) first = m;
    // No case at all: a month after any, so a walk back from today reads nothing.
    return first ?? '9999-12';
  }
}
