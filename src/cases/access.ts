// Which cases a user may see and act on, and where: the organisation scope as a route guard
// (a case outside it is refused like an unknown one), and where the full case may be shown
// (the personal chat, or a channel linked to one of the case's two providers).
import { z } from 'zod/v4';
import { RecordId } from '../core/ids.js';
import type { CapabilityDeps } from '../deps.js';
import { inScope } from '../core/scope.js';
import type { RecordScope, Turn } from '../core/turn.js';
import type { Case } from './model.js';

const CaseRef = z.object({ caseId: RecordId, version: z.coerce.number().int().positive().optional() });

/** The case a card action names, if it exists (an old one is read from disk). */
export async function namedCase(deps: Pick<CapabilityDeps<'cases'>, 'stores'>, turn: Turn): Promise<Case | undefined> {
  const ref = CaseRef.safeParse(turn.data);
  return ref.success ? deps.stores.cases.load(ref.data.caseId) : undefined;
}

/** The route guard: the named case exists and concerns one of the actor's organisations. */
export function caseScope(deps: Pick<CapabilityDeps<'cases'>, 'stores'>): RecordScope<Case> {
  return async (turn) => {
    const c = await namedCase(deps, turn);
    if (!c) return 'unknown';
    return { subject: c.id, inScope: inScope(turn.actor, c.report), record: c };
  };
}

/** The full case is shown in the personal chat, or in a channel linked to one of its providers. */
export function visibleHere(deps: Pick<CapabilityDeps, 'registry'>, turn: Turn, c: Case): boolean {
  if (turn.place.kind === 'personal') return true;
  const linked = deps.registry.get(turn.place.key)?.providerId;
  return linked !== undefined && (linked === c.report.receiver || linked === c.report.reporterUnit);
}
