// One partition of a collection on disk: a lowdb 7 JSON file with an envelope (collection
// name, schema version, records). Reading validates every record with the collection's zod
// schema after running migrations, and never changes the file; writing is atomic and durable
// (durableFile.ts: temp file, fsync, rename, fsync of the folder) and the new records are kept
// only once the write landed.
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile } from './durableFile.js';
import type { CollectionSpec, Versioned } from '../contract.js';
import { deepFreeze } from '../../core/freeze.js';
import { schemaVersion } from '../contract.js';

export { deepFreeze };

interface Envelope {
  collection: string;
  schemaVersion: number;
  /**
   * New on every write of the file (history.ts): a copy or a restore keeps it, a write does not,
   * so a summary can tell a touched file from a rewritten one by the file's first bytes.
   */
  generation?: string;
  records: unknown[];
}

export class StoreLoadError extends Error {}

/**
 * The file's text, byte for byte what JSON.stringify(envelope) gives, but each record is
 * stringified once: records are frozen, so a record's JSON never changes, and rewriting a
 * month of cases after one submit costs one record's stringify and a join, not the month's.
 * Only partitions that are written hold these strings.
 */
const recordTexts = new WeakMap<object, string>();
/** A record's JSON, produced once: the journal line and the partition rewrite share it. */
export function recordJson(r: unknown): string {
  if (!r || typeof r !== 'object') return JSON.stringify(r);
  let text = recordTexts.get(r);
  if (text === undefined) recordTexts.set(r, (text = JSON.stringify(r)));
  return text;
}

/** A partition file's text (the backup writes the same files). */
export const envelopeText = (d: Envelope): string =>
  `{"collection":${JSON.stringify(d.collection)},"schemaVersion":${JSON.stringify(d.schemaVersion)},${
    d.generation ? `"generation":${JSON.stringify(d.generation)},` : ''
  }"records":[${d.records.map(recordJson).join(',')}]}`;

/** The generation at the start of a partition file's text (envelopeText), if it has one. */
export const generationIn = (head: string): string | undefined =>
  /^\{"collection":"[^"]*","schemaVersion":\d+,"generation":"([\w-]+)"/.exec(head)?.[1];

const serializer = (): { parse: (s: string) => Envelope; stringify: (d: Envelope) => string } => ({
  parse: (s) => JSON.parse(s) as Envelope,
  stringify: envelopeText,
});

/** The collection's current schema version, once the stored one is known to be readable. */
function knownVersion(spec: Pick<CollectionSpec<Versioned>, 'version'>, version: number, where: string): number {
  const current = schemaVersion(spec);
  if (version > current || version < 0 || !Number.isInteger(version)) {
    throw new StoreLoadError(`${where}: okänd schemaversion ${version} (den här versionen av boten läser högst ${current})`);
  }
  return current;
}

/**
 * A stored record as this version of the bot reads it: migrated from the version it was written
 * in, validated and frozen; throws StoreLoadError naming where it was found.
 */
export function readRecord<T extends Versioned>(spec: CollectionSpec<T>, raw: unknown, version: number, where: string): T {
  const current = knownVersion(spec, version, where);
  let migrated = raw;
  for (let v = version; v < current; v++) {
    const step = spec.migrations?.[v];
    if (!step) throw new StoreLoadError(`${where}: ingen migrering från schemaversion ${v}`);
    migrated = step(migrated as Record<string, unknown>);
  }
  const parsed = spec.schema.safeParse(migrated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoreLoadError(`${where} är ogiltig (${issue?.path.join('.') || '(roten)'}: ${issue?.message ?? 'okänt fel'})`);
  }
  return deepFreeze(parsed.data);
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
  /** Changed by apply() and not yet written. */
  private dirty = false;
  /** The records as one frozen array, kept until they change (LazyRecordStore.partition). */
  private kept: readonly T[] | undefined;

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
    const current = knownVersion(spec, version, where);
    env.records.forEach((raw, index) => {
      const record = readRecord(spec, raw, version, `${where}: post ${index}`);
      if (file.records.has(record.id)) throw new StoreLoadError(`${where}: id ${record.id} finns två gånger`);
      file.records.set(record.id, record);
    });
    // Keep only the parsed records: the raw JSON lowdb read would double the memory.
    file.db.data = { collection: spec.name, schemaVersion: current, records: [] };
    return file;
  }

  /** The records as a frozen array: the same one until a record here changes. */
  snapshot(): readonly T[] {
    return (this.kept ??= Object.freeze([...this.records.values()]));
  }

  /** Applies staged changes (undefined: delete) to a copy, writes it, and only then keeps it. */
  async write(staged: ReadonlyMap<string, T | undefined>): Promise<void> {
    const next = new Map(this.records);
    applyTo(next, staged);
    await this.persist(next);
    this.records.clear();
    for (const [id, record] of next) this.records.set(id, record);
    this.kept = undefined;
  }

  /** Keeps staged changes in memory only: their journal lines are the durable copy until flush(). */
  apply(staged: ReadonlyMap<string, T | undefined>): void {
    applyTo(this.records, staged);
    this.kept = undefined;
    this.dirty = true;
  }

  /** Writes the records kept by apply() since the last write, if there are any. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    await this.persist(this.records);
    this.dirty = false;
  }

  private async persist(records: ReadonlyMap<string, T>): Promise<void> {
    this.db.data = {
      collection: this.spec.name,
      schemaVersion: schemaVersion(this.spec),
      generation: randomUUID(),
      records: [...records.values()],
    };
    try {
      await this.db.write();
    } finally {
      this.db.data = { collection: this.spec.name, schemaVersion: schemaVersion(this.spec), records: [] };
    }
  }
}

function applyTo<T>(records: Map<string, T>, staged: ReadonlyMap<string, T | undefined>): void {
  for (const [id, record] of staged) {
    if (record) records.set(id, record);
    else records.delete(id);
  }
}
