// What happens to a POST /api/messages before any capability sees it: the body must look like
// an activity (400), the request must be authenticated (401, or 503 when the token keys cannot
// be fetched), and the activity must come from Teams and an allowed tenant (403). A user over
// the refusal limit whose action is refused again is answered here (app.ts). Only then does
// the adapter run it. Refusals are logged with ids only and never echo internals.
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod/v4';
import type { EdgeResponse } from '../server.js';
import { NotAuthenticated, type EdgeAdapter } from './adapter.js';
import { tenantOf } from './activity.js';

/** What a 503 asks a client to wait before it tries again (the pool reconnects within it). */
const RETRY_AFTER_SECONDS = '5';

/** A mention as the SDK reads it: it throws on one without `mentioned.id` or `text`. */
const Mention = z.looseObject({ mentioned: z.looseObject({ id: z.string() }), text: z.string() });

/**
 * The entities the SDK can read: objects with a type, mentions whole. Any other is dropped (the
 * text stays), so a malformed entity gets a normal answer, not a failed turn.
 */
const Entities = z.unknown().transform((list) =>
  Array.isArray(list)
    ? list.filter((e: unknown) => {
        const type = (e as { type?: unknown } | null)?.type;
        return typeof type === 'string' && (type.toLowerCase() !== 'mention' || Mention.safeParse(e).success);
      })
    : undefined,
);

/** The few fields the edge relies on; the rest passes through to the SDK as Teams sent it. */
const InboundActivity = z.looseObject({
  entities: Entities,
  type: z.string().min(1).max(100),
  id: z.string().max(500).optional(),
  channelId: z.string().max(100).optional(),
  serviceUrl: z.string().max(2048).optional(),
  timestamp: z.string().optional(),
  localTimestamp: z.string().optional(),
});

export interface AdmissionPolicy {
  /** Tenant ids whose activities are taken; empty or undefined: any tenant. */
  allowedTenants?: readonly string[];
  /** Channels other than Teams (the Emulator, Web Chat) only while developing. */
  teamsOnly: boolean;
}

export type Admission = { ok: true } | { ok: false; reason: 'channel not allowed' | 'tenant not allowed' };

/** Whether an authenticated activity may run at all (pure: unit-tested beside this file). */
export function admit(activity: Pick<Activity, 'channelId' | 'channelData' | 'conversation'>, policy: AdmissionPolicy): Admission {
  if (policy.teamsOnly && activity.channelId !== 'msteams') return { ok: false, reason: 'channel not allowed' };
  if (policy.allowedTenants?.length) {
    const tenant = tenantOf(activity);
    if (!tenant || !policy.allowedTenants.includes(tenant)) return { ok: false, reason: 'tenant not allowed' };
  }
  return { ok: true };
}

export interface EdgeDeps {
  adapter: EdgeAdapter;
  logic: (context: TurnContext) => Promise<void>;
  /** An answer without a turn, for what the edge can refuse from counts alone (app.ts). */
  shed?: (activity: Activity) => Promise<EdgeResponse | undefined>;
  policy: AdmissionPolicy;
  log: Logger;
}

export function edgeProcessor({
  adapter,
  logic,
  shed,
  policy,
  log,
}: EdgeDeps): (body: unknown, authorization: string) => Promise<EdgeResponse> {
  return async (body, authorization) => {
    const parsed = InboundActivity.safeParse(body);
    if (!parsed.success) return { status: 400 };
    const activity = parsed.data as unknown as Activity;
    if (!parsed.data.entities) delete activity.entities;
    // As botbuilder's own validator does: the SDK expects dates, Teams sends ISO strings.
    if (parsed.data.timestamp) activity.timestamp = new Date(parsed.data.timestamp);
    if (parsed.data.localTimestamp) activity.localTimestamp = new Date(parsed.data.localTimestamp);
    let auth;
    try {
      auth = await adapter.authenticate(activity, authorization);
    } catch (err) {
      if (!(err instanceof NotAuthenticated)) throw err;
      log.warn({ status: err.status, reason: err.reason, activityId: activity.id }, 'request not authenticated');
      return { status: err.status };
    }
    const admission = admit(activity, policy);
    if (!admission.ok) {
      log.warn({ activityId: activity.id, channelId: activity.channelId, tenant: tenantOf(activity) }, admission.reason);
      return { status: 403 };
    }
    const early = await shed?.(activity);
    if (early) return early;
    const invoke = await adapter.run(auth, activity, logic);
    if (!invoke) return { status: 200 };
    // 503: the store is away (adapter.ts); a client may try again shortly.
    return {
      status: invoke.status,
      body: invoke.body,
      ...(invoke.status === 503 ? { headers: { 'retry-after': RETRY_AFTER_SECONDS } } : {}),
    };
  };
}
