// A step on the case's ladder (002_… kap. 4 for contracted receivers, the collaboration ladder of
// 000_… for the others): who may record it, what it needs documented, the follow-up date it sets
// or closes, and skipped steps, each with a recorded reason.
import { randomUUID } from 'node:crypto';
import type { Ladder } from '../../core/refdata.js';
import type { CaseAction } from '../actions.js';
import type { Case } from '../model.js';
import {
  boardRecordRefusal,
  skipRefusal,
  skipReasonsFor,
  trackSteps,
  closeDeadlines,
  eventOf,
  isDocumented,
  mayRecord,
  missingBeforeFinal,
  monthsLater,
  noMandate,
  onContractLadder,
  standsOn,
  recordedBy,
  refuse,
  undocumented,
  type CaseRefusal,
  type DecideContext,
  type Decision,
} from './common.js';

type StepAction = Extract<CaseAction, { kind: 'step' }>;

/**
 * Steps between the current one and the target on the case's ladder that are neither
 * documented nor skipped with a reason. Steps are ordered by their ids (0 < 1 < 2a < 2b < 3 <
 * 3a …), so a case at 3 handed over to the deep ladder stands after 2b there.
 */
export function skippedBy(c: Case, ladder: Ladder, to: string): string[] {
  const order = trackSteps(ladder, c);
  // A case assessed and on no step yet stands in the normal state (0): the dialogue needs no skip.
  const from = order.indexOf(standsOn(order, c.step) ?? '0');
  const target = order.indexOf(to);
  return target > from + 1 ? order.slice(from + 1, target).filter((s) => !isDocumented(c, s) && !c.skipReasons[s]) : [];
}

/** The deadline a step sets (2a, 3a, 4a): required, in the future, inside the normal range. */
function deadlineRefusal(action: StepAction, ladder: Ladder, today: string): CaseRefusal | undefined {
  const followUp = ladder.followUps[action.to];
  if (!followUp) return undefined;
  if (!action.deadline) return refuse('step.deadlineRequired', { field: 'deadline' });
  if (action.deadline <= today) return refuse('field.futureDate', { field: 'deadline' });
  if (followUp.contactPerson && !action.contactPerson) return refuse('step.contactPersonRequired', { field: 'contactPerson' });
  const min = followUp.minMonths ? monthsLater(today, followUp.minMonths) : undefined;
  const max = followUp.maxMonths ? monthsLater(today, followUp.maxMonths) : undefined;
  if (((min && action.deadline < min) || (max && action.deadline > max)) && !action.confirmDeadline) {
    return refuse('step.deadlineConfirm', { field: 'deadline', vars: { min: min ?? '', max: max ?? '' } });
  }
  return undefined;
}

/** Why a step is not on the case's ladder: it belongs to the contract follow-up, the collaboration ladder, or the other contract ladder. */
function offLadder(
  ladder: Ladder,
  c: Case,
  to: string,
): 'step.contractOnly' | 'step.collaborationOnly' | 'step.deepOnly' | 'step.runningOnly' {
  if (!onContractLadder(ladder, c)) return 'step.contractOnly';
  if (!ladder.tracks.some((t) => t.contract && t.steps.includes(to))) return 'step.collaborationOnly';
  return c.track === 'lopande' ? 'step.deepOnly' : 'step.runningOnly';
}

/** The documentation a step needs before anything else is checked. */
function documentationRefusal(c: Case, action: StepAction, ctx: DecideContext): CaseRefusal | undefined {
  const target = ctx.ladder.steps.find((s) => s.id === action.to)!;
  if (c.status === 'ny') return refuse('step.triageFirst');
  if (!trackSteps(ctx.ladder, c).includes(action.to))
    return refuse(offLadder(ctx.ladder, c, action.to), { field: 'to', vars: { step: action.to } });
  if (c.step === action.to) return refuse('step.same', { field: 'to' });
  const missing = undocumented(action.comment, 'comment');
  if (missing) return missing;
  if (target.requiresContactNote && !action.contactNote) return refuse('step.contactNoteRequired', { field: 'contactNote' });
  if (action.to === ctx.ladder.strategy.step) {
    for (const field of ['purpose', 'strategy', 'plannedMeasures'] as const) {
      const missing = undocumented(action[field], field, 'step.strategyRequired');
      if (missing) return missing;
    }
  }
  return target.boardDecision ? boardRecordRefusal(action, ctx.today) : undefined;
}

export function step(c: Case, action: StepAction, ctx: DecideContext): Decision {
  const { ladder } = ctx;
  const target = ladder.steps.find((s) => s.id === action.to);
  if (!target) return refuse('step.unknown', { field: 'to' });
  const deciders = recordedBy(ladder, target.decidedBy);
  if (!mayRecord(ctx.actor, deciders)) return noMandate({ decider: target.decidedBy });
  const undocumentedStep = documentationRefusal(c, action, ctx);
  if (undocumentedStep) return undocumentedStep;
  // Going up past undocumented steps needs a reason (recorded for each skipped step).
  const skipped = skippedBy(c, ladder, action.to);
  const reasons = skipReasonsFor(skipped, action);
  const badSkip = skipRefusal(ctx, skipped, reasons);
  if (badSkip) return badSkip;
  const skipReasons = { ...c.skipReasons, ...reasons };
  if (action.to === '5') {
    const missing = missingBeforeFinal({ ...c, skipReasons }, ladder);
    if (missing.length) return refuse('measure.orderRequired', { vars: { steps: missing.join(', ') } });
  }
  const badDeadline = deadlineRefusal(action, ladder, ctx.today);
  if (badDeadline) return badDeadline;
  if (target.requiresOutcome && !action.outcome) return refuse('step.outcomeRequired', { field: 'outcome' });

  const at = ctx.now.toISOString();
  let deadlines = c.deadlines;
  const followUp = ladder.followUps[action.to];
  if (followUp) {
    deadlines = [
      ...closeDeadlines(deadlines, [followUp.kind], at),
      { id: randomUUID(), kind: followUp.kind, due: action.deadline!, setAt: at, stepId: action.to, contactPerson: action.contactPerson },
    ];
  }
  // A follow-up step (2b, 3b, 4b) closes the date its step set.
  const followed = Object.values(ladder.followUps).find((f) => f.followedUpBy === action.to);
  if (followed) deadlines = closeDeadlines(deadlines, [followed.kind], at);

  const event = eventOf(ctx, 'steg', {
    from: c.step,
    to: action.to,
    comment: action.comment,
    details: {
      contactNote: action.contactNote,
      skipped: skipped.length ? skipped : undefined,
      skipReasons: skipped.length ? reasons : undefined,
      deadline: action.deadline,
      contactPerson: action.contactPerson,
      outcome: action.outcome,
      boardDate: action.boardDate,
      diaryNumber: action.diaryNumber,
      purpose: action.purpose,
      strategy: action.strategy,
      plannedMeasures: action.plannedMeasures,
    },
    visibleToReporter: true,
  });
  return {
    ok: true,
    next: { ...c, status: 'uppfoljning', step: action.to, deadlines, skipReasons, events: [...c.events, event] },
    event,
    notice: { key: action.to === '2a' ? 'feedback.actionPlan' : 'feedback.step', vars: { step: action.to } },
    ...(action.to === ladder.strategy.step ? { inform: 'strategy' as const } : {}),
  };
}

/**
 * The step a follow-up's outcome (2b, s2) suggests next: carried out → back to normal (the way
 * back of 000_…), otherwise the case's ladder's next step after it (the strategy, 3, on the
 * running ladder; 3a on the deep one; the sub-regional collaboration, s3, on the collaboration ladder).
 */
export function suggestedAfterFollowUp(outcome: 'genomford' | 'delvis' | 'ej-genomford', steps: readonly string[], from: string): string {
  return outcome === 'genomford' ? '0' : (steps[steps.indexOf(from) + 1] ?? from);
}
