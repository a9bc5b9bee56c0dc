// Schema migrations for the PostgreSQL store: numbered SQL files in migrations/postgres, applied
// in order, each in its own transaction, under an advisory lock so instances starting together
// apply each once. A small runner rather than a library: the store needs forward-only SQL files,
// one lock and one refusal (a database newer than this code), and nothing a library adds.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from 'pg';
import { held } from './database.js';
import { StoreLoadError } from '../lowdb/partitionFile.js';

/** The advisory lock key every instance takes while migrating (any fixed 64-bit number). */
const MIGRATION_LOCK = 4_711_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return Promise.all(files.map(async (f) => ({ version: Number(f.slice(0, 3)), name: f, sql: await readFile(path.join(dir, f), 'utf8') })));
}

/**
 * Brings the database up to the newest migration this code knows; refuses (StoreLoadError) a
 * database whose schema is newer, so an old instance never writes a schema it does not know.
 * Returns the versions it applied.
 */
/** The versions applied, or undefined where the schema has no migrations table yet. */
async function appliedVersions(pool: Pool): Promise<Set<number> | undefined> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (!exists.rows[0]?.t) return undefined;
  return new Set((await pool.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
}

export async function migrate(pool: Pool, migrations: readonly Migration[]): Promise<number[]> {
  // A current schema needs no DDL, so a runtime role without CREATE starts it; only a schema
  // behind this code takes the lock and the migrating role's rights.
  const applied = await appliedVersions(pool);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (applied && migrations.every((m) => applied.has(m.version)) && Math.max(0, ...applied) <= known) return [];
  return held(pool, async (client) => {
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      const known = Math.max(0, ...migrations.map((m) => m.version));
      const newest = Math.max(0, ...done);
      if (newest > known)
        throw new StoreLoadError(
          `databasens schema har version ${newest}, den här versionen av boten känner till högst ${known}: uppgradera boten, inte databasen`,
        );
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
        applied.push(m.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}
