// Moving a follow-up date (from a reminder card): only the case officers, with a reason; the old
// date is closed and a new one set, so its reminders are planned afresh.
import { randomUUID } from 'node:crypto';
import type { CaseAction } from '../actions.js';
import type { Case, Deadline } from '../model.js';
import { CASE_ROLES, eventOf, mayRecord, noMandate, refuse, undocumented, type DecideContext, type Decision } from './common.js';

export function postpone(c: Case, action: Extract<CaseAction, { kind: 'postpone' }>, ctx: DecideContext): Decision {
  if (!mayRecord(ctx.actor, CASE_ROLES)) return noMandate({ roles: CASE_ROLES });
  const current = c.deadlines.find((d) => d.id === action.deadlineId && !d.closedAt);
  if (!current) return refuse('postpone.unknown');
  if (action.newDate <= ctx.today) return refuse('field.futureDate', { field: 'newDate' });
  const missing = undocumented(action.reason, 'reason', 'postpone.reasonRequired');
  if (missing) return missing;
  const at = ctx.now.toISOString();
  const moved: Deadline = { ...current, id: randomUUID(), due: action.newDate, setAt: at };
  const event = eventOf(ctx, 'kommentar', {
    comment: action.reason,
    details: { postponed: current.kind, from: current.due, to: action.newDate },
  });
  return {
    ok: true,
    next: {
      ...c,
      deadlines: [...c.deadlines.map((d) => (d.id === current.id ? { ...d, closedAt: at } : d)), moved],
      events: [...c.events, event],
    },
    event,
    notice: undefined,
  };
}
