// Closing a case: an outcome, an internal summary and feedback to the reporter. A deep follow-up
// ends by returning to running follow-up (the case goes on, open, on the running ladder) or by
// termination (the case closes), always with a final report (slutrapport) to the board (002_…
// kapitel 3, Avslut).
import type { CaseAction } from '../actions.js';
import type { Case, CaseEvent } from '../model.js';
import {
  CASE_ROLES,
  closeDeadlines,
  eventOf,
  mayRecord,
  noMandate,
  refuse,
  standsOn,
  trackSteps,
  undocumented,
  type DecideContext,
  type Decision,
} from './common.js';

export function close(c: Case, action: Close, ctx: DecideContext): Decision {
  if (!mayRecord(ctx.actor, CASE_ROLES)) return noMandate({ roles: CASE_ROLES });
  const missing = undocumented(action.summary, 'summary') ?? undocumented(action.feedback, 'feedback', 'close.feedbackRequired');
  if (missing) return missing;
  const deep = c.track === 'fordjupad';
  if (deep && !action.endedBy) return refuse('close.endedByRequired', { field: 'endedBy' });
  // "Avtalet hävs" only on the board's recorded decision to terminate (a hävning measure).
  if (action.endedBy === 'havning' && !c.events.some((e) => e.type === 'atgard' && e.to === 'havning'))
    return refuse('close.terminationNotDecided', { field: 'endedBy' });
  if (deep && action.endedBy === 'lopande') return returned(c, action, ctx);
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

type Close = Extract<CaseAction, { kind: 'close' }>;

/**
 * The deep follow-up ends and the case returns to the running ladder where it stands there (after
 * 4b: at 3); the dates set on the deep ladder's steps (anmodan, kontrollplan) close, a watch date
 * and the running ladder's own action plan stay. By the step a date was set on, not its kind: the
 * collaboration ladder's s1 plan is a handlingsplan too, and closed the running 2a plan with it.
 */
function returned(c: Case, action: Close, ctx: DecideContext): Decision {
  const running = trackSteps(ctx.ladder, { track: 'lopande' });
  const deepSteps = trackSteps(ctx.ladder, { track: 'fordjupad' }).filter((s) => !running.includes(s));
  const at = ctx.now.toISOString();
  const event = eventOf(ctx, 'aterford', {
    from: 'fordjupad',
    to: 'lopande',
    comment: action.feedback,
    details: { summary: action.summary, endedBy: action.endedBy, outcome: action.outcome },
    visibleToReporter: true,
  });
  return {
    ok: true,
    next: {
      ...c,
      track: 'lopande',
      step: standsOn(running, c.step),
      deadlines: c.deadlines.map((d) => (!d.closedAt && deepSteps.includes(d.stepId) ? { ...d, closedAt: at } : d)),
      events: [...c.events, event],
    },
    event,
    notice: { key: 'feedback.returned', vars: { feedback: action.feedback } },
  };
}

/** Whether an event ended a deep follow-up (its final report is due): a return, or a close that named how it ended. */
export const endsDeepFollowUp = (e: CaseEvent): boolean =>
  e.type === 'aterford' || (e.type === 'avslutad' && (e.details as { endedBy?: unknown } | undefined)?.endedBy !== undefined);
