// The route guards, checked by the edge once for every route before its handler runs: the
// kind of conversation, the roles, the scope of what a card action names. Pure, so the same
// table of cases tests every route.
import type { MessageKey } from './i18n/index.js';
import type { Role } from './roles.js';
import type { Guard, ScopeCheck, Turn } from './turn.js';
import type { RefusalKind } from './audit.js';

export type GuardRefusal =
  | { kind: 'where'; message: MessageKey }
  | { kind: Exclude<RefusalKind, 'rule'>; message: MessageKey; roles?: readonly Role[]; subject?: string };

/** Undefined when the turn may run the route; else why not (with the message to show). */
export async function checkGuard(guard: Guard, turn: Turn): Promise<GuardRefusal | undefined> {
  return (await admit(guard, turn)).refusal;
}

/** The guard's verdict, and when it admits the turn, the record its scope loaded (for the handler). */
export async function admit(guard: Guard, turn: Turn): Promise<{ refusal?: GuardRefusal; record?: unknown }> {
  const place = placeRefusal(guard, turn);
  if (place) return { refusal: place };
  // The scope may read the thing named from disk (an old case): only once the place is right.
  const scope = await guard.scope?.(turn);
  const refused = refusal(guard, turn, scope);
  return refused ? { refusal: refused } : { record: scope && scope !== 'unknown' ? scope.record : undefined };
}

/** The guard without its scope (what the help lists for a user): no read needed. */
export function checkPlaceAndRoles(guard: Omit<Guard, 'scope'>, turn: Turn): GuardRefusal | undefined {
  return placeRefusal(guard, turn) ?? refusal(guard, turn, undefined);
}

function placeRefusal(guard: Pick<Guard, 'where'>, turn: Turn): GuardRefusal | undefined {
  if (guard.where === 'personal' && turn.place.kind !== 'personal') return { kind: 'where', message: 'guard.onlyPersonal' };
  if (guard.where === 'team' && turn.place.kind === 'personal') return { kind: 'where', message: 'guard.onlyTeam' };
  return undefined;
}

function refusal(guard: Omit<Guard, 'scope'>, turn: Turn, scope: ScopeCheck | undefined): GuardRefusal | undefined {
  // Only a thing that exists is named in the audit trail.
  const subject = scope && scope !== 'unknown' ? scope.subject : undefined;
  if (guard.requires && !guard.requires.some((r) => turn.actor.roles.includes(r))) {
    return { kind: 'role', message: guard.denied ?? 'guard.role', roles: guard.requires, subject };
  }
  if (scope === 'unknown') return { kind: 'unknown', message: 'guard.unknown' };
  if (scope && !scope.inScope) return { kind: 'scope', message: 'guard.unknown', subject };
  return undefined;
}
