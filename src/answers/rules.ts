// The answer loop's rules, pure: who may do what on which side of the case, and what it records.
// The receiving side is a mottagare acting for the receiving provider; the reporting side is the
// reporter (or one whose report was added to the case) and a chef acting for the reporting unit.
// A rule returns the next record and its event, or a refusal as a value; a missing mandate is
// marked so it is audited like a forged role.
import { randomUUID } from 'node:crypto';
import type { MessageKey } from '../core/i18n/index.js';
import { hasRole, type Actor } from '../core/roles.js';
import { actsFor } from '../core/scope.js';
import type { Refusal } from '../core/turn.js';
import { receiverKnown, type Case } from '../cases/model.js';
import { standsOn } from '../cases/rules/common.js';
import type { AnswerEvent, AnswerEventType, AnswerRecord, EffectResult, MeasureOwner, PlannedMeasure, Side } from './model.js';

export interface AnswerContext {
  actor: Actor;
  now: Date;
  today: string;
  activityId: string;
  c: Case;
}

type AnswerRefusal = Refusal & { mandate?: boolean };
export type AnswerDecision = { ok: true; next: Omit<AnswerRecord, 'version'>; event: AnswerEvent } | AnswerRefusal;

const refuse = (reason: MessageKey, extra: Omit<AnswerRefusal, 'ok' | 'reason'> = {}): AnswerRefusal => ({ ok: false, reason, ...extra });

/** A mottagare acting for the case's receiving provider (none while it is not in the register). */
export const receives = (actor: Actor, c: Case): boolean =>
  hasRole(actor, 'mottagare') && receiverKnown(c.report) && actsFor(actor, c.report.receiver);

/** The reporter, one whose report was added to the case, or a chef acting for the reporting unit. */
export const reports = (actor: Actor, c: Case): boolean =>
  c.reporter.userId === actor.userId ||
  c.linked.some((l) => l.reporter.userId === actor.userId) ||
  (hasRole(actor, 'chef') && actsFor(actor, c.report.reporterUnit));

/** The side an actor takes in the thread (the receiving one when both). */
const sideOf = (actor: Actor, c: Case): Side | undefined =>
  receives(actor, c) ? 'mottagare' : reports(actor, c) ? 'rapporterande' : undefined;

/** Who answers for a measure: a mottagare of the receiver, or a chef of the reporting unit. */
export const ownsMeasure = (actor: Actor, c: Case, owner: MeasureOwner): boolean =>
  owner === 'mottagare' ? receives(actor, c) : hasRole(actor, 'chef') && actsFor(actor, c.report.reporterUnit);

const person = (a: Actor) => ({ userId: a.userId, name: a.name });

function recorded(
  a: Omit<AnswerRecord, 'version'>,
  ctx: AnswerContext,
  type: AnswerEventType,
  side: Side,
  fields: Partial<AnswerRecord>,
  measureId?: string,
): AnswerDecision {
  const event: AnswerEvent = {
    at: ctx.now.toISOString(),
    type,
    side,
    actor: { userId: ctx.actor.userId, name: ctx.actor.name, roles: ctx.actor.roles },
    activityId: ctx.activityId,
    measureId,
  };
  return { ok: true, next: { ...a, ...fields, events: [...a.events, event] }, event };
}

const closed = (ctx: AnswerContext) => ctx.c.status === 'avslutad';

/** Kvittera: the receiver has the deviation and is on it. */
export function acknowledge(a: Omit<AnswerRecord, 'version'>, ctx: AnswerContext): AnswerDecision {
  if (!receives(ctx.actor, ctx.c)) return refuse('answer.notReceiver', { mandate: true });
  if (closed(ctx)) return refuse('answer.caseClosed');
  if (a.acknowledged) return refuse('answer.alreadyAcknowledged');
  return recorded(a, ctx, 'kvitterad', 'mottagare', { acknowledged: { at: ctx.now.toISOString(), by: person(ctx.actor) } });
}

/** A message in the thread, from either side (a question, a reply, more information). */
export function post(a: Omit<AnswerRecord, 'version'>, text: string, ctx: AnswerContext): AnswerDecision {
  const side = sideOf(ctx.actor, ctx.c);
  if (!side) return refuse('answer.notParty', { mandate: true });
  if (closed(ctx)) return refuse('answer.caseClosed');
  const message = { id: randomUUID(), at: ctx.now.toISOString(), side, by: person(ctx.actor), text };
  return recorded(a, ctx, 'meddelande', side, { thread: [...a.thread, message] });
}

export interface MeasureRow {
  row: number;
  text?: string;
  owner?: MeasureOwner;
  due?: string;
}

/** The investigation and the answer, sent together; a new answer replaces a not accepted one. */
export function answer(
  a: Omit<AnswerRecord, 'version'>,
  input: { whatHappened: string; causes: readonly string[]; cause: string; answer: string; rows: MeasureRow[] },
  ctx: AnswerContext,
  maxMeasures: number,
  isCause: (id: string) => boolean,
): AnswerDecision {
  if (!receives(ctx.actor, ctx.c)) return refuse('answer.notReceiver', { mandate: true });
  if (closed(ctx)) return refuse('answer.caseClosed');
  if (a.verdict?.accepted) return refuse('answer.alreadyAccepted');
  if (input.causes.some((id) => !isCause(id))) return refuse('answer.unknownCause', { field: 'causes' });
  if (input.rows.length > maxMeasures) return refuse('answer.tooManyMeasures', { vars: { max: String(maxMeasures) } });
  for (const r of input.rows) {
    if (!r.text) return refuse('answer.measureText', { field: `measure${r.row}` });
    if (!r.owner) return refuse('answer.measureOwner', { field: `owner${r.row}` });
    if (!r.due) return refuse('answer.measureDate', { field: `due${r.row}` });
    if (r.due < ctx.today) return refuse('answer.measurePast', { field: `due${r.row}` });
  }
  // Measures already followed up for effect keep their result when the answer is revised.
  const before = new Map((a.investigation?.measures ?? []).map((m) => [`${m.text}|${m.owner}|${m.due}`, m]));
  const measures: PlannedMeasure[] = input.rows.map(
    (r) => before.get(`${r.text}|${r.owner}|${r.due}`) ?? { id: randomUUID(), text: r.text!, owner: r.owner!, due: r.due! },
  );
  const at = ctx.now.toISOString();
  return recorded(a, ctx, 'besvarad', 'mottagare', {
    acknowledged: a.acknowledged ?? { at, by: person(ctx.actor) },
    investigation: {
      whatHappened: input.whatHappened,
      causes: [...new Set(input.causes)],
      cause: input.cause,
      measures,
      at,
      by: person(ctx.actor),
    },
    answer: { text: input.answer, at, by: person(ctx.actor) },
    verdict: undefined,
  });
}

/** The reporting side's verdict on the answer: accepted, or not accepted with why. */
export function judge(a: Omit<AnswerRecord, 'version'>, input: { accepted: boolean; reason?: string }, ctx: AnswerContext): AnswerDecision {
  if (!reports(ctx.actor, ctx.c)) return refuse('answer.notReporter', { mandate: true });
  if (!a.answer) return refuse('answer.notAnswered');
  if (a.verdict) return refuse('answer.alreadyJudged');
  if (!input.accepted && !input.reason) return refuse('answer.reasonRequired', { field: 'reason' });
  const verdict = {
    accepted: input.accepted,
    reason: input.accepted ? undefined : input.reason,
    at: ctx.now.toISOString(),
    by: person(ctx.actor),
  };
  return recorded(a, ctx, input.accepted ? 'accepterad' : 'ej-accepterad', 'rapporterande', { verdict });
}

/** Did the measure work? Asked on its date of the one who answers for it; answered once. */
export function followUpEffect(
  a: Omit<AnswerRecord, 'version'>,
  input: { measureId: string; result: EffectResult; comment: string },
  ctx: AnswerContext,
): AnswerDecision {
  const m = a.investigation?.measures.find((x) => x.id === input.measureId);
  if (!m) return refuse('answer.unknownMeasure');
  if (!ownsMeasure(ctx.actor, ctx.c, m.owner)) return refuse('answer.notOwner', { mandate: true });
  if (m.effect) return refuse('answer.effectDone');
  if (m.due > ctx.today) return refuse('answer.effectEarly', { vars: { date: m.due } });
  const { receiver, category } = ctx.c.report;
  const effect = { result: input.result, comment: input.comment, at: ctx.now.toISOString(), by: person(ctx.actor), receiver, category };
  const measures = a.investigation!.measures.map((x) => (x.id === m.id ? { ...x, effect } : x));
  const side: Side = m.owner === 'mottagare' ? 'mottagare' : 'rapporterande';
  return recorded(a, ctx, 'effekt', side, { investigation: { ...a.investigation!, measures } }, m.id);
}

/**
 * What the follow-up team is offered when the answer is not accepted or is late: the step after
 * the case's current one on its ladder (a suggestion; a human decides), or the first assessment.
 */
export function suggestedStep(c: Case, trackSteps: readonly string[]): string | 'triage' | undefined {
  if (c.status === 'avslutad') return undefined;
  if (c.status === 'ny') return 'triage';
  const at = trackSteps.indexOf(standsOn(trackSteps, c.step) ?? '');
  // From the start, dialogue is where every ladder begins the contact (1; s1 on the collaboration ladder).
  if (at < 1) return trackSteps[1] ?? trackSteps[0];
  return trackSteps[at + 1];
}
