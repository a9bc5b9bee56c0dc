// Two bot processes on one PostgreSQL database behave as one bot (issue 18): behind a
// round-robin proxy, a double submit that reaches both instances stores one case, numbers stay
// unique; due reminders are delivered once each, also when the sweeping instance is killed
// with -9 halfway: the other finishes its work. The real local PostgreSQL, no mock.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { caseWithPlan } from '../src/seed/dataset.js';
import { openConfiguredStore } from '../src/collections.js';
import { loadToolConfig } from '../src/config.js';
import { FakeConnector } from './support/fakeConnector.js';
import { personalChats } from './support/chats.js';
import { submitReport } from './support/submit.js';
import { startProcess, stopProcess, type BotProcess } from './support/process.js';
import { freshSchema } from './support/postgres.js';
import { testToday } from './support/clock.js';

/** A proxy that hands each request to the next instance in turn, as a load balancer does. */
async function roundRobin(targets: () => string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const list = targets();
    const target = new URL(req.url ?? '/', list[next++ % list.length]);
    const upstream = http.request(target, { method: req.method, headers: req.headers, agent }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      res.writeHead(502);
      res.end(`proxy: ${err.code ?? err.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('two instances on one PostgreSQL database', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  });

  async function setUp(extra: Record<string, string>, roles: Record<string, unknown> = {}) {
    const schema = await freshSchema('inst');
    cleanup.push(schema.drop);
    const connector = new FakeConnector();
    await connector.start();
    cleanup.push(() => connector.stop());
    const dir = await mkdtemp(path.join(tmpdir(), 'instances-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const rolesFile = path.join(dir, 'roles.json');
    await writeFile(rolesFile, JSON.stringify({ users: roles }));
    const env = {
      STORE: 'postgres',
      DATABASE_URL: schema.url,
      ROLES_FILE: rolesFile,
      DATA_DIR: path.join(dir, 'unused'),
      PG_POOL_MAX: '8',
      ...extra,
    };
    const start = async (name: string, more: Record<string, string> = {}) => {
      const p = await startProcess({ ...env, INSTANCE_ID: name, ...more });
      cleanup.push(() => stopProcess(p, 'SIGKILL'));
      return p;
    };
    return { schema, connector, start };
  }

  it('stores one case per form from 1 000 double submits spread over both, with unique numbers', async () => {
    const { schema, connector, start } = await setUp({ REMINDER_SWEEP_SECONDS: '0' });
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const proxy = await roundRobin(() => [a.url, b.url]);
    cleanup.push(proxy.close);
    const forms = Array.from({ length: 1000 }, () => randomUUID());
    const answers: Awaited<ReturnType<typeof submitReport>>[][] = [];
    for (let i = 0; i < forms.length; i += 50) {
      // Each form twice at once: the proxy sends the two deliveries to different instances.
      const batch = forms
        .slice(i, i + 50)
        .map((f, j) => Promise.all([submitReport(proxy.url, connector.url, f, i + j), submitReport(proxy.url, connector.url, f, i + j)]));
      answers.push(...(await Promise.all(batch)));
    }
    // Every delivery answered with a card, and no instance logged an error on the way.
    expect(answers.flat().filter((r) => r.status !== 200 || !r.text)).toEqual([]);
    expect([a, b].flatMap((p) => p.logs.filter((l) => Number(l['level']) >= 50 && l['err'] !== undefined))).toEqual([]);
    // Both deliveries of a form were answered with the same case number.
    const numberIn = (r: { body: { value?: unknown } }) => /AVV-\d{4}-\d{5}/.exec(JSON.stringify(r.body.value))?.[0];
    expect(answers.filter(([x, y]) => !numberIn(x!) || numberIn(x!) !== numberIn(y!))).toEqual([]);

    const db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    cleanup.push(() => db.end());
    const rows = (
      await db.query<{ n: string; f: string }>(
        "SELECT data->>'number' AS n, data->>'formId' AS f FROM store_records WHERE collection = 'cases'",
      )
    ).rows;
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.n)).size).toBe(1000);
    expect(new Set(rows.map((r) => r.f))).toEqual(new Set(forms));
    // Both instances served (the proxy alternated), and each sees every case.
    expect([a, b].map((p) => p.logs.filter((l) => l['msg'] === 'card action').length >= 500)).toEqual([true, true]);
  }, 180_000);

  it('delivers 2 000 due reminders once each, the other instance finishing after the sweeper is killed -9', async () => {
    const officers = Array.from({ length: 200 }, (_, i) => `aad-off-${i}`);
    const roles = Object.fromEntries(officers.map((o) => [o, { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] }]));
    const { schema, connector, start } = await setUp({ REMINDER_SWEEP_SECONDS: '1', PROACTIVE_PER_SECOND: '1000' }, roles);

    // 2 000 action plans due last Friday, ten for each of 200 officers with a personal chat.
    const config = loadToolConfig({ STORE: 'postgres', DATABASE_URL: schema.url, INSTANCE_ID: 'seed' });
    const seed = await openConfiguredStore(config, pino({ level: 'silent' }));
    const due = addDays(testToday, -3);
    await seed.cases.putMany(Array.from({ length: 2000 }, (_, n) => caseWithPlan(due, officers[n % 200]!, n + 1)));
    await seed.conversations.putMany(personalChats(officers, connector.url));
    await seed.close();

    const db = new pg.Client({ connectionString: schema.url });
    await db.connect();
    cleanup.push(() => db.end());
    const sent = async () =>
      Number(
        (
          await db.query<{ c: string }>(
            "SELECT count(*) AS c FROM store_records WHERE collection = 'reminders' AND data->>'status' = 'sent'",
          )
        ).rows[0]!.c,
      );

    // A sweeps; after 600 messages Teams stops answering, and A is killed while it waits.
    connector.holdAfter(600);
    const a: BotProcess = await start('a');
    const waitFor = async (check: () => Promise<boolean>, ms = 60_000) => {
      const until = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > until) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await waitFor(async () => (await sent()) === 600);
    // Debug: B says each sweep that found nothing due, so the test can wait for B's sweeps.
    const b = await start('b', { LOG_LEVEL: 'debug' });
    await new Promise((r) => setTimeout(r, 1500)); // B tries to sweep and is kept out while A holds the sweep
    expect(await sent()).toBe(600);
    a.child.kill('SIGKILL');
    await a.exited;
    // The connector hears A's connections close (what A was waiting on was never answered).
    await new Promise((r) => setTimeout(r, 300));
    connector.release();
    await waitFor(async () => (await sent()) === 2000);
    // B sweeps again, and again: it finds nothing due, and nothing more goes out.
    const idle = () => b.logs.filter((l) => l['msg'] === 'reminder sweep: nothing due').length;
    const before = idle();
    await waitFor(async () => idle() >= before + 2, 30_000);

    const delivered = connector.recorded.filter((r) => r.method === 'send').map((r) => /AVV-\d{4}-\d{5}/.exec(JSON.stringify(r.body))?.[0]);
    expect(delivered).toHaveLength(2000);
    expect(new Set(delivered).size).toBe(2000);
    expect(b.logs.some((l) => l['msg'] === 'reminder sweep' && l['instance'] === 'b')).toBe(true);
  }, 180_000);
});
