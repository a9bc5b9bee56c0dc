// npm run migrate:store -- --from lowdb --to postgres [--data-dir DIR] [--database-url URL] [--replace]
// Copies an embedded store (DATA_DIR) into PostgreSQL (DATABASE_URL), versions kept, then reads
// every collection back and compares the count and a checksum of the records with the source.
// The bot must be stopped (the embedded store's lock says so). Refuses a database that already
// holds records unless --replace (which empties the collections first).
import pino from 'pino';
import { COLLECTIONS, openStore } from '../src/collections.js';
import { loadToolConfig } from '../src/config.js';
import type { CollectionSpec, Versioned } from '../src/store/contract.js';
import { checksum, recordsOf } from '../src/store/checksum.js';
import { Database } from '../src/store/postgres/database.js';
import { migrate, readMigrations } from '../src/store/postgres/migrate.js';
import { decode, importRows, SELECT_ROWS, type Row } from '../src/store/postgres/rows.js';
import { COPY_UNFINISHED, migrationsDir } from '../src/store/postgres/index.js';
import { option } from './args.js';

const args = process.argv.slice(2);
if (option('from') !== 'lowdb' || option('to') !== 'postgres') {
  console.error('Användning: npm run migrate:store -- --from lowdb --to postgres [--data-dir DIR] [--database-url URL] [--replace]');
  process.exit(2);
}
const config = loadToolConfig({
  ...process.env,
  ...(option('data-dir') ? { DATA_DIR: option('data-dir') } : {}),
  ...(option('database-url') ? { DATABASE_URL: option('database-url') } : {}),
});
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL saknas (eller --database-url).');
  process.exit(2);
}

const log = pino({ level: 'warn' });
const started = Date.now();
const source = await openStore(config.DATA_DIR);
const db = new Database(
  {
    url: config.DATABASE_URL,
    poolMax: 4,
    idleTimeoutMs: 1000,
    connectTimeoutMs: 5000,
    statementTimeoutMs: 120_000,
    instance: 'migrate-store',
  },
  log,
);
let failed = false;
try {
  await migrate(db.pool, await readMigrations(migrationsDir()));
  const held = Number((await db.pool.query<{ c: string }>('SELECT count(*) AS c FROM store_records')).rows[0]!.c);
  const interrupted = await db.pool.query('SELECT 1 FROM store_sequences WHERE name = $1', [COPY_UNFINISHED]);
  if (interrupted.rowCount && !args.includes('--replace')) {
    console.error(
      `En tidigare kopiering avbröts innan den blev klar (${held} poster hann kopieras). Kör igen med --replace för att tömma samlingarna och kopiera allt.`,
    );
    process.exit(1);
  }
  if (held > 0 && !args.includes('--replace')) {
    console.error(`Databasen innehåller redan ${held} poster. Avbryter (--replace tömmer samlingarna först).`);
    process.exit(1);
  }
  // Set before the first record and cleared only when every collection is verified: a copy
  // killed halfway leaves a database the bot refuses (store/postgres/index.ts) and a rerun names.
  await db.pool.query('INSERT INTO store_sequences (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value', [
    COPY_UNFINISHED,
    Date.now(),
  ]);
  for (const [key, spec] of Object.entries(COLLECTIONS) as [string, CollectionSpec<Versioned> & { lazy?: boolean }][]) {
    // Old case months too, not only what a start holds in memory.
    const records = await recordsOf(spec, (source as unknown as Record<string, unknown>)[key]);
    if (args.includes('--replace')) {
      for (const table of ['store_records', 'store_keys', 'store_unique', 'store_index_defs'])
        await db.pool.query(`DELETE FROM ${table} WHERE collection = $1`, [spec.name]);
    }
    await importRows(db, spec, records);
    const back = (await db.pool.query<Row>(`${SELECT_ROWS} WHERE collection = $1`, [spec.name])).rows.map((r) => decode(spec, r));
    const [from, to] = [checksum(records), checksum(back)];
    const ok = records.length === back.length && from === to;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'FEL '} ${spec.name.padEnd(18)} ${String(records.length).padStart(7)} → ${String(back.length).padStart(7)}  ${from} ${ok ? '=' : '≠'} ${to}`,
    );
  }
  if (!failed) await db.pool.query('DELETE FROM store_sequences WHERE name = $1', [COPY_UNFINISHED]);
  console.log(`${failed ? 'Kopieringen stämmer inte' : 'Klart'} på ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await source.close();
  await db.close();
}
process.exit(failed ? 1 : 0);
