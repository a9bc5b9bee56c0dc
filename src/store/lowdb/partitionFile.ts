// One partition of a collection on disk: a lowdb 7 JSON file with an envelope (collection
// name, schema version, records). Reading validates every record with the collection's zod
// schema after running migrations, and never changes the file; writing is atomic and durable
// (durableFile.ts: temp file, fsync, rename, fsync of the folder) and the new records are kept
// only once the write landed.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durableFile.js';
import type { CollectionSpec, Versioned } from '../contract.js';
import { deepFreeze } from '../freeze.js';
import { schemaVersion } from '../contract.js';

export { deepFreeze };

interface Envelope {
  collection: string;
  schemaVersion: number;
  records: unknown[];
}

export class StoreLoadError extends Error {}

/**
 * The file's text, byte for byte what JSON.stringify(envelope) gives, but each record is
 * stringified once: records are frozen, so a record's JSON never changes, and rewriting a
 * month of cases after one submit costs one record's stringify and a join, not the month's.
 * Only partitions that are written hold these strings.
 */
function serializer(): { parse: (s: string) => Envelope; stringify: (d: Envelope) => string } {
  const cache = new WeakMap<object, string>();
  const record = (r: unknown): string => {
    if (!r || typeof r !== 'object') return JSON.stringify(r);
    let text = cache.get(r);
    if (text === undefined) cache.set(r, (text = JSON.stringify(r)));
    return text;
  };
  return {
    parse: (s) => JSON.parse(s) as Envelope,
    stringify: (d) =>
      `{"collection":${JSON.stringify(d.collection)},"schemaVersion":${JSON.stringify(d.schemaVersion)},"records":[${d.records.map(record).join(',')}]}`,
  };
}

/** The partition keys of a collection folder (its files, without .json), sorted. */
export async function partitionKeys(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export class PartitionFile<T extends Versioned> {
  /** The committed records of this partition, by id. */
  readonly records = new Map<string, T>();
  private readonly db: Low<Envelope>;

  constructor(
    private readonly spec: CollectionSpec<T>,
    readonly where: string,
  ) {
    this.db = new Low<Envelope>(new DurableJsonFile<Envelope>(where, serializer()), {
      collection: spec.name,
      schemaVersion: schemaVersion(spec),
      records: [],
    });
  }

  static path(dir: string, key: string): string {
    return path.join(dir, `${key}.json`);
  }

  /** Reads and validates the file; throws StoreLoadError naming the file, which stays untouched. */
  static async read<T extends Versioned>(spec: CollectionSpec<T>, dir: string, key: string): Promise<PartitionFile<T>> {
    const file = new PartitionFile(spec, PartitionFile.path(dir, key));
    const where = file.where;
    try {
      await file.db.read();
    } catch (e) {
      throw new StoreLoadError(`${where}: filen är inte giltig JSON (${(e as Error).message})`);
    }
    const env = file.db.data as Partial<Envelope> | null;
    if (!env || typeof env !== 'object' || !Array.isArray(env.records) || typeof env.schemaVersion !== 'number') {
      throw new StoreLoadError(`${where}: saknar schemaVersion/records, inte en fil från Avvikelseboten`);
    }
    if (env.collection !== spec.name) {
      throw new StoreLoadError(`${where}: tillhör samlingen "${String(env.collection)}", inte "${spec.name}"`);
    }
    const version = env.schemaVersion;
    const current = schemaVersion(spec);
    if (version > current || version < 0 || !Number.isInteger(version)) {
      throw new StoreLoadError(`${where}: okänd schemaversion ${version} (den här versionen av boten läser högst ${current})`);
    }
    env.records.forEach((raw, index) => {
      let migrated = raw;
      for (let v = version; v < current; v++) {
        const step = spec.migrations?.[v];
        if (!step) throw new StoreLoadError(`${where}: ingen migrering från schemaversion ${v} (post ${index})`);
        migrated = step(migrated as Record<string, unknown>);
      }
      const parsed = spec.schema.safeParse(migrated);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StoreLoadError(
          `${where}: post ${index} är ogiltig (${issue?.path.join('.') || '(roten)'}: ${issue?.message ?? 'okänt fel'})`,
        );
      }
      const record = deepFreeze(parsed.data);
      if (file.records.has(record.id)) throw new StoreLoadError(`${where}: id ${record.id} finns två gånger`);
      file.records.set(record.id, record);
    });
    // Keep only the parsed records: the raw JSON lowdb read would double the memory.
    file.db.data = { collection: spec.name, schemaVersion: current, records: [] };
    return file;
  }

  /** Applies staged changes (undefined: delete) to a copy, writes it, and only then keeps it. */
  async write(staged: ReadonlyMap<string, T | undefined>): Promise<void> {
    const next = new Map(this.records);
    for (const [id, record] of staged) {
      if (record) next.set(id, record);
      else next.delete(id);
    }
    this.db.data = { collection: this.spec.name, schemaVersion: schemaVersion(this.spec), records: [...next.values()] };
    try {
      await this.db.write();
    } finally {
      this.db.data = { collection: this.spec.name, schemaVersion: schemaVersion(this.spec), records: [] };
    }
    this.records.clear();
    for (const [id, record] of next) this.records.set(id, record);
  }
}
