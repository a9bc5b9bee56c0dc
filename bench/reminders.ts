// Benchmark subject: reminder delivery. The real bot (own process, empty store) with OFFICERS
// case officers, each installed in a personal chat over /api/messages like Teams does, and
// COUNT cases whose action plans are due in three days, so one sweep owes COUNT reminders.
// Reports how long the sweep took, what the bot logged as sent, and whether a second sweep sent
// anything (it must not: once each). The connector counts what arrived.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startBot } from '../src/bot.js';
import { caseWithPlan } from '../src/seed/dataset.js';

const COUNT = Number(process.env['REMINDERS'] ?? 10_000);
const OFFICERS = 200;
const connector = process.env['CONNECTOR_URL']!;
// Tuesday 2026-11-24 09:30 Stockholm; plans due Friday: the 3-days-before stage is due now.
const NOW = '2026-11-24T08:30:00Z';
const DUE = '2026-11-27';

const dir = await mkdtemp(path.join(tmpdir(), 'bench-reminders-'));
const officers = Array.from({ length: OFFICERS }, (_, i) => `bench-officer-${i}`);
const rolesFile = path.join(dir, 'roles.json');
await writeFile(rolesFile, JSON.stringify({ users: Object.fromEntries(officers.map((o) => [o, { roles: ['handlaggare'] }])) }));
const bot = await startBot({
  env: {
    ...process.env,
    NODE_ENV: 'test',
    ALLOW_ANONYMOUS: 'true',
    PORT: '0',
    LOG_LEVEL: 'silent',
    REMINDER_SWEEP_SECONDS: '0',
    DATA_DIR: path.join(dir, 'store'),
    ROLES_FILE: rolesFile,
    FAKE_NOW: NOW,
  },
});

for (const officer of officers) {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: randomUUID(),
      type: 'conversationUpdate',
      channelId: 'msteams',
      serviceUrl: connector,
      from: { id: `29:${officer}`, aadObjectId: officer, name: officer },
      recipient: { id: '28:bot' },
      conversation: { id: `a:remind-${officer}`, conversationType: 'personal', tenantId: 't' },
      channelData: { tenant: { id: 't' } },
      membersAdded: [{ id: '28:bot' }],
    }),
  });
  if (!res.ok) throw new Error(`install ${officer}: ${res.status}`);
}
process.send?.({ installed: OFFICERS });
await new Promise<void>((resolve) => process.once('message', () => resolve()));

await bot.stores.cases.putMany(Array.from({ length: COUNT }, (_, i) => caseWithPlan(DUE, officers[i % OFFICERS]!, i + 1)));
const started = performance.now();
const report = await bot.reminders.sweep();
const sweepMs = Math.round(performance.now() - started);
const again = await bot.reminders.sweep();
const logged = bot.stores.reminders.all().filter((r) => r.status === 'sent').length;
process.send?.({ count: COUNT, officers: OFFICERS, sweepMs, report, secondSweepSent: again.sent, loggedSent: logged });
await bot.stop();
await rm(dir, { recursive: true, force: true });
process.exit(0);
