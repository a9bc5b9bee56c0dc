import { describe, expect, it } from 'vitest';
import { RateLimiter } from './limiter.js';

/** A limiter on a fake clock: sleeping moves the clock, nothing waits for real. */
function fake() {
  let now = 0;
  const limiter = new RateLimiter(
    [{ max: 7, ms: 1_000 }],
    [{ max: 50, ms: 1_000 }],
    () => now,
    async (ms) => {
      now += ms;
    },
  );
  return { limiter, now: () => now };
}

describe('the send rate limiter (Teams: 7/s per conversation, 50/s per tenant)', () => {
  it('never starts more than 7 sends to one conversation in any second', async () => {
    const { limiter, now } = fake();
    const starts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const release = await limiter.acquire('c1');
      starts.push(now());
      release();
    }
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(7);
    expect(starts.at(-1)!).toBeGreaterThanOrEqual(4_000);
  });

  it('never starts more than 50 sends in any second across conversations', async () => {
    const { limiter, now } = fake();
    const starts: number[] = [];
    for (let i = 0; i < 200; i++) {
      const release = await limiter.acquire(`c${i % 40}`);
      starts.push(now());
      release();
    }
    for (const t of starts) expect(starts.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(50);
  });
});
