// Least privilege (issue 29.4): a runtime role with DML and EXECUTE on a migrated schema, and no
// CREATE, starts the bot and stores a report; only the migrating role needs DDL. The SQL is the
// README's (Several instances on PostgreSQL → rights).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../src/store/postgres/migrate.js';
import { migrationsDir } from '../src/store/postgres/index.js';
import { minimumReport } from './support/cases.js';
import { Harness, type User } from './support/harness.js';
import { freshSchema } from './support/postgres.js';

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const nurse: User = { aadObjectId: 'aad-nurse', name: 'Nora' };

describe('a runtime role without CREATE (issue 29.4)', () => {
  const role = `avv_runtime_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let admin: pg.Client;
  let h: Harness | undefined;
  beforeAll(async () => {
    schema = await freshSchema('rights');
    // The migrating role (here the superuser) brings the schema up to date.
    const pool = new pg.Pool({ connectionString: schema.url, max: 2 });
    await migrate(pool, await readMigrations(migrationsDir()));
    await pool.end();
    const name = new URL(schema.url).searchParams.get('options')!.split('=').at(-1)!;
    admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    for (const sql of [
      `CREATE ROLE ${role} LOGIN`,
      `GRANT USAGE ON SCHEMA ${name} TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${name} TO ${role}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${name} TO ${role}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${name} TO ${role}`,
    ])
      await admin.query(sql);
  });
  afterAll(async () => {
    await h?.stop().catch(() => undefined);
    await schema.drop();
    await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('starts on the migrated schema and stores a report', async () => {
    const url = schema.url.replace('postgres@', `${role}@`);
    h = await Harness.start({ env: { STORE: 'postgres', DATABASE_URL: url } });
    const c = await h.report(nurse, minimumReport({ eventDate: '2026-11-20' }));
    expect(c?.number).toMatch(/^AVV-/);
  });
});
