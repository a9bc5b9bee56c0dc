// Roles in chat: anyone sees their own (`roller`); an admin grants and revokes
// (`ge roll <användar-id> <roll>`, `ta roll <användar-id> <roll>`), each change audited. A
// grant names a user the bot knows (from the roles file, a grant, or a turn of their own):
// an id is never stored that nobody has been seen with.
import type { CapabilityDeps } from '../deps.js';
import { t, translator, type T } from '../core/i18n/index.js';
import { fold } from '../core/text.js';
import { say } from '../core/reply.js';
import { Role, type Actor } from '../core/roles.js';
import { providerNames } from '../core/providers.js';
import { hasIdentity } from '../core/screen.js';
import type { Handler } from '../core/turn.js';

type RolesDeps = Pick<CapabilityDeps<'grants'>, 'directory' | 'stores' | 'profiles' | 'audit' | 'reference'>;

/** "aad-kim handläggare, teamet" → the user and the roles; undefined when it does not parse. */
export function parseGrant(args: string): { userId: string; roles: Role[] } | undefined {
  const [userId, ...rest] = args.trim().split(/\s+/);
  // Comma-separated names; a part that is no name is read word by word ("handläggare teamet").
  const roles = rest
    .join(' ')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => (ROLE_BY_NAME.has(fold(part)) ? [part] : part.split(/\s+/)))
    .map((name) => ROLE_BY_NAME.get(fold(name)));
  if (!userId || roles.length === 0 || roles.some((r) => r === undefined)) return undefined;
  return { userId, roles: roles as Role[] };
}

/** A role by its id or by its name in either language, folded ("administratör", "team lead"). */
const ROLE_BY_NAME = new Map(
  Role.options.flatMap((r) => [r, t('sv', `role.${r}`), t('en', `role.${r}`)].map((name) => [fold(name), r] as const)),
);

const roleNames = (actor: Pick<Actor, 'roles'>, tr: T): string => actor.roles.map((r) => tr(`role.${r}`)).join(', ');

export function myRoles(deps: RolesDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    // `roller` reads the user's Entra ID groups again: a change in a group counts at once.
    const read = await deps.directory.refresh(turn.actor.userId, turn.place.tenantId, true);
    const actor = read === 'read' ? deps.directory.actor(turn.actor.userId, turn.actor.name) : turn.actor;
    const providers = providerNames(actor.providers, deps.reference, tr);
    const sources = deps.directory.sources(turn.actor.userId);
    const roles = [...sources]
      .map(([role, from]) => (role === 'medarbetare' ? tr('role.medarbetare') : `${tr(`role.${role}`)} (${tr(`roles.from.${from}`)})`))
      .join(', ');
    const mine = tr('roles.mine', { roles, providers, userId: turn.actor.userId });
    return say(read === 'unavailable' ? `${tr('groups.unavailable')}\n\n${mine}` : mine);
  };
}

export function changeRoles(deps: RolesDeps, mode: 'grant' | 'revoke'): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const grant = parseGrant(turn.args);
    if (!grant) return say(tr('roles.usage', { roles: Role.options.map((r) => tr(`role.${r}`)).join(', ') }));
    if (hasIdentity(grant.userId) || !(deps.directory.knows(grant.userId) || deps.profiles.get(grant.userId))) {
      return say(tr('roles.unknownUser'));
    }
    const before = deps.directory.actor(grant.userId, '');
    const next = new Set(before.roles);
    for (const r of grant.roles) {
      if (mode === 'grant') next.add(r);
      else next.delete(r);
    }
    next.delete('medarbetare');
    // Kept as the change against the roles file, so the file's later changes still count.
    const file = deps.directory.fileRoles(grant.userId);
    const current = deps.stores.grants.get(grant.userId);
    await deps.stores.grants.put(
      {
        id: grant.userId,
        added: [...next].filter((r) => !file.includes(r)),
        removed: file.filter((r) => !next.has(r)),
        updatedAt: turn.now.toISOString(),
        updatedBy: turn.actor.userId,
      },
      { expectedVersion: current?.version ?? 0 },
    );
    await deps.audit.record(turn.actor.userId, `roles.${mode}`, turn.now, {
      userId: grant.userId,
      roles: grant.roles,
      before: before.roles,
      after: [...next],
    });
    return say(tr('roles.changed', { userId: grant.userId, roles: roleNames(deps.directory.actor(grant.userId, ''), tr) }));
  };
}
