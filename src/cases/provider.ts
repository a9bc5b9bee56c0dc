// `vårdgivare <namn>` (also `leverantör`): a provider's traffic light and open cases, for the
// follow-up team and only for providers in the user's scope; and the light's manual override.
import { z } from 'zod/v4';
import type { CapabilityDeps } from '../deps.js';
import { todayOf } from '../core/clock.js';
import { translator } from '../core/i18n/index.js';
import { oneProvider } from '../core/providers.js';
import { newCard, replaceForAll, say } from '../core/reply.js';
import { CASE_OFFICERS, hasRole } from '../core/roles.js';
import { actsFor } from '../core/scope.js';
import { FreeText } from '../core/screen.js';
import type { Card, Handler, ScopeCheck, Turn } from '../core/turn.js';
import type { CaseCards } from './cards.js';
import { contractAllows } from './rules/index.js';
import { Light, lightFrom, providerLight } from './traffic.js';
import { CaseQueries } from './queries.js';

export interface ProviderDeps extends Pick<CapabilityDeps<'cases' | 'lights'>, 'stores' | 'reference' | 'audit' | 'registry'> {
  cards: CaseCards;
}

const OverrideData = z.object({ providerId: z.string().min(1).max(64), color: Light, reason: FreeText(1000).pipe(z.string().min(3)) });

async function providerCard(deps: ProviderDeps, turn: Turn, providerId: string, notice = ''): Promise<Card> {
  const q = CaseQueries.of(deps.stores.cases);
  const today = todayOf(turn);
  const light = contractAllows(deps.reference.ladder, deps.reference.provider(providerId))
    ? providerLight(
        lightFrom(await q.lights(today, deps.reference.ladder), providerId, today, deps.reference.ladder),
        deps.stores.lights.get(providerId),
      )
    : undefined;
  const open = q.openReceivedBy(providerId);
  return deps.cards.provider(
    turn.locale,
    providerId,
    light,
    open,
    q.receivedBy(providerId) - open.length,
    hasRole(turn.actor, ...CASE_OFFICERS),
    notice,
  );
}

export function showProvider(deps: ProviderDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const provider = oneProvider(deps.reference.providers, turn, 'provider.usage');
    if (!('id' in provider)) return provider;
    if (!actsFor(turn.actor, provider.id)) return say(tr('provider.outsideScope', { provider: provider.name }));
    // The light is the team's internal judgement: not on a card every channel member reads.
    if (!deps.registry.teamWorksIn(turn.place)) return say(tr('light.onlyWhereTeamWorks'));
    return newCard(await providerCard(deps, turn, provider.id));
  };
}

/** The override verb's guard: a known provider the actor acts for. */
export function providerScope(deps: Pick<CapabilityDeps, 'reference'>): (turn: Turn) => ScopeCheck {
  return (turn) => {
    const id = (turn.data as { providerId?: unknown } | undefined)?.providerId;
    if (typeof id !== 'string' || !deps.reference.provider(id)) return 'unknown';
    return { subject: id, inScope: actsFor(turn.actor, id) };
  };
}

export function overrideLight(deps: ProviderDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const parsed = OverrideData.safeParse(turn.data);
    if (!parsed.success) return say(tr('light.invalid'));
    const { providerId, color, reason } = parsed.data;
    const provider = deps.reference.provider(providerId);
    if (!contractAllows(deps.reference.ladder, provider)) return say(tr('light.notContract', { provider: provider?.name ?? providerId }));
    const current = deps.stores.lights.get(providerId);
    await deps.stores.lights.put(
      { id: providerId, color, reason, by: turn.actor.userId, at: turn.now.toISOString() },
      { expectedVersion: current?.version ?? 0 },
    );
    await deps.audit.record(turn.actor.userId, 'light.override', turn.now, { providerId, color, before: current?.color });
    return replaceForAll(await providerCard(deps, turn, providerId, tr('case.saved')));
  };
}
