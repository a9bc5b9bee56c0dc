// Handing a case over from running to deep follow-up (002_… kapitel 3): the head of department
// sets the assignment (uppdragshandling) and the presidium of the board is informed. The bot
// records the decision with its date and moves the case to the deep ladder, where steps 0–2b
// already taken still count; the configured recipients are told.
import type { CaseAction } from '../actions.js';
import type { Case } from '../model.js';
import {
  eventOf,
  mayRecord,
  noMandate,
  onContractLadder,
  recordedBy,
  refuse,
  undocumented,
  type DecideContext,
  type Decision,
} from './common.js';

export function handover(c: Case, action: Extract<CaseAction, { kind: 'handover' }>, ctx: DecideContext): Decision {
  const deciders = recordedBy(ctx.ladder, ctx.ladder.handover.decidedBy);
  if (!mayRecord(ctx.actor, deciders)) return noMandate({ decider: ctx.ladder.handover.decidedBy });
  if (c.status === 'ny') return refuse('step.triageFirst');
  if (c.track === 'fordjupad') return refuse('handover.already');
  if (!onContractLadder(ctx.ladder, c)) return refuse('handover.contractOnly');
  // The A–E prioritising comes first: a case motivated but not prioritised waits (002_… kapitel 3).
  if (!c.grades) return refuse('handover.gradesFirst');
  if (action.decisionDate > ctx.today) return refuse('handover.dateFuture', { field: 'decisionDate' });
  // The presidium is informed of the decision taken (002_… kapitel 3): after it, not ahead of today.
  if (action.presidiumInformed && action.presidiumInformed > ctx.today)
    return refuse('handover.presidiumFuture', { field: 'presidiumInformed' });
  if (action.presidiumInformed && action.presidiumInformed < action.decisionDate)
    return refuse('handover.presidiumBeforeDecision', { field: 'presidiumInformed' });
  const missing = undocumented(action.comment, 'comment');
  if (missing) return missing;
  const event = eventOf(ctx, 'overlamnad', {
    from: 'lopande',
    to: 'fordjupad',
    comment: action.comment,
    details: {
      decisionDate: action.decisionDate,
      diaryNumber: action.diaryNumber,
      criteria: action.criteria,
      presidiumInformed: action.presidiumInformed,
    },
    visibleToReporter: true,
  });
  return {
    ok: true,
    next: { ...c, track: 'fordjupad', events: [...c.events, event] },
    event,
    notice: { key: 'feedback.handover', vars: {} },
    inform: 'handover',
  };
}
