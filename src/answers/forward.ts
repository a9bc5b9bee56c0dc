// A misaddressed report sent on (issue 31.2): the receiver's mottagare names the provider or unit
// it belongs to and why. The case gets the new receiver, the direction it gives, the ladder that
// receiver is followed on and a new answer date by the policy, counted from today; the new
// receiver answers afresh (the receipt goes, the thread stays). Pure: no store, no Teams.
import type { Provider, Reference } from '../core/refdata.js';
import type { Refusal } from '../core/turn.js';
import { direction, type Case, type CaseEvent, type Report } from '../cases/model.js';
import { trackFor } from '../cases/rules/common.js';
import type { AnswerEvent, AnswerRecord } from './model.js';
import { receives, type AnswerContext } from './rules.js';

/** Before an answer is sent, and while the follow-up team has taken no step of a ladder on the case. */
export const mayForward = (c: Case, a: Pick<AnswerRecord, 'answer'> | undefined): boolean =>
  c.status !== 'avslutad' && !a?.answer && !c.events.some((e) => e.type === 'steg' || e.type === 'atgard' || e.type === 'overlamnad');

/** The providers and units a report may be sent on to: the register's, not its two parties. */
export function forwardChoices(ref: Pick<Reference, 'providers'>, c: Case): { title: string; value: string }[] {
  return ref.providers
    .filter((p) => p.id !== c.report.receiver && p.id !== c.report.reporterUnit)
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    .map((p) => ({ title: p.name, value: p.id }));
}

export interface ForwardContext extends AnswerContext {
  ladder: Reference['ladder'];
  provider: (id: string) => Provider | undefined;
  answerDue: (report: Report, today: string) => string;
}

export type Forwarded = { ok: true; next: Omit<Case, 'version'>; trail: AnswerEvent; to: Provider };

/** The answer record once forwarded: the receipt goes (the new receiver acknowledges), the trail records it. */
export function forwardedAnswer(a: Omit<AnswerRecord, 'version'>, trail: AnswerEvent): Omit<AnswerRecord, 'version'> {
  const { acknowledged: _receipt, ...rest } = a;
  return { ...rest, events: [...a.events, trail] };
}

export function forward(
  c: Case,
  a: Omit<AnswerRecord, 'version'>,
  input: { receiver: string; reason: string },
  ctx: ForwardContext,
): Forwarded | (Refusal & { mandate?: boolean }) {
  if (!receives(ctx.actor, c)) return { ok: false, reason: 'answer.notReceiver', mandate: true };
  if (!mayForward(c, a)) return { ok: false, reason: c.status === 'avslutad' ? 'answer.caseClosed' : 'forward.tooLate' };
  const to = ctx.provider(input.receiver);
  if (!to || to.retired) return { ok: false, reason: 'forward.unknown', field: 'receiver' };
  if (to.id === c.report.receiver) return { ok: false, reason: 'forward.same', field: 'receiver' };
  if (to.id === c.report.reporterUnit) return { ok: false, reason: 'form.error.sameProvider', field: 'receiver' };
  const at = ctx.now.toISOString();
  const actor = { userId: ctx.actor.userId, name: ctx.actor.name, roles: ctx.actor.roles };
  const report = { ...c.report, receiver: to.id, direction: direction(ctx.provider(c.report.reporterUnit) ?? to, to) };
  const event: CaseEvent = {
    at,
    type: 'vidarebefordrad',
    actor,
    from: c.report.receiver,
    to: to.id,
    comment: input.reason,
    activityId: ctx.activityId,
    visibleToReporter: true,
  };
  const trail: AnswerEvent = { at, type: 'vidarebefordrad', actor, side: 'mottagare', activityId: ctx.activityId };
  return {
    ok: true,
    to,
    next: { ...c, report, answerDue: ctx.answerDue(report, ctx.today), track: trackFor(ctx.ladder, to), events: [...c.events, event] },
    trail,
  };
}
