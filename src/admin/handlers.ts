// Roles in chat: anyone sees their own (`roller`); an admin grants and revokes
// (`ge roll <användar-id> <roll>`, `ta roll <användar-id> <roll>`), each change audited.
import { randomUUID } from 'node:crypto';
import type { CapabilityDeps } from '../core/deps.js';
import { translator, type MessageKey } from '../core/i18n/index.js';
import { hasRole, Role, type Actor } from '../core/roles.js';
import type { Capability, Handler, Turn } from '../core/turn.js';

function parseGrant(args: string): { userId: string; roles: Role[] } | undefined {
  const [userId, ...rest] = args.split(/\s+/);
  const roles = rest.join(' ').split(/[\s,]+/).filter(Boolean);
  if (!userId || roles.length === 0) return undefined;
  const parsed = roles.map((r) => Role.safeParse(r.toLowerCase().replace('ä', 'a')));
  if (parsed.some((p) => !p.success)) return undefined;
  return { userId, roles: parsed.map((p) => p.data as Role) };
}

export function adminCapability(deps: CapabilityDeps): Capability {
  const reply = (text: string) => ({ send: [{ text }] });
  const roleNames = (turn: Turn, actor: Actor) => actor.roles.map((r) => translator(turn.locale)(`role.${r}` as MessageKey)).join(', ');

  const mine: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const providers = turn.actor.providers.map((id) => deps.reference.provider(id)?.shortName ?? id).join(', ') || '–';
    return reply(tr('roles.mine', { roles: roleNames(turn, turn.actor), providers, userId: turn.actor.userId }));
  };

  const change = (mode: 'grant' | 'revoke'): Handler => async (turn) => {
    const tr = translator(turn.locale);
    if (!hasRole(turn.actor, 'admin')) {
      await deps.stores.audit.put({
        id: randomUUID(),
        at: turn.now.toISOString(),
        actor: turn.actor.userId,
        action: `roles.${mode}.refused`,
        details: { args: turn.args.slice(0, 200), activityId: turn.activityId },
      });
      return reply(tr('roles.notAdmin'));
    }
    const grant = parseGrant(turn.args);
    if (!grant) return reply(tr('roles.usage', { roles: Role.options.join(', ') }));
    const before = deps.directory.actor(grant.userId, '');
    const next = new Set(before.roles);
    for (const r of grant.roles) (mode === 'grant' ? next.add(r) : next.delete(r));
    next.delete('medarbetare');
    const current = deps.stores.grants.get(grant.userId);
    await deps.stores.grants.put({
      id: grant.userId,
      roles: [...next],
      providers: before.providers,
      updatedAt: turn.now.toISOString(),
      updatedBy: turn.actor.userId,
    }, { expectedVersion: current?.version ?? 0 });
    await deps.stores.audit.put({
      id: randomUUID(),
      at: turn.now.toISOString(),
      actor: turn.actor.userId,
      action: `roles.${mode}`,
      details: { userId: grant.userId, roles: grant.roles, before: before.roles, after: [...next], activityId: turn.activityId },
    });
    const after = deps.directory.actor(grant.userId, '');
    return reply(tr('roles.changed', { userId: grant.userId, roles: roleNames(turn, after) }));
  };

  return {
    name: 'admin',
    routes: [
      { kind: 'command', name: 'roles', words: ['roller', 'roles', 'min roll', 'my roles'], handler: mine },
      { kind: 'command', name: 'grant', words: ['ge roll', 'grant role'], handler: change('grant') },
      { kind: 'command', name: 'revoke', words: ['ta roll', 'revoke role'], handler: change('revoke') },
    ],
  };
}
