// Reading an inbound activity: which tenant, which kind of conversation, and the card action
// data without the routing verb. The rest of the bot never sees an Activity.
import { ActivityTypes, type Activity } from 'botbuilder';
import type { Place } from '../core/turn.js';
import { personalKey } from '../conversations/registry.js';

export function tenantOf(a: Pick<Activity, 'channelData' | 'conversation'>): string | undefined {
  const cd = a.channelData as { tenant?: { id?: string } } | undefined;
  return cd?.tenant?.id ?? a.conversation?.tenantId;
}

/** Who sent it: the Entra object id when Teams gives one, else the channel account id. */
export const userIdOf = (a: Pick<Activity, 'from'>): string => a.from?.aadObjectId ?? a.from?.id ?? 'unknown';

/** The verb of a card action: Action.Execute carries it in the invoke, Action.Submit in its data. */
export function actionVerb(a: Activity): string | undefined {
  const value = (a.value ?? {}) as { verb?: unknown; action?: { verb?: unknown } };
  const verb = a.type === ActivityTypes.Invoke ? value.action?.verb : value.verb;
  return typeof verb === 'string' ? verb : undefined;
}

/**
 * A channel's own id: Teams puts `;messageid=<root post>` in the conversation id of every thread,
 * and a channel is one place (its links, its organisation, its indicators, where notices go),
 * not one per thread (issue 34.6: a record per post, 18 551 in three minutes). The reply to a
 * turn still goes into its thread: it is sent through the turn, not the stored reference.
 */
export const channelRoot = (conversationId: string): string => conversationId.replace(/;messageid=.*$/, '');

/** The channel's key for a key stored under a thread of it (or undefined: not a channel's). */
export const channelKeyRoot = (key: string): string | undefined => (key.startsWith('channel:') ? channelRoot(key) : undefined);

export function placeOf(a: Activity): Place {
  const cd = (a.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
  const type = a.conversation?.conversationType;
  const userId = userIdOf(a);
  const tenantId = tenantOf(a);
  if (type === 'channel' || cd.team?.id) {
    return { key: `channel:${channelRoot(a.conversation.id)}`, kind: 'channel', tenantId, teamId: cd.team?.id, channelId: cd.channel?.id };
  }
  if (type === 'groupChat') return { key: `chat:${a.conversation.id}`, kind: 'groupChat', tenantId };
  return { key: personalKey(userId), kind: 'personal', tenantId };
}

/** Card action data without the routing verb, from Action.Execute or Action.Submit. */
export function actionData(a: Activity): { data: Record<string, unknown>; universal: boolean } {
  const value = (a.value ?? {}) as { action?: { data?: Record<string, unknown> } } & Record<string, unknown>;
  const universal = a.type === ActivityTypes.Invoke;
  const raw = universal ? (value.action?.data ?? {}) : value;
  const { verb: _verb, ...data } = raw;
  return { data, universal };
}
