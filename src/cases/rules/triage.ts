// The first assessment (triage): ingen åtgärd, bevakning with a date, or närmare uppföljning;
// mindre or allvarlig (002_… kap. 3: "inkommen indikation").
import { randomUUID } from 'node:crypto';
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

export function triage(c: Case, action: Extract<CaseAction, { kind: 'triage' }>, ctx: DecideContext): Decision {
  if (!mayRecord(ctx.actor, CASE_ROLES)) return noMandate({ roles: CASE_ROLES });
  if (c.status !== 'ny' && c.status !== 'bevakning') return refuse('triage.already');
  const missing = undocumented(action.comment, 'comment');
  if (missing) return missing;
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
    details: { assessment: action.assessment, watchUntil: action.watchUntil },
    visibleToReporter: true,
  });
  return {
    ok: true,
    next: { ...c, status, assessment: action.assessment, watchUntil: action.watchUntil, deadlines, events: [...c.events, event] },
    event,
    notice: { key: `feedback.triage.${action.decision}`, vars: {} },
  };
}
