// The questions officers ask of the cases, answered from indexes the store keeps current on
// every write, so none of them scans ten (or thirty) years of cases per request: by the month
// a case was reported, by the months it had events in, the open ones, by provider and number.
// A month is a Swedish calendar month; statistics periods are whole months.
import { swedishDate } from '../core/clock.js';
import { Kept } from '../core/kept.js';
import type { Actor } from '../core/roles.js';
import type { Index, RecordStore } from '../store/contract.js';
import type { Case } from './model.js';
import { isOverdue } from './rules/index.js';

const month = (iso: string) => swedishDate(new Date(iso)).slice(0, 7);

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

export const newestFirst = (a: Case, b: Case) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);

export class CaseQueries {
  private static readonly cache = new WeakMap<RecordStore<Case>, CaseQueries>();
  private readonly reported: Index<Case>;
  private readonly active: Index<Case>;
  private readonly open: Index<Case>;
  private readonly providers: Index<Case>;
  private readonly numbers: Index<Case>;
  private readonly receivers: Index<Case>;
  private readonly openReceivers: Index<Case>;
  private readonly overdueKept = new Kept<readonly Case[]>();
  private readonly lightsKept = new Kept<readonly Case[]>();

  private constructor(store: RecordStore<Case>) {
    this.reported = store.index('reported-month', (c) => [month(c.createdAt)]);
    this.active = store.index('active-month', (c) => [...new Set([c.createdAt, ...c.events.map((e) => e.at)].map(month))]);
    this.open = store.index('open', (c) => (c.status === 'avslutad' ? [] : ['open']));
    this.providers = store.index('provider', (c) => [...new Set([c.report.receiver, c.report.reporterUnit])]);
    this.receivers = store.index('receiver', (c) => [c.report.receiver]);
    this.openReceivers = store.index('open-receiver', (c) => (c.status === 'avslutad' ? [] : [c.report.receiver]));
    this.numbers = store.index('number', (c) => [c.number]);
  }

  /** One set of indexes per store, whoever asks. */
  static of(store: RecordStore<Case>): CaseQueries {
    let q = CaseQueries.cache.get(store);
    if (!q) CaseQueries.cache.set(store, (q = new CaseQueries(store)));
    return q;
  }

  /** Cases reported between two dates (YYYY-MM-DD), whole months. */
  reportedIn(from: string, to: string): Case[] {
    // concat, not flatMap: the months' snapshots are copied in one go (flatMap was a third of `statistik`'s own time).
    return ([] as Case[]).concat(...this.reportedMonths(from, to));
  }

  /** The same cases month by month: each month the index's snapshot (statistics keep tallies by it). */
  reportedMonths(from: string, to: string): (readonly Case[])[] {
    return monthsBetween(from, to).map((m) => this.reported.get(m));
  }

  /** The cases reported in one month (YYYY-MM, Swedish time): the index's snapshot. */
  reportedInMonth(month: string): readonly Case[] {
    return this.reported.get(month);
  }

  /** The months' snapshots of the cases active in them (a case appears in each month it was). */
  activeMonths(from: string, to: string): (readonly Case[])[] {
    return monthsBetween(from, to).map((m) => this.active.get(m));
  }

  /** Cases with any event (or their report) in the months between two dates. */
  activeIn(from: string, to: string): Case[] {
    const seen = new Map<string, Case>();
    for (const m of monthsBetween(from, to)) for (const c of this.active.get(m)) seen.set(c.id, c);
    return [...seen.values()];
  }

  openCases(): readonly Case[] {
    return this.open.get('open');
  }

  /** The open cases past a follow-up or answer date today, kept while the open cases are unchanged. */
  overdue(today: string): readonly Case[] {
    const open = this.openCases();
    return this.overdueKept.get([today, open], () => Object.freeze(open.filter((c) => isOverdue(c, today))));
  }

  byNumber(number: string): Case | undefined {
    return this.numbers.get(number)[0];
  }

  /** Cases of one provider (as receiver or reporting unit). */
  ofProvider(provider: string): readonly Case[] {
    return this.providers.get(provider);
  }

  /** The open cases a provider received. */
  openReceivedBy(provider: string): readonly Case[] {
    return this.openReceivers.get(provider);
  }

  /** How many cases a provider received, ever (a count, no copy). */
  receivedBy(provider: string): number {
    return this.receivers.size(provider);
  }

  /**
   * The cases a traffic light can depend on (traffic.ts): every open case and every case with an
   * event in the light's window (recently reported or closed).
   */
  forLights(today: string, windowMonths: number): readonly Case[] {
    const from = new Date(`${today}T12:00:00Z`);
    from.setUTCMonth(from.getUTCMonth() - windowMonths);
    const parts = [...this.activeMonths(from.toISOString().slice(0, 10), today), this.openCases()];
    // The same array while every month and the open cases are unchanged (traffic.ts keeps the
    // lights it derived from it).
    return this.lightsKept.get([today, ...parts], () => {
      const seen = new Map<string, Case>();
      for (const part of parts) for (const c of part) seen.set(c.id, c);
      return Object.freeze([...seen.values()]);
    });
  }

  /** Whether the actor covers every case (an explicit '*'). */
  static county = (actor: Pick<Actor, 'providers'>) => actor.providers.includes('*');

  /**
   * A page of the cases that pass `keep`, newest first, walking back month by month from `to`
   * until the page is full: a list's first pages cost the same in year 1 and year 30. `more`
   * says whether a next page exists.
   */
  newestPage(keep: (c: Case) => boolean, page: number, size: number, from: string, to: string): { cases: Case[]; more: boolean } {
    const want = page * size + 1;
    const found: Case[] = [];
    for (const m of monthsBetween(from, to).reverse()) {
      found.push(...this.reported.get(m).filter(keep).sort(newestFirst));
      if (found.length >= want) break;
    }
    return { cases: found.slice((page - 1) * size, page * size), more: found.length > page * size };
  }

  /** The month of the oldest case (where a walk back stops). */
  firstMonth(): string {
    return [...this.reported.keys()].sort()[0] ?? '0000-00';
  }
}
