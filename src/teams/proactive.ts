// Proactive sends through stored conversation references (continueConversationAsync).
// Errors inside the callback would go to onTurnError, so they are caught inside it.
// Every send waits for the rate limiter (Teams' per-conversation and per-tenant limits).
// 429 is retried after Retry-After, 412/502/503/504 with backoff and jitter, a bounded number
// of times; 403/404 mean the bot can no longer post there: the reference is marked stale and
// the notification's fallback (e.g. the team channel) is tried instead, never a retry.
import { parseRetryAfter } from './sender.js';
import { TurnContext, type CloudAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { RateLimiter } from '../core/limiter.js';
import type { DeliveryResult, Notification, Notifier, Recipient } from '../core/turn.js';
import { personalKey, type ConversationRecord, type ConversationRegistry } from '../conversations/registry.js';
import { toActivity } from './replies.js';

/** gone: 403, the bot was removed there; missing: 404, the conversation is not found (a client that reconnected). */
type SendOutcome = 'sent' | 'gone' | 'missing' | 'failed';
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

/** Retry-After in ms (seconds or an HTTP date), when the error carries it. */
function retryAfterMs(err: unknown, now: number): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> } })?.response
    ?.headers;
  return parseRetryAfter(headers?.get?.('retry-after') ?? (headers?.['retry-after'] as string | undefined), now);
}

export interface RetryPolicy {
  maxAttempts: number;
  baseBackoffMs: number;
}

export class ProactiveNotifier implements Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly registry: ConversationRegistry,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = { maxAttempts: 4, baseBackoffMs: 500 },
    private readonly limiter = new RateLimiter(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  private resolve(to: Recipient): ConversationRecord | undefined {
    return this.registry.usable(to.kind === 'user' ? personalKey(to.userId) : to.key);
  }

  async deliver(n: Notification): Promise<DeliveryResult> {
    const target = this.resolve(n.to) ?? (n.to.kind === 'user' ? await this.openPersonalChat(n.to.userId) : undefined);
    let first = target ? await this.sendTo(target, n) : 'gone';
    // A user's stored chat that is not found (404: the client reconnected) is opened anew, once.
    if (first === 'missing' && n.to.kind === 'user') {
      const fresh = await this.openPersonalChat(n.to.userId);
      if (fresh) first = await this.sendTo(fresh, n);
    }
    if (first === 'sent') return 'sent';
    if (first === 'failed') return 'failed';
    const fallback = n.fallback ? this.resolve(n.fallback) : undefined;
    if (!fallback) return 'unreachable';
    const second = await this.sendTo(fallback, n);
    return second === 'sent' ? 'fallback' : second === 'failed' ? 'failed' : 'unreachable';
  }

  /**
   * A user with no personal chat yet, but seen in a channel: create the 1:1 conversation in the
   * tenant and keep its reference. Errors are caught inside the callback (else onTurnError).
   */
  private async openPersonalChat(userId: string): Promise<ConversationRecord | undefined> {
    const who = this.registry.identityOf(userId);
    if (!who) return undefined;
    let reference: Partial<ConversationReference> | undefined;
    try {
      await this.adapter.createConversationAsync(
        this.botAppId,
        'msteams',
        who.serviceUrl,
        'https://api.botframework.com',
        {
          isGroup: false,
          members: [{ id: who.id, name: '' }],
          tenantId: who.tenantId,
          channelData: { tenant: { id: who.tenantId } },
        } as ConversationParameters,
        async (ctx) => {
          reference = TurnContext.getConversationReference(ctx.activity);
        },
      );
    } catch (err) {
      this.log.warn({ status: statusOf(err), userId }, 'could not open a personal chat');
      return undefined;
    }
    if (!reference?.conversation?.id) return undefined;
    const key = personalKey(userId);
    const place = { key, kind: 'personal' as const, tenantId: who.tenantId };
    await this.registry.remember(
      place,
      {
        ...reference,
        conversation: { ...reference.conversation, conversationType: 'personal', tenantId: who.tenantId },
      } as unknown as Record<string, unknown>,
      this.clock.now(),
      userId,
    );
    return this.registry.usable(key);
  }

  private async sendTo(target: ConversationRecord, n: Notification): Promise<SendOutcome> {
    for (let attempt = 1; ; attempt++) {
      const release = await this.limiter.acquire(target.id);
      const { outcome, err } = await this.attempt(target, n).finally(release);
      if (outcome === 'sent') return 'sent';
      const status = statusOf(err);
      if (status === 403 || status === 404) {
        this.log.warn({ status, conversation: target.id }, 'bot can no longer post here; reference marked stale');
        await this.registry.markStale(target.id, this.clock.now());
        return status === 404 ? 'missing' : 'gone';
      }
      const retryable = status === undefined || RETRYABLE.has(status);
      if (!retryable || attempt >= this.retry.maxAttempts) {
        this.log.warn({ status, attempt, conversation: target.id }, 'proactive send failed');
        return 'failed';
      }
      const backoff = this.retry.baseBackoffMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await this.sleep(retryAfterMs(err, Date.now()) ?? backoff);
    }
  }

  private async attempt(target: ConversationRecord, n: Notification): Promise<{ outcome: 'sent' | 'error'; err?: unknown }> {
    let result: { outcome: 'sent' | 'error'; err?: unknown } = { outcome: 'error' };
    const reference = target.reference as Partial<ConversationReference>;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (ctx) => {
        try {
          await ctx.sendActivity(toActivity(n.message));
          result = { outcome: 'sent' };
        } catch (err) {
          result = { outcome: 'error', err };
        }
      });
    } catch (err) {
      result = { outcome: 'error', err };
    }
    return result;
  }
}
