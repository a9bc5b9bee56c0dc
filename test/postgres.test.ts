// The bot on PostgreSQL (STORE=postgres) against the real local server: it keeps its cases
// across a restart, /healthz asks the database, stopping closes every connection; migrate:store
// copies an embedded store over and verifies it; a database newer than the bot is refused.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { testToday } from './support/clock.js';
import { Harness, personal, type User } from './support/harness.js';
import { freshSchema } from './support/postgres.js';
import { runToExit } from './support/process.js';
import { openStore } from '../src/collections.js';
import { closedLongAgo } from './support/cases.js';

const rut: User = { aadObjectId: 'aad-rut', name: 'Rut' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle' };
const ROLES = { 'aad-off': { roles: ['handlaggare', 'teamet'], providers: ['*'] } };

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe('the bot on PostgreSQL', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('keeps a report across a restart, answers /healthz from the database, and closes its connections on stop', async () => {
    const schema = await freshSchema();
    cleanup.push(schema.drop);
    const env = { STORE: 'postgres', DATABASE_URL: schema.url, INSTANCE_ID: `pg-test-${process.pid}` };
    const h = await Harness.start({ roles: ROLES, env });
    await h.report(rut, {
      kind: 'avvikelse',
      eventDate: addDays(testToday, -1),
      reporterUnit: 'boras',
      receiver: 'sahlgrenska',
      category: 'lakemedel',
      cause: 'kommunikationsbrist',
      consequence: 'risk',
      severity: '2',
      description: 'Läkemedelslistan saknades vid överföringen.',
      immediateAction: 'Ringde.',
      dialogue: 'ja',
    });
    const [stored] = h.bot.stores.cases.all();
    expect(stored?.number).toMatch(/^AVV-\d{4}-00001$/);
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);

    await h.restart({ roles: ROLES, env });
    expect(h.bot.stores.cases.get(stored!.id)).toEqual(stored);
    await h.say(rut, personal(rut), 'mina avvikelser');
    expect(JSON.stringify(h.connector.cards().at(-1))).toContain(stored!.number);
    // The next number continues the sequence in the database.
    expect(await query<{ value: string }>(schema.url, 'SELECT value FROM store_sequences')).toEqual([{ value: '1' }]);

    await h.stop();
    const left = await query(schema.url, 'SELECT pid FROM pg_stat_activity WHERE application_name = $1', [
      `avvikelseboten ${env.INSTANCE_ID}`,
    ]);
    expect(left).toEqual([]);
  });

  it('refuses to start on a database whose schema is newer than it knows, saying so', async () => {
    const schema = await freshSchema();
    cleanup.push(schema.drop);
    await query(
      schema.url,
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    await query(schema.url, "INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')");
    const { code, stderr, logs } = await runToExit({ STORE: 'postgres', DATABASE_URL: schema.url });
    expect(code).not.toBe(0);
    expect(`${stderr}${JSON.stringify(logs)}`).toContain('version 999');
    expect(
      await query(
        schema.url,
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'store_records'",
      ),
    ).toEqual([]);
  });

  it('copies an embedded store with migrate:store, verified, and the bot goes on with it', async () => {
    const schema = await freshSchema();
    cleanup.push(schema.drop);
    const dir = await mkdtemp(path.join(tmpdir(), 'migrate-store-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await mkdir(path.join(dir, 'store', 'cases'), { recursive: true });
    // A store main wrote before the two ladders (cases schema 1): migrated on the way.
    await cp('test/fixtures/store-v1/cases/2026-11.json', path.join(dir, 'store', 'cases', '2026-11.json'));
    // And a case closed in 2019, which a start leaves on disk: it is copied too.
    const embedded = await openStore(path.join(dir, 'store'));
    await embedded.cases.put(closedLongAgo());
    await embedded.close();
    const run = (extra: string[] = []) =>
      promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/migrate-store.ts',
          '--from',
          'lowdb',
          '--to',
          'postgres',
          '--data-dir',
          path.join(dir, 'store'),
          '--database-url',
          schema.url,
          ...extra,
        ],
        {
          env: { PATH: process.env['PATH'] },
        },
      );
    const { stdout } = await run();
    expect(stdout).toMatch(/ok {3}cases +8 → +8 {2}(\w+) = \1/);
    // A second copy into a database that holds records is refused.
    await expect(run()).rejects.toMatchObject({ code: 1 });

    const h = await Harness.start({ roles: ROLES, env: { STORE: 'postgres', DATABASE_URL: schema.url } });
    cleanup.push(() => h.stop());
    const at3a = h.bot.stores.cases.all().find((c) => c.step === '3a')!;
    expect(at3a.track).toBe('fordjupad');
    const res = await h.execute(officer, personal(officer), 'arende.steg', {
      caseId: at3a.id,
      version: String(at3a.version),
      to: '3b',
      comment: 'Följd upp med jurist',
    });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    // The declared indexes were built in SQL for the copied records.
    const keys = await query<{ c: string }>(
      schema.url,
      "SELECT count(*) AS c FROM store_keys WHERE collection = 'cases' AND index_name = 'formId'",
    );
    await (h.bot.stores.cases as unknown as { built?: () => Promise<void> }).built?.();
    const after = await query<{ c: string }>(
      schema.url,
      "SELECT count(*) AS c FROM store_keys WHERE collection = 'cases' AND index_name = 'formId'",
    );
    expect(Number(after[0]!.c)).toBeGreaterThanOrEqual(7);
    expect(Number(keys[0]!.c)).toBeLessThanOrEqual(Number(after[0]!.c));
  });
});
