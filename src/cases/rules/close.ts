// Closing a case: an outcome, an internal summary and feedback to the reporter. A case in deep
// follow-up ends by returning to running follow-up or by termination, always with a final
// report (slutrapport) to the board (002_… kapitel 3, Avslut).
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
  if (!mayRecord(ctx.actor, CASE_ROLES)) return noMandate({ roles: CASE_ROLES });
  const missing = undocumented(action.summary, 'summary') ?? undocumented(action.feedback, 'feedback', 'close.feedbackRequired');
  if (missing) return missing;
  const deep = c.track === 'fordjupad';
  if (deep && !action.endedBy) return refuse('close.endedByRequired', { field: 'endedBy' });
  // "Avtalet hävs" only on the board's recorded decision to terminate (a hävning measure).
  if (action.endedBy === 'havning' && !c.events.some((e) => e.type === 'atgard' && e.to === 'havning'))
    return refuse('close.terminationNotDecided', { field: 'endedBy' });
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
