// The real local PostgreSQL the tests run against (the machine's service: trust auth, database
// test); TEST_DATABASE_URL points elsewhere. Each test gets collections of its own names, so
// test files running at once never meet, and every store a test opens is closed after it.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import type { DatabaseOptions } from '../../src/store/postgres/database.js';
import { openPostgres } from '../../src/store/postgres/index.js';
import type { Specs, StoresOf } from '../../src/store/index.js';

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The test database with its own schema first on the search path (tables, functions, NOTIFY channel). */
const schemaUrl = (schema: string) =>
  `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;

/** A new, empty schema for one test's bot (or two instances of one bot): its URL. */
export async function freshSchema(prefix = 't'): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  return {
    url: schemaUrl(schema),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

let shared: Promise<{ url: string; drop(): Promise<void> }> | undefined;
/** One schema for the store tests of this file (collections of their own names inside it). */
const sharedSchema = async () => (await (shared ??= freshSchema('store'))).url;

const pgOptions = (instance = 'test', url = TEST_DATABASE_URL): DatabaseOptions => ({
  url,
  poolMax: 4,
  idleTimeoutMs: 1_000,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 10_000,
  instance,
});

const opened: { close(): Promise<void> }[] = [];

/** Opens the collections as one instance would; closed by closeAll(). */
export async function openPg<S extends Specs>(specs: S, instance = 'test'): Promise<StoresOf<S>> {
  const stores = await openPostgres(pgOptions(instance, await sharedSchema()), specs, pino({ level: 'silent' }));
  opened.push(stores);
  return stores;
}

export async function closeAll(): Promise<void> {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  const schema = shared;
  shared = undefined;
  await (await schema)?.drop();
}

/** A collection name no other test uses. */
export const fresh = (base: string) => `${base}-${randomUUID().slice(0, 8)}`;
