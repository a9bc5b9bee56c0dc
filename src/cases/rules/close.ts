// Closing a case: an outcome, an internal summary and feedback to the reporter; a case in deep
// follow-up ends by returning to running follow-up or by termination (002_… kap. 4).
import type { CaseAction } from '../actions.js';
import type { Case } from '../model.js';
import {
  CASE_ROLES,
  closeDeadlines,
  eventOf,
  mayRecord,
  noMandate,
  refuse,
  undocumented,
  type DecideContext,
  type Decision,
} from './common.js';

export function close(c: Case, action: Extract<CaseAction, { kind: 'close' }>, ctx: DecideContext): Decision {
  if (!mayRecord(ctx.actor, CASE_ROLES)) return noMandate(['handlaggare']);
  const missing = undocumented(action.summary, 'summary') ?? undocumented(action.feedback, 'feedback', 'close.feedbackRequired');
  if (missing) return missing;
  const deep = ctx.ladder.steps.find((s) => s.id === c.step)?.track === 'deep';
  if (deep && !action.endedBy) return refuse('close.endedByRequired', { field: 'endedBy' });
  const event = eventOf(ctx, 'avslutad', {
    from: c.step,
    to: action.outcome,
    comment: action.feedback,
    details: { summary: action.summary, endedBy: action.endedBy },
    visibleToReporter: true,
  });
  return {
    ok: true,
    next: { ...c, status: 'avslutad', deadlines: closeDeadlines(c.deadlines, 'all', ctx.now.toISOString()), events: [...c.events, event] },
    event,
    notice: { key: 'feedback.closed', vars: { feedback: action.feedback } },
  };
}
