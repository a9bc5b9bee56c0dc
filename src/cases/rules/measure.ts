// A measure (002_… kap. 5): who decides it, the board's decisions recorded with their date and
// diary number, and final measures only after the earlier steps (000_…: "alla steg måste vara
// gjorda innan slutgiltiga åtgärder vidtas"), or with a recorded reason for each skipped one.
import type { CaseAction } from '../actions.js';
import type { Case } from '../model.js';
import {
  boardRecordRefusal,
  eventOf,
  mayRecord,
  missingBeforeFinal,
  noMandate,
  recordedBy,
  refuse,
  undocumented,
  type DecideContext,
  type Decision,
} from './common.js';

export function measure(c: Case, action: Extract<CaseAction, { kind: 'measure' }>, ctx: DecideContext): Decision {
  const { ladder } = ctx;
  const m = ladder.measures.find((x) => x.id === action.measure);
  if (!m) return refuse('measure.unknown', { field: 'measure' });
  const deciders = recordedBy(ladder, m.decidedBy);
  if (!mayRecord(ctx.actor, deciders)) return noMandate(deciders);
  if (c.status === 'ny') return refuse('step.triageFirst');
  const missingComment = undocumented(action.comment, 'comment');
  if (missingComment) return missingComment;
  if (ladder.deciders.find((d) => d.id === m.decidedBy)?.boardDecision) {
    const board = boardRecordRefusal(action, ctx.today);
    if (board) return board;
  }
  let skipReasons = c.skipReasons;
  if (m.final) {
    const missing = missingBeforeFinal(c, ladder);
    if (missing.length && !action.skipReason)
      return refuse('measure.orderRequired', { field: 'skipReason', vars: { steps: missing.join(', ') } });
    skipReasons = { ...skipReasons, ...Object.fromEntries(missing.map((s) => [s, action.skipReason!])) };
  }
  const event = eventOf(ctx, 'atgard', {
    to: action.measure,
    comment: action.comment,
    details: { boardDate: action.boardDate, diaryNumber: action.diaryNumber, skipReason: action.skipReason, final: m.final },
  });
  return { ok: true, next: { ...c, skipReasons, events: [...c.events, event] }, event, notice: undefined };
}
