// Prioritising for deep follow-up (002_… kap. 4.2): A risk, B väsentlighet, C possibilities
// for measures, D system effects, E feasibility, each hög / mellan / låg.
import type { CaseAction } from '../actions.js';
import type { Case } from '../model.js';
import { CASE_ROLES, eventOf, mayRecord, noMandate, onContractLadder, refuse, type DecideContext, type Decision } from './common.js';

const SCORE = { hog: 3, mellan: 2, lag: 1 } as const;

export function grade(c: Case, action: Extract<CaseAction, { kind: 'grade' }>, ctx: DecideContext): Decision {
  if (!mayRecord(ctx.actor, [...CASE_ROLES, 'teamet'])) return noMandate({ roles: [...CASE_ROLES, 'teamet'] });
  // The A–E prioritising decides a handover to deep follow-up: the contract follow-up's only.
  if (!onContractLadder(ctx.ladder, c)) return refuse('handover.contractOnly');
  const event = eventOf(ctx, 'bedomning', { details: { grades: action.grades } });
  return { ok: true, next: { ...c, grades: action.grades, events: [...c.events, event] }, event, notice: undefined };
}

export function priority(c: Case): number {
  if (!c.grades) return 0;
  return Object.values(c.grades).reduce((sum, g) => sum + SCORE[g], 0);
}
