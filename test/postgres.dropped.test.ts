// A dropped PostgreSQL connection never ends the process (issue 29.1): pg-pool listens for errors
// only on idle clients, so a client the bot holds (the sweep's advisory lock, a migration, an
// import chunk) that loses its connection emitted an unhandled 'error' and the bot exited 1.
// Against the real local server: the operator's pg_terminate_backend on the bot's connections.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../src/store/postgres/database.js';
import { freshSchema } from './support/postgres.js';
import { startProcess, stopProcess } from './support/process.js';
import { FakeConnector } from './support/fakeConnector.js';

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});

/** An operator's connection that ends every backend of one application name. */
async function operator(application: string): Promise<() => Promise<number>> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  cleanup.push(() => admin.end());
  return async () =>
    (
      await admin.query<{ n: string }>(
        'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
        [application],
      )
    ).rows[0]!.n as unknown as number;
}

describe('a dropped PostgreSQL connection (issue 29.1)', () => {
  it('ends a held lock cleanly: the job finishes, the next one takes the lock again', async () => {
    const schema = await freshSchema('dropped');
    cleanup.push(schema.drop);
    const instance = `dropped-${randomUUID().slice(0, 8)}`;
    const db = new Database(
      { url: schema.url, poolMax: 4, idleTimeoutMs: 1_000, connectTimeoutMs: 5_000, statementTimeoutMs: 10_000, instance },
      pino({ level: 'silent' }),
    );
    cleanup.push(() => db.close());
    const cut = await operator(`avvikelseboten ${instance}`);
    const outcome = await db
      .exclusive(`sweep-${instance}`, async () => {
        expect(Number(await cut())).toBeGreaterThan(0);
        await new Promise((r) => setTimeout(r, 300)); // the held client hears its connection end
        return 'sweep done';
      })
      .catch((err: Error) => `failed: ${err.message}`);
    expect(outcome).toMatch(/sweep done|failed/);
    expect(await db.exclusive(`sweep-${instance}`, async () => 'next sweep')).toBe('next sweep');
  });

  it('keeps the bot answering while every connection it holds is cut every 20 ms for 3 s', async () => {
    const schema = await freshSchema('dropped');
    cleanup.push(schema.drop);
    const connector = new FakeConnector();
    await connector.start();
    cleanup.push(() => connector.stop());
    const instance = `dropped-bot-${randomUUID().slice(0, 8)}`;
    const bot = await startProcess({ STORE: 'postgres', DATABASE_URL: schema.url, INSTANCE_ID: instance, REMINDER_SWEEP_SECONDS: '1' });
    cleanup.push(() => stopProcess(bot));
    const cut = await operator(`avvikelseboten ${instance}`);
    const until = Date.now() + 3_000;
    let cuts = 0;
    while (Date.now() < until && bot.child.exitCode === null) {
      cuts += Number(await cut());
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(cuts).toBeGreaterThan(10);
    expect(bot.child.exitCode, bot.stderr.join('\n')).toBeNull();
    // Back to normal: it answers (its pool makes new connections).
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      ok = (await fetch(`${bot.url}/healthz`).then((r) => r.status)) === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ok).toBe(true);
    expect(bot.logs.filter((l) => String(l['msg']).includes('Unhandled'))).toEqual([]);
  }, 60_000);
});
