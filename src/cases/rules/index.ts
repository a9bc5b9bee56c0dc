// The case rules: one function per action over shared guards (common.ts), and the questions
// lists and reminders ask of a case. decide() never touches the store.
import type { CaseAction } from '../actions.js';
import type { Case, Deadline } from '../model.js';
import { close } from './close.js';
import { refuse, type DecideContext, type Decision } from './common.js';
import { grade } from './grade.js';
import { handover } from './handover.js';
import { measure } from './measure.js';
import { postpone } from './postpone.js';
import { step } from './step.js';
import { triage } from './triage.js';

export * from './common.js';
export { endsDeepFollowUp } from './close.js';
export { priority } from './grade.js';
export { skippedBy, suggestedAfterFollowUp } from './step.js';
export type { CaseAction };

export function decide(c: Case, action: CaseAction, ctx: DecideContext): Decision {
  if (c.status === 'avslutad') return refuse('case.closed');
  switch (action.kind) {
    case 'triage':
      return triage(c, action, ctx);
    case 'step':
      return step(c, action, ctx);
    case 'measure':
      return measure(c, action, ctx);
    case 'close':
      return close(c, action, ctx);
    case 'postpone':
      return postpone(c, action, ctx);
    case 'grade':
      return grade(c, action, ctx);
    case 'handover':
      return handover(c, action, ctx);
  }
}

/** The next open follow-up date of a case, if any. */
export function nextDeadline(c: Case): Deadline | undefined {
  return c.deadlines.filter((d) => !d.closedAt).sort((a, b) => a.due.localeCompare(b.due))[0];
}

export function isOverdue(c: Case, today: string): boolean {
  const d = nextDeadline(c);
  return (
    (d !== undefined && d.due < today) || (c.status !== 'avslutad' && c.answerDue < today && !c.events.some((e) => e.type === 'triagerad'))
  );
}
