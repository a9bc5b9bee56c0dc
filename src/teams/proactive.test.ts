import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { ManualClock } from '../core/clock.js';
import { RateLimiter } from '../core/limiter.js';
import { MemoryRecordStore } from '../store/memory.js';
import { ConversationRegistry, type ConversationRecord } from '../conversations/registry.js';
import { Profiles, type Profile } from '../conversations/profiles.js';
import { ProactiveNotifier } from './proactive.js';

/** An adapter whose sends answer with the statuses given, in order (then succeed). */
function adapter(statuses: { status: number; retryAfter?: string }[]) {
  const sends: unknown[] = [];
  const fake = {
    continueConversationAsync: async (_id: string, _ref: unknown, logic: (ctx: TurnContext) => Promise<void>) => {
      await logic({
        sendActivity: async (a: unknown) => {
          const next = statuses.shift();
          if (next)
            throw Object.assign(new Error('fail'), {
              statusCode: next.status,
              response: { status: next.status, headers: { get: (n: string) => (n === 'retry-after' ? next.retryAfter : undefined) } },
            });
          sends.push(a);
          return { id: 'x' };
        },
      } as unknown as TurnContext);
    },
  };
  return { adapter: fake as unknown as CloudAdapter, sends };
}

async function notifier(statuses: { status: number; retryAfter?: string }[]) {
  const clock = new ManualClock(new Date('2026-11-30T09:00:00Z'));
  const registry = new ConversationRegistry(
    new MemoryRecordStore<ConversationRecord>('conversations'),
    new Profiles(new MemoryRecordStore<Profile>('profiles')),
  );
  await registry.remember({ key: 'user:u1', kind: 'personal' }, { serviceUrl: 'https://smba.example/' }, clock.now(), 'u1');
  const slept: number[] = [];
  const { adapter: a, sends } = adapter(statuses);
  const limiter = new RateLimiter(
    undefined,
    undefined,
    () => 0,
    async () => undefined,
  );
  const n = new ProactiveNotifier(
    a,
    'app',
    registry,
    clock,
    pino({ level: 'silent' }),
    { maxAttempts: 4, baseBackoffMs: 500 },
    limiter,
    async (ms) => {
      slept.push(ms);
    },
  );
  return { n, slept, sends, registry };
}

describe('proactive delivery', () => {
  it('waits as long as Retry-After says after a 429, and delivers once', async () => {
    const { n, slept, sends } = await notifier([
      { status: 429, retryAfter: '1' },
      { status: 429, retryAfter: '2' },
    ]);
    expect(await n.deliver({ to: { kind: 'user', userId: 'u1' }, message: { text: 'x' } })).toBe('sent');
    expect(slept).toEqual([1000, 2000]);
    expect(sends).toHaveLength(1);
  });

  it('backs off on 503 and gives up after the last attempt', async () => {
    const { n, slept, sends } = await notifier([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    expect(await n.deliver({ to: { kind: 'user', userId: 'u1' }, message: { text: 'x' } })).toBe('failed');
    expect(slept).toHaveLength(3);
    expect(slept[1]!).toBeGreaterThan(slept[0]! / 2);
    expect(sends).toHaveLength(0);
  });

  it('marks the conversation stale on 403 and never retries it', async () => {
    const { n, slept, registry } = await notifier([{ status: 403 }]);
    expect(await n.deliver({ to: { kind: 'user', userId: 'u1' }, message: { text: 'x' } })).toBe('unreachable');
    expect(slept).toEqual([]);
    expect(registry.get('user:u1')?.stale).toBe(true);
  });
});
