// Benchmark subject: the real bot in its own process, configured as `npm start` runs it (the
// default log level, the reminder sweep and retention on). Reports when it listens (the bench
// times cold start itself, from spawn to the first reply), RSS, the longest event-loop stall
// since the last reset, and reminder planning time.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startBot } from '../src/bot.js';

const histogram = monitorEventLoopDelay({ resolution: 5 });
// The longest garbage-collection pause, to tell a GC stall from one in the bot's own code.
let maxGcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) maxGcMs = Math.max(maxGcMs, entry.duration);
}).observe({ entryTypes: ['gc'] });
const bot = await startBot({
  env: { ...process.env, NODE_ENV: 'test', ALLOW_ANONYMOUS: 'true', PORT: '0' },
});
const listeningMs = Math.round(process.uptime() * 1000);
histogram.enable();
process.send?.({
  url: bot.url,
  listeningMs,
  cases: bot.stores.cases.all().length,
});
process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'reset') {
    histogram.reset();
    maxGcMs = 0;
    process.send?.({ ok: true });
  }
  if (m.cmd === 'stats') {
    const rssMB = Math.round(process.memoryUsage().rss / 1e6);
    // With --expose-gc (the bench starts it so): live heap after a full collection, which tells
    // a leak from V8 simply keeping the heap it grew under load.
    const stall = { maxStallMs: Math.round(histogram.max / 1e6), maxGcPauseMs: Math.round(maxGcMs) };
    globalThis.gc?.();
    process.send?.({ ...stall, rssMB, liveHeapMB: Math.round(process.memoryUsage().heapUsed / 1e6) });
  }
  if (m.cmd === 'plan') {
    const t = performance.now();
    const planned = (await bot.reminders.planned()).length;
    process.send?.({ planned, planMs: Math.round(performance.now() - t) });
  }
  if (m.cmd === 'stop') void bot.stop().then(() => process.exit(0));
});
