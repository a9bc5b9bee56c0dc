// The collections case handling owns: the cases themselves and the manual traffic-light
// overrides per provider.
import type { CollectionSpec, HistoryCollectionSpec, KeysOf } from '../store/contract.js';
import { swedishDate } from '../core/clock.js';
import { Case, CASE_MIGRATIONS, closedAt, newestFirst } from './model.js';
import { lightDate, LightOverride } from './traffic.js';

/** The Swedish calendar month (YYYY-MM) of an instant: statistics periods are whole months. */
const swedishMonth = (iso: string): string => swedishDate(new Date(iso)).slice(0, 7);

/**
 * The keys cases are found by, in memory and on disk (HistoryStore.find): one source for the
 * queries in reporting, cases, statistics, indicators and retention.
 */
export const CASE_INDEXES = {
  'reported-month': (c) => [swedishMonth(c.createdAt)],
  /** Every month a case had an event in (its report included). */
  'active-month': (c) => [...new Set([c.createdAt, ...c.events.map((e) => e.at)].map(swedishMonth))],
  /** Every month it was closed in (a case reopened and closed again has two). */
  'closed-month': (c) => [...new Set(c.events.filter((e) => e.type === 'avslutad').map((e) => swedishMonth(e.at)))],
  /** As receiver or reporting unit. */
  provider: (c) => [...new Set([c.report.receiver, c.report.reporterUnit])],
  receiver: (c) => [c.report.receiver],
  number: (c) => [c.number],
  /** A report linked to a case keeps its form id, and its reporter, there. */
  formId: (c) => [c.formId, ...c.linked.map((l) => l.formId)],
  reporter: (c) => [c.reporter.userId, ...c.linked.map((l) => l.reporter.userId)],
  'handlingsplan-due-month': (c) => c.deadlines.filter((d) => d.kind === 'handlingsplan').map((d) => d.due.slice(0, 7)),
  /** Closed and not yet anonymised: the month (UTC) it was closed in. */
  'awaiting-retention': (c) => {
    const closed = c.status === 'avslutad' && !c.anonymisedAt ? closedAt(c) : undefined;
    return closed ? [closed.slice(0, 7)] : [];
  },
  /** The lights' tally (traffic.ts): open cases under 'open', closed ones under the month their light counts from. */
  light: (c) => [c.status === 'avslutad' ? swedishMonth(lightDate(c)) : 'open'],
} satisfies Record<string, KeysOf<Case>>;

/**
 * Raise on any change to a function above (or to what it calls): stores on disk then summarise
 * their old months again. collections.test.ts notices a changed text without a raised version.
 */
const CASE_INDEXES_VERSION = 2;

// ~200 cases a month at VGR volume: a submit rewrites one month, not ten years.
export const CASES: HistoryCollectionSpec<Case> = {
  name: 'cases',
  schema: Case,
  partition: (c) => c.createdAt.slice(0, 7),
  version: 2,
  migrations: CASE_MIGRATIONS,
  // One case per form (a report linked to a case keeps its form id there) and per number.
  unique: (c) => [`form:${c.formId}`, ...c.linked.map((l) => `form:${l.formId}`), `number:${c.number}`],
  // Closed cases older than a year stay on disk until asked for: start-up and memory do not grow
  // with the years (issue 17; holding 24 months started measurably slower, bench/RESULTS.md). A
  // query on an older period reads its months once and keeps the last 24 read (history.ts).
  // Every query that may reach further back goes by find().
  history: { hotMonths: 12, keepsHot: (c) => c.status !== 'avslutad', indexes: CASE_INDEXES, version: CASE_INDEXES_VERSION },
  // Lists walk a month newest first, a card shows a provider's newest open cases: sorted by the
  // store when a month changes, not by each list (a busy month holds thousands).
  order: newestFirst,
};

export const LIGHTS: CollectionSpec<LightOverride> = { name: 'lights', schema: LightOverride, partition: () => 'all' };
