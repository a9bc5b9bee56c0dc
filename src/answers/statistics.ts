// The answer loop in figures, for a period and an organisation: how many cases the receivers
// answered (and in time), how the reporting side judged the answers, and the measures followed
// up for effect on their date (did it work: yes, partly, no).
import { addDays, atOrAfter, swedishDate, swedishDayStart } from '../core/clock.js';
import { NOT_KNOWN, type Case } from '../cases/model.js';
import type { AnswerRecord } from './model.js';
import { concernedOrgs } from '../indicators/computed.js';
import type { Reference } from '../core/refdata.js';
import type { Tally, Tallied } from '../store/contract.js';

export interface AnswerFigures {
  /** Cases reported in the period that owe an answer (reported since the answer loop). */
  expected: number;
  answered: number;
  answeredOnTime: number;
  accepted: number;
  notAccepted: number;
  /** Measures whose effect was followed up in the period, by result. */
  effects: { ja: number; delvis: number; nej: number };
  /**
   * The coded causes of the receivers' investigations (issue 35.1) beside the reporters' first
   * guess on the same cases: by cause, and how many investigations found none of the reporter's.
   */
  causes: { receiver: Record<string, number>; reporter: Record<string, number>; compared: number; differ: number };
  /** Days from the report to its first answer, for each case answered (issue 35.4: the median is shown). */
  daysToAnswer: number[];
  /**
   * Deviations reported in the period to a receiver, in a category, where a measure had already
   * been followed up as working ("ja") before the report (issue 35.4: did the learning hold?).
   */
  repeatedAfterEffect: number;
}

/** A measure that worked: for which receiver and category, and from when (its follow-up). */
export interface Effective {
  receiver: string;
  category: string;
  at: string;
}

const day = (iso: string) => swedishDate(new Date(iso));

/**
 * The answer loop's read model (a Tally the case store keeps on every write, joined with each
 * case's answer; an answer's write has the case counted again, see collections.ts): per month
 * reported and organisation concerned, what answerFigures sums.
 */
export const answerLoopTally = (
  ref: Reference,
  answers: (caseId: string) => AnswerRecord | undefined,
): Tally<Case, AnswerRecord | undefined> => ({
  name: 'answer-loop',
  generation: ref.register.generation,
  index: 'reported-month',
  join: (c) => answers(c.id),
  countsOf: (c, _month, a) => answerLoopCounts(c, a, ref),
});

/** What a case in the answer loop counts, with its answer, for each organisation it concerns. */
function* answerLoopCounts(c: Case, a: AnswerRecord | undefined, ref: Reference) {
  if (!c.answerLoop) return;
  const counters = ['expected'];
  if (a?.answer) {
    counters.push('answered');
    // On time: the first answer (the trail's first 'besvarad') by the due date.
    const first = a.events.find((e) => e.type === 'besvarad');
    if (first && day(first.at) <= c.answerDue) counters.push('answeredOnTime');
    if (first) counters.push(`days\t${daysBetween(day(c.createdAt), day(first.at))}`);
  }
  if (a?.verdict) counters.push(a.verdict.accepted ? 'accepted' : 'notAccepted');
  if (c.report.kind === 'avvikelse') counters.push(`to\t${c.report.receiver}|${c.report.category}`);
  const found = a?.investigation?.causes ?? [];
  if (found.length) {
    // The reporter's cause beside the receivers' coded ones; none of them: the investigation differs.
    const guess = firstGuess(c);
    counters.push('compared', `reporter\t${guess ?? NOT_KNOWN}`, ...found.map((id) => `receiver\t${id}`));
    if (guess && !found.includes(guess)) counters.push('differ');
  }
  for (const org of concernedOrgs(c, ref)) for (const counter of counters) yield [org, counter] as const;
}

/** The counters of answerLoopCounts that are figures as they stand. */
const PLAIN = ['expected', 'answered', 'answeredOnTime', 'accepted', 'notAccepted'] as const;

/**
 * The figures of an organisation from the months' counters (the cases reported in the period and
 * their answers) and the answers whose measures were followed up in it (found by their own index,
 * see effectMonths). A repeat after a measure that worked is counted from the months after it;
 * the month it worked in is read case by case (its report may come before the effect).
 */
export async function answerFigures(
  months: readonly { month: string; counted: Tallied }[],
  org: string,
  followedUp: readonly { c: Case; a: AnswerRecord }[],
  period: { from: string; to: string },
  concerns: (c: Case) => boolean,
  effective: readonly Effective[],
  reportedInMonth: (month: string) => Promise<readonly Case[]>,
): Promise<AnswerFigures> {
  const f: AnswerFigures = {
    expected: 0,
    answered: 0,
    answeredOnTime: 0,
    accepted: 0,
    notAccepted: 0,
    effects: { ja: 0, delvis: 0, nej: 0 },
    causes: { receiver: {}, reporter: {}, compared: 0, differ: 0 },
    daysToAnswer: [],
    repeatedAfterEffect: 0,
  };
  const worked = firstEffects(effective);
  // The month each receiver and category first had a measure that worked, and those months.
  const workedIn = new Map([...worked].map(([key, at]) => [key, day(at).slice(0, 7)]));
  const monthsWorked = new Set(workedIn.values());
  for (const { month, counted } of months) {
    for (const [counter, n] of counted.get(org) ?? []) {
      const tab = counter.indexOf('\t');
      const [field, value] = tab < 0 ? [counter, ''] : [counter.slice(0, tab), counter.slice(tab + 1)];
      if ((PLAIN as readonly string[]).includes(field)) f[field as (typeof PLAIN)[number]] += n;
      else if (field === 'compared' || field === 'differ') f.causes[field] += n;
      else if (field === 'reporter' || field === 'receiver') f.causes[field][value] = (f.causes[field][value] ?? 0) + n;
      else if (field === 'days') for (let i = 0; i < n; i++) f.daysToAnswer.push(Number(value));
      // Reported in a month after the first that worked there (none worked: no month is).
      else if (field === 'to' && (workedIn.get(value) ?? '9999') < month) f.repeatedAfterEffect += n;
    }
    if (monthsWorked.has(month))
      f.repeatedAfterEffect += repeatsInMonthWorked(await reportedInMonth(month), month, worked, workedIn, concerns);
  }
  // The period's Swedish days as UTC instants: the measures' follow-ups compared, not each a date formatted in Swedish time.
  const [fromStart, fromEnd] = [atOrAfter(swedishDayStart(period.from)), atOrAfter(swedishDayStart(addDays(period.to, 1)))];
  const within = (iso: string) => fromStart(iso) && !fromEnd(iso);
  for (const { c, a } of followedUp) {
    if (!concerns(c)) continue;
    for (const m of a.investigation?.measures ?? []) if (m.effect && within(m.effect.at)) f.effects[m.effect.result]++;
  }
  return f;
}

/** The deviations of the month a measure first worked in (for their receiver and category) reported after it. */
function repeatsInMonthWorked(
  cases: readonly Case[],
  month: string,
  worked: ReadonlyMap<string, string>,
  workedIn: ReadonlyMap<string, string>,
  concerns: (c: Case) => boolean,
) {
  let n = 0;
  for (const c of cases) {
    if (!c.answerLoop || c.report.kind !== 'avvikelse' || !concerns(c)) continue;
    const key = `${c.report.receiver}|${c.report.category}`;
    if (workedIn.get(key) === month && worked.get(key)! < c.createdAt) n++;
  }
  return n;
}

/** The first time a measure worked for each receiver and category. */
function firstEffects(effective: readonly Effective[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const e of effective) {
    const key = `${e.receiver}|${e.category}`;
    const known = first.get(key);
    if (known === undefined || e.at < known) first.set(key, e.at);
  }
  return first;
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

/**
 * The measures of an answer that worked, as Effective: for the receiver and category the effect
 * was followed up for, or (followed up before effects kept them) the case's; none without either.
 */
export const effectiveOf = (a: Pick<AnswerRecord, 'investigation'>, c?: Pick<Case, 'report'>): Effective[] =>
  (a.investigation?.measures ?? []).flatMap(({ effect }) => {
    const [receiver, category] = [effect?.receiver ?? c?.report.receiver, effect?.category ?? c?.report.category];
    return effect?.result === 'ja' && receiver !== undefined && category !== undefined ? [{ receiver, category, at: effect.at }] : [];
  });

/** Whether an answer has a measure that worked, followed up before effects kept their receiver and category. */
export const effectNeedsCase = (a: Pick<AnswerRecord, 'investigation'>): boolean =>
  (a.investigation?.measures ?? []).some(
    ({ effect }) => effect?.result === 'ja' && (effect.receiver === undefined || effect.category === undefined),
  );

/** The reporter's cause as reported: one the first assessment set (from "vet ej") was none. */
const firstGuess = (c: Case): string | undefined =>
  c.events.some((e) => e.type === 'triagerad' && e.details?.['cause'] !== undefined) ? undefined : c.report.cause;

/** The Swedish months an answer's measures were followed up in (an index key function). */
export const effectMonths = (a: Pick<AnswerRecord, 'investigation'>): string[] => [
  ...new Set((a.investigation?.measures ?? []).flatMap((m) => (m.effect ? [day(m.effect.at).slice(0, 7)] : []))),
];
