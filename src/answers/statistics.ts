// The answer loop in figures, for a period and an organisation: how many cases the receivers
// answered (and in time), how the reporting side judged the answers, and the measures followed
// up for effect on their date (did it work: yes, partly, no).
import { addDays, atOrAfter, swedishDate, swedishDayStart } from '../core/clock.js';
import { NOT_KNOWN, type Case } from '../cases/model.js';
import type { AnswerRecord } from './model.js';

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
 * The figures from the cases reported in the period (their answers) and the answers whose
 * measures were followed up in it (found by their own index, see effectMonths), not a scan.
 */
export function answerFigures(
  reported: readonly Case[],
  followedUp: readonly { c: Case; a: AnswerRecord }[],
  answers: (caseId: string) => AnswerRecord | undefined,
  period: { from: string; to: string },
  concerns: (c: Case) => boolean,
  effective: readonly Effective[] = [],
): AnswerFigures {
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
  // The period's Swedish days as UTC instants: a year's cases compared, not each a date formatted
  // in Swedish time (that was most of `årsrapport`'s time on a busy year).
  const [fromStart, fromEnd] = [atOrAfter(swedishDayStart(period.from)), atOrAfter(swedishDayStart(addDays(period.to, 1)))];
  const within = (iso: string) => fromStart(iso) && !fromEnd(iso);
  for (const c of reported) {
    if (!c.answerLoop || !concerns(c) || !within(c.createdAt)) continue;
    const a = answers(c.id);
    f.expected++;
    if (a?.answer) {
      f.answered++;
      // On time: the first answer (the trail's first 'besvarad') by the due date.
      const first = a.events.find((e) => e.type === 'besvarad');
      if (first && day(first.at) <= c.answerDue) f.answeredOnTime++;
      if (first) f.daysToAnswer.push(daysBetween(day(c.createdAt), day(first.at)));
    }
    const since = worked.size ? worked.get(`${c.report.receiver}|${c.report.category}`) : undefined;
    if (c.report.kind === 'avvikelse' && since !== undefined && since < c.createdAt) f.repeatedAfterEffect++;
    if (a?.verdict) f[a.verdict.accepted ? 'accepted' : 'notAccepted']++;
    const found = a?.investigation?.causes ?? [];
    if (found.length) compareCauses(f.causes, firstGuess(c), found);
  }
  for (const { c, a } of followedUp) {
    if (!concerns(c)) continue;
    for (const m of a.investigation?.measures ?? []) if (m.effect && within(m.effect.at)) f.effects[m.effect.result]++;
  }
  return f;
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

/** The measures of an answer that worked, as Effective (the case gives receiver and category). */
export const effectiveOf = (c: Pick<Case, 'report'>, a: Pick<AnswerRecord, 'investigation'>): Effective[] =>
  (a.investigation?.measures ?? []).flatMap((m) =>
    m.effect?.result === 'ja' ? [{ receiver: c.report.receiver, category: c.report.category, at: m.effect.at }] : [],
  );

/** The reporter's cause as reported: one the first assessment set (from "vet ej") was none. */
const firstGuess = (c: Case): string | undefined =>
  c.events.some((e) => e.type === 'triagerad' && e.details?.['cause'] !== undefined) ? undefined : c.report.cause;

/** One investigation's coded causes against the reporter's first guess (none: not known then). */
function compareCauses(t: AnswerFigures['causes'], reported: string | undefined, found: readonly string[]): void {
  t.compared++;
  const first = reported ?? NOT_KNOWN;
  t.reporter[first] = (t.reporter[first] ?? 0) + 1;
  for (const id of found) t.receiver[id] = (t.receiver[id] ?? 0) + 1;
  if (reported && !found.includes(reported)) t.differ++;
}

/** The Swedish months an answer's measures were followed up in (an index key function). */
export const effectMonths = (a: Pick<AnswerRecord, 'investigation'>): string[] => [
  ...new Set((a.investigation?.measures ?? []).flatMap((m) => (m.effect ? [day(m.effect.at).slice(0, 7)] : []))),
];
