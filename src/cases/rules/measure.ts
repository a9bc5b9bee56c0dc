// A measure (002_… kapitel 4, Förteckning av åtgärder; on the collaboration ladder of 000_…
// ekonomisk reglering by negotiation): who decides it, the board's decisions
// recorded with their date and diary number, contract measures only where a contract allows
// them, and final measures only after the earlier steps, anmodan om rättelse followed up
// included (000_…: alla steg före slutliga åtgärder; 002_… 3b), or with a recorded reason and
// the mandate for each skipped one.
import { skipField, type CaseAction } from '../actions.js';
import type { Case } from '../model.js';
import {
  boardRecordRefusal,
  contractAllows,
  skipRefusal,
  skipReasonsFor,
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

function offLadder(c: Case, tracks: readonly Case['track'][]): 'measure.contractOnly' | 'measure.collaborationOnly' | 'measure.deepOnly' {
  if (c.track === 'samverkan') return 'measure.contractOnly';
  return tracks.includes('samverkan') ? 'measure.collaborationOnly' : 'measure.deepOnly';
}

export function measure(c: Case, action: Extract<CaseAction, { kind: 'measure' }>, ctx: DecideContext): Decision {
  const { ladder } = ctx;
  const m = ladder.measures.find((x) => x.id === action.measure);
  if (!m) return refuse('measure.unknown', { field: 'measure' });
  const deciders = recordedBy(ladder, m.decidedBy);
  if (!mayRecord(ctx.actor, deciders)) return noMandate({ decider: m.decidedBy });
  if (c.status === 'ny') return refuse('step.triageFirst');
  // Each measure belongs to its ladders: final contract measures end a deep follow-up (002_…
  // kapitel 3–4); the collaboration ladder has no anmodan, kontrollplan or contract measure (000_…).
  if (!m.tracks.includes(c.track)) return refuse(offLadder(c, m.tracks), { field: 'measure' });
  if (m.contract && !contractAllows(ladder, ctx.provider(c.report.receiver))) return refuse('measure.noContract', { field: 'measure' });
  const missingComment = undocumented(action.comment, 'comment');
  if (missingComment) return missingComment;
  if (ladder.deciders.find((d) => d.id === m.decidedBy)?.boardDecision) {
    const board = boardRecordRefusal(action, ctx.today);
    if (board) return board;
  }
  const missing = m.final ? missingBeforeFinal(c, ladder) : [];
  const reasons = skipReasonsFor(missing, action);
  if (missing.length && !Object.keys(reasons).length)
    return refuse('measure.orderRequired', { field: skipField(missing[0]!), vars: { steps: missing.join(', ') } });
  const badSkip = skipRefusal(ctx, missing, reasons);
  if (badSkip) return badSkip;
  const skipReasons = { ...c.skipReasons, ...reasons };
  const event = eventOf(ctx, 'atgard', {
    to: action.measure,
    comment: action.comment,
    details: {
      boardDate: action.boardDate,
      diaryNumber: action.diaryNumber,
      skipped: missing.length ? missing : undefined,
      skipReasons: missing.length ? reasons : undefined,
      final: m.final,
    },
  });
  return { ok: true, next: { ...c, skipReasons, events: [...c.events, event] }, event, notice: undefined };
}
