// A slow database does not take down read-only commands (issue 29.3). Before, every turn's
// sync() sent its marker through the pool: with the pool's connections all waiting on a lock,
// 20 `hjälp` failed after 5–10 s. The marker now goes on the listener's own connection, so a
// turn that only reads answers from memory; the writes wait for the lock (and fail with "try
// again" if it outlasts the statement timeout). Against the real local server.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { minimumReport } from './support/cases.js';
import { Harness, personal, type User } from './support/harness.js';
import { freshSchema } from './support/postgres.js';

const nurse: User = { aadObjectId: 'aad-nurse', name: 'Nora' };
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
});

describe('a busy PostgreSQL pool (issue 29.3)', () => {
  it('answers hjälp from memory while every pool connection waits on a lock', async () => {
    const schema = await freshSchema('busy');
    cleanup.push(schema.drop);
    const h = await Harness.start({
      env: {
        STORE: 'postgres',
        DATABASE_URL: schema.url,
        PG_POOL_MAX: '2',
        PG_CONNECT_TIMEOUT_MS: '2000',
        PG_STATEMENT_TIMEOUT_MS: '30000',
      },
    });
    cleanup.push(() => h.stop());
    await h.install(nurse, personal(nurse));

    // An operator's long transaction holds the records table; two submits take the pool's two connections.
    const operator = new pg.Client({ connectionString: schema.url });
    await operator.connect();
    cleanup.push(() => operator.end());
    await operator.query('BEGIN');
    await operator.query('LOCK TABLE store_records IN ACCESS EXCLUSIVE MODE');
    const submits = [
      ['00000000-0000-4000-8000-000000002931', 'lakemedel'],
      ['00000000-0000-4000-8000-000000002932', 'in-och-utskrivning'],
    ].map(([formId, category]) =>
      h.execute(nurse, personal(nurse), 'avvikelse.skicka', { formId, ...minimumReport({ eventDate: '2026-11-20', category: category! }) }),
    );
    await new Promise((r) => setTimeout(r, 500));

    const started = Date.now();
    const helps = await Promise.all(Array.from({ length: 20 }, () => h.say(nurse, personal(nurse), 'hjälp')));
    const took = Date.now() - started;
    expect(helps.map((r) => r.status)).toEqual(Array(20).fill(200));
    const helpCards = h.connector.cards(personal(nurse).conversationId).filter((c) => JSON.stringify(c).includes('Dina roller'));
    expect(helpCards.length).toBeGreaterThanOrEqual(20);
    expect(took, `20 hjälp took ${took} ms`).toBeLessThan(3_000);

    // The lock goes; the waiting writes finish, each stored once.
    await operator.query('COMMIT');
    expect((await Promise.all(submits)).map((r) => r.status)).toEqual([200, 200]);
    expect(h.bot.stores.cases.all()).toHaveLength(2);
  }, 60_000);
});
