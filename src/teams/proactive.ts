// Proactive sends through stored conversation references (continueConversationAsync).
// Errors inside the callback would go to onTurnError, so they are caught inside it.
// 403/404 mean the bot can no longer post there: the reference is marked stale and the
// notification's fallback (e.g. the team channel) is tried instead.
import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { DeliveryResult, Notification, Notifier, Recipient } from '../core/turn.js';
import { personalKey, type ConversationRecord, type ConversationRegistry } from '../conversations/registry.js';
import { toActivity } from './app.js';

type SendOutcome = 'sent' | 'gone' | 'failed';

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: number; status?: number; response?: { status?: number } };
  return e?.statusCode ?? e?.status ?? e?.response?.status;
}

export class ProactiveNotifier implements Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly registry: ConversationRegistry,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  private resolve(to: Recipient): ConversationRecord | undefined {
    return this.registry.usable(to.kind === 'user' ? personalKey(to.userId) : to.key);
  }

  async deliver(n: Notification): Promise<DeliveryResult> {
    const target = this.resolve(n.to);
    const first = target ? await this.sendTo(target, n) : 'gone';
    if (first === 'sent') return 'sent';
    if (first === 'failed') return 'failed';
    const fallback = n.fallback ? this.resolve(n.fallback) : undefined;
    if (!fallback) return 'unreachable';
    const second = await this.sendTo(fallback, n);
    return second === 'sent' ? 'fallback' : second === 'gone' ? 'unreachable' : 'failed';
  }

  private async sendTo(target: ConversationRecord, n: Notification): Promise<SendOutcome> {
    let outcome = 'failed' as SendOutcome;
    const reference = target.reference as Partial<ConversationReference>;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (ctx) => {
      try {
        await ctx.sendActivity(toActivity(n.message));
        outcome = 'sent';
      } catch (err) {
        const status = statusOf(err);
        outcome = status === 403 || status === 404 ? 'gone' : 'failed';
        this.log.warn({ status, conversation: target.id }, 'proactive send failed');
      }
    });
    if (outcome === 'gone') await this.registry.markStale(target.id, this.clock.now());
    return outcome;
  }
}
