// Records to and from rows of store_records: the record as JSONB without its version (the
// version column is the one truth), older schema versions migrated on read as the embedded
// store does, and every write through store_put (one round trip with its keys and NOTIFY).
import type { DatabaseError } from 'pg';
import { deepFreeze } from '../../core/freeze.js';
import { StoreLoadError } from '../lowdb/partitionFile.js';
import {
  ConflictError,
  schemaVersion,
  UniqueError,
  type CollectionSpec,
  type Draft,
  type PutOptions,
  type Versioned,
} from '../contract.js';
import type { Database } from './database.js';

export interface Row {
  id: string;
  version: number;
  schema_version: number;
  partition: string;
  data: Record<string, unknown>;
}

export const SELECT_ROWS = 'SELECT id, version, schema_version, partition, data FROM store_records';

/** A row as the record the capabilities know: migrated to the current schema, validated, frozen. */
export function decode<T extends Versioned>(spec: CollectionSpec<T>, row: Row): T {
  let raw = row.data;
  for (let v = row.schema_version; v < schemaVersion(spec); v++) {
    const step = spec.migrations?.[v];
    if (!step) throw new StoreLoadError(`${spec.name}/${row.id}: ingen migrering från schemaversion ${v}`);
    raw = step(raw);
  }
  if (row.schema_version > schemaVersion(spec))
    throw new StoreLoadError(
      `${spec.name}/${row.id}: okänd schemaversion ${row.schema_version} (boten läser högst ${schemaVersion(spec)})`,
    );
  const parsed = spec.schema.safeParse({ ...raw, version: row.version });
  if (!parsed.success) throw new StoreLoadError(`${spec.name}/${row.id}: ogiltig post (${parsed.error.issues[0]?.path.join('.')})`);
  return deepFreeze(parsed.data);
}

/** A taken unique key from PostgreSQL's detail: Key (collection, key)=(cases, form:abc) already exists. */
const takenKey = (err: DatabaseError) => /=\([^,]*, (.*)\) already exists/.exec(err.detail ?? '')?.[1] ?? '';

const isDatabaseError = (err: unknown): err is DatabaseError => typeof err === 'object' && err !== null && 'code' in err;

/**
 * Writes one record: validated as the embedded store validates it, its index keys and unique
 * keys with it. Conflicts come back as ConflictError (with the actual version), a taken unique
 * key as UniqueError; two creates of one new id race on the primary key: the loser is decided
 * again (a conflict when a version was expected, an overwrite when not).
 */
export async function writeRow<T extends Versioned>(
  db: Database,
  spec: CollectionSpec<T>,
  draft: Draft<T>,
  options: PutOptions | undefined,
  keys: readonly (readonly [string, string])[],
): Promise<T> {
  const validated = spec.schema.parse({ ...draft, version: 1 });
  const { version: _ignored, ...data } = validated as T & Record<string, unknown>;
  const unique = spec.unique?.(draft) ?? [];
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await db.pool.query<{ v: number }>('SELECT store_put($1, $2, $3, $4, $5, $6, $7, $8, $9, true) AS v', [
        spec.name,
        draft.id,
        spec.partition(draft),
        options?.expectedVersion ?? null,
        schemaVersion(spec),
        JSON.stringify(data),
        JSON.stringify(keys),
        JSON.stringify(unique),
        db.origin,
      ]);
      const v = res.rows[0]!.v;
      if (v < 0) throw new ConflictError(spec.name, draft.id, options?.expectedVersion ?? 0, -v - 1);
      return deepFreeze({ ...validated, version: v });
    } catch (err) {
      if (!isDatabaseError(err) || err.code !== '23505') throw err;
      if (err.constraint === 'store_unique_pkey') throw new UniqueError(spec.name, takenKey(err));
      if (err.constraint === 'store_records_pkey' && attempt === 0) continue;
      throw err;
    }
  }
}

/** Deletes one record; ConflictError when the expected version does not match. */
export async function deleteRow(db: Database, spec: CollectionSpec<Versioned>, id: string, options: PutOptions | undefined): Promise<void> {
  const res = await db.pool.query<{ v: number }>('SELECT store_delete($1, $2, $3, $4) AS v', [
    spec.name,
    id,
    options?.expectedVersion ?? null,
    db.origin,
  ]);
  const v = res.rows[0]!.v;
  if (v < 0) throw new ConflictError(spec.name, id, options?.expectedVersion ?? 0, -v - 1);
}

/** Bulk create or overwrite in chunks (one statement each); the others reload the collection once. */
export async function writeRows<T extends Versioned>(
  db: Database,
  spec: CollectionSpec<T>,
  drafts: readonly Draft<T>[],
  keysOf: (record: T) => (readonly [string, string])[],
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < drafts.length; i += 1000) {
    const chunk = drafts.slice(i, i + 1000).map((d) => {
      const validated = spec.schema.parse({ ...d, version: 1 });
      const { version: _ignored, ...data } = validated as T & Record<string, unknown>;
      return { validated, row: { id: d.id, partition: spec.partition(d), data, keys: keysOf(validated), uniq: spec.unique?.(d) ?? [] } };
    });
    const res = await db.pool.query<{ id: string; v: number }>(
      `SELECT r.id, store_put($1, r.id, r.partition, NULL, $2, r.data, r.keys, r.uniq, $3, false) AS v
       FROM jsonb_to_recordset($4::jsonb) AS r(id text, partition text, data jsonb, keys jsonb, uniq jsonb)`,
      [spec.name, schemaVersion(spec), db.origin, JSON.stringify(chunk.map((c) => c.row))],
    );
    const versions = new Map(res.rows.map((r) => [r.id, r.v]));
    for (const c of chunk) out.push(deepFreeze({ ...c.validated, version: versions.get(c.validated.id)! }));
  }
  await db.pool.query('SELECT pg_notify($1, $2)', [db.channel, `${db.origin} ${spec.name} 0 * *`]);
  return out;
}

/**
 * Copies records in as they are, versions kept (migrate:store from the embedded store): rows and
 * unique keys, in one transaction per chunk; the declared indexes are built by the bot on start.
 */
export async function importRows<T extends Versioned>(db: Database, spec: CollectionSpec<T>, records: readonly T[]): Promise<void> {
  for (let i = 0; i < records.length; i += 1000) {
    const chunk = records.slice(i, i + 1000).map((r) => {
      const { version, ...data } = r as T & Record<string, unknown>;
      return { id: r.id, partition: spec.partition(r), version, data, uniq: spec.unique?.(r) ?? [] };
    });
    await db.held(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(
          `INSERT INTO store_records (collection, id, partition, version, schema_version, data)
         SELECT $1, r.id, r.partition, r.version, $2, r.data FROM jsonb_to_recordset($3::jsonb) AS r(id text, partition text, version integer, data jsonb)
         ON CONFLICT (collection, id) DO UPDATE SET partition = EXCLUDED.partition, version = EXCLUDED.version,
           schema_version = EXCLUDED.schema_version, data = EXCLUDED.data, updated_at = now()`,
          [spec.name, schemaVersion(spec), JSON.stringify(chunk)],
        );
        await client.query(
          `INSERT INTO store_unique (collection, key, id)
         SELECT $1, u, r.id FROM jsonb_to_recordset($2::jsonb) AS r(id text, uniq jsonb), jsonb_array_elements_text(r.uniq) AS u
         ON CONFLICT (collection, key) DO UPDATE SET id = EXCLUDED.id`,
          [spec.name, JSON.stringify(chunk)],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }
}
