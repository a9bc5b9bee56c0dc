// The store on PostgreSQL (STORE=postgres): every declared collection in one database shared by
// any number of bot instances. Opening migrates the schema (refusing a newer one), reads the
// collections into memory and starts listening for the other instances' changes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { CollectionSpec, LazySpec, Versioned } from '../contract.js';
import type { Specs, StoresOf } from '../index.js';
import { PgCollection } from './collection.js';
import { Database, type DatabaseOptions } from './database.js';
import { PgLazyCollection } from './lazy.js';
import { migrate, readMigrations } from './migrate.js';
import { shownUrl } from '../../config.js';
import { isStoreUnavailable } from '../contract.js';
import { StoreLoadError } from '../lowdb/partitionFile.js';

const isLazy = <T extends Versioned>(spec: CollectionSpec<T>): spec is LazySpec<T> => (spec as LazySpec<T>).lazy === true;

/** Where the schema migrations are: migrations/postgres at the project's root (from src/ or dist/src/). */
export function migrationsDir(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations', 'postgres');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('migrations/postgres not found above ' + import.meta.dirname);
}

/**
 * The first contact: migrate, trying again while the database does not answer yet (it restarts,
 * or starts after the bot) until startWaitMs has passed; then a clear error naming where it looked.
 */
async function firstContact(db: Database, options: DatabaseOptions, log: Logger): Promise<number[]> {
  const until = Date.now() + (options.startWaitMs ?? 0);
  const migrations = await readMigrations(migrationsDir());
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrate(db.pool, migrations);
    } catch (err) {
      if (/does not support SSL/i.test((err as Error).message))
        throw new StoreLoadError(
          `PostgreSQL på ${shownUrl(options.url)} tar inte emot krypterade anslutningar, men DATABASE_URL begär det (sslmode). Slå på SSL i servern, eller ta bort sslmode ur adressen om anslutningen går inom en betrodd maskin.`,
        );
      if (!isStoreUnavailable(err)) throw err;
      const wait = Math.min(1000 * attempt, 5000);
      if (Date.now() + wait > until) {
        const seconds = Math.round((options.startWaitMs ?? 0) / 1000);
        throw new StoreLoadError(`PostgreSQL på ${shownUrl(options.url)} svarade inte inom ${seconds} s (${(err as Error).message})`);
      }
      log.warn({ err: (err as Error).message, attempt, database: shownUrl(options.url) }, 'postgres not reachable yet; trying again');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The mark migrate:store sets before it copies and clears once every collection is verified. */
export const COPY_UNFINISHED = 'migrate-store:unfinished';

export async function openPostgres<S extends Specs>(options: DatabaseOptions, specs: S, log: Logger): Promise<StoresOf<S>> {
  const db = new Database(options, log);
  try {
    const applied = await firstContact(db, options, log);
    if ((await db.pool.query('SELECT 1 FROM store_sequences WHERE name = $1', [COPY_UNFINISHED])).rowCount)
      throw new StoreLoadError(
        'kopieringen med migrate:store blev inte klar, så databasen saknar en del av ärendena. Kör npm run migrate:store -- --from lowdb --to postgres --replace igen innan boten startas.',
      );
    if (applied.length) log.info({ applied }, 'postgres schema migrated');
    // Listen before reading, so no change committed in between is missed.
    await db.listen();
    const entries = await Promise.all(
      Object.entries(specs).map(
        async ([key, spec]) => [key, isLazy(spec) ? await PgLazyCollection.open(spec, db) : await PgCollection.open(spec, db)] as const,
      ),
    );
    return {
      ...(Object.fromEntries(entries) as object),
      healthy: () => db.healthy(),
      close: () => db.close(),
      sync: () => db.sync(),
      sequence: (name: string, floor: number) => db.sequence(name, floor),
      exclusive: <R>(name: string, job: () => Promise<R>) => db.exclusive(name, job),
    } as StoresOf<S>;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
