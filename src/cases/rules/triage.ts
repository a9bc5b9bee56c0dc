// The first assessment (triage): ingen åtgärd, bevakning with a date, or närmare uppföljning;
// mindre or allvarlig (002_… kap. 3: "inkommen indikation").
import { randomUUID } from 'node:crypto';
import type { CaseAction } from '../actions.js';
import { CLASSIFICATION, direction, receiverKnown, type Case, type Report } from '../model.js';
import {
  CASE_ROLES,
  closeDeadlines,
  eventOf,
  mayRecord,
  noMandate,
  refuse,
  trackFor,
  undocumented,
  type CaseRefusal,
  type DecideContext,
  type Decision,
} from './common.js';

type Triage = Extract<CaseAction, { kind: 'triage' }>;

/**
 * What the reporter left at "vet ej" is set now, and only that: cause, consequence, severity.
 * What was set, or the refusal for the first one still missing.
 */
function classified(c: Case, action: Triage, ctx: DecideContext): Partial<Report> | CaseRefusal {
  if (action.cause && !ctx.isCause(action.cause)) return refuse('form.error.unknownChoice', { field: 'cause' });
  const given = { cause: action.cause, consequence: action.consequence, severity: action.severity && Number(action.severity) };
  const set: Partial<Report> = {};
  for (const f of CLASSIFICATION.filter((f) => c.report[f] === undefined)) {
    if (given[f] === undefined) return refuse('triage.classify', { field: f });
    Object.assign(set, { [f]: given[f] });
  }
  return set;
}

/**
 * Annan vårdgivare: the register's provider the officer maps it to, with the direction it
 * gives and the answer's due date counted from today (the receiver hears of it only now).
 * Nothing for a receiver already in the register.
 */
function mapped(c: Case, action: Triage, ctx: DecideContext): Partial<Case> | CaseRefusal {
  if (receiverKnown(c.report)) return {};
  const to = action.receiver ? ctx.provider(action.receiver) : undefined;
  if (!to) return refuse('triage.mapReceiver', { field: 'receiver', vars: { name: c.report.otherReceiver ?? '' } });
  if (to.id === c.report.reporterUnit) return refuse('form.error.sameProvider', { field: 'receiver' });
  const report = { ...c.report, receiver: to.id, direction: direction(ctx.provider(c.report.reporterUnit) ?? to, to) };
  // The ladder follows the receiver now known (contract follow-up or collaboration).
  return { report, answerDue: ctx.answerDue(report, ctx.today), track: trackFor(ctx.ladder, to) };
}

export function triage(c: Case, action: Triage, ctx: DecideContext): Decision {
  if (!mayRecord(ctx.actor, CASE_ROLES)) return noMandate({ roles: CASE_ROLES });
  if (c.status !== 'ny' && c.status !== 'bevakning') return refuse('triage.already');
  const missing = undocumented(action.comment, 'comment');
  if (missing) return missing;
  const receiver = mapped(c, action, ctx);
  if ('ok' in receiver) return receiver;
  const set = classified(c, action, ctx);
  if ('ok' in set) return set;
  const at = ctx.now.toISOString();
  let deadlines = closeDeadlines(c.deadlines, ['bevakning'], at);
  let status: Case['status'] = 'uppfoljning';
  if (action.decision === 'bevakning') {
    if (!action.watchUntil) return refuse('triage.watchUntilRequired', { field: 'watchUntil' });
    if (action.watchUntil <= ctx.today) return refuse('field.futureDate', { field: 'watchUntil' });
    deadlines = [...deadlines, { id: randomUUID(), kind: 'bevakning', due: action.watchUntil, setAt: at, stepId: 'triage' }];
    status = 'bevakning';
  }
  if (action.decision === 'ingen-atgard') {
    status = 'avslutad';
    deadlines = closeDeadlines(deadlines, 'all', at);
  }
  const event = eventOf(ctx, 'triagerad', {
    to: action.decision,
    comment: action.comment,
    details: {
      assessment: action.assessment,
      watchUntil: action.watchUntil,
      ...set,
      ...(receiver.report && { receiver: receiver.report.receiver, otherReceiver: c.report.otherReceiver }),
    },
    visibleToReporter: true,
  });
  return {
    ok: true,
    next: {
      ...c,
      ...receiver,
      report: { ...(receiver.report ?? c.report), ...set },
      status,
      assessment: action.assessment,
      watchUntil: action.watchUntil,
      deadlines,
      events: [...c.events, event],
    },
    event,
    notice: { key: `feedback.triage.${action.decision}`, vars: {} },
  };
}
