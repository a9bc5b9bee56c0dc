// The embedded store: lowdb 7 JSON files, one folder per collection, one file per partition
// (e.g. cases by creation month, indicator values by indicator and year). A submit rewrites
// only its partition (a few hundred records), never the whole data set, so the event loop is
// not blocked by a 10-year store. All writes go through one queue: serialized, and lowdb's
// steno writer makes each one atomic (temp file + rename). Changes that wait for the same
// partition are committed together in one write (group commit, see stage()).
import { mkdir, readdir, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { z } from 'zod/v4';
import { Indexes } from './indexes.js';
import { checkVersion, type Draft, type Index, type KeysOf, type PutOptions, type RecordStore, type Versioned } from './recordStore.js';

export const SCHEMA_VERSION = 1;

/** A migration turns a raw record of version n into one of version n + 1. */
export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

export interface CollectionSpec<T extends Versioned> {
  name: string;
  schema: z.ZodType<T>;
  /** Which file a record lives in; must be stable for a record's lifetime. */
  partition: (record: Draft<T>) => string;
  /** Keyed by the version they migrate from. */
  migrations?: Record<number, Migration>;
}

interface Envelope {
  collection: string;
  schemaVersion: number;
  records: unknown[];
}

export class StoreLoadError extends Error {}

/** Serializes every write of the store; close() waits for the queue to drain. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;
  run<R>(job: () => Promise<R>): Promise<R> {
    const next = this.tail.then(job, job);
    this.tail = next.then(
      () => (this.failed = undefined),
      (e: unknown) => (this.failed = e instanceof Error ? e : new Error(String(e))),
    );
    return next;
  }
  async drain(): Promise<void> {
    await this.tail;
  }
  get lastError(): Error | undefined {
    return this.failed;
  }
}

const json = {
  parse: (s: string): Envelope => JSON.parse(s) as Envelope,
  stringify: (d: Envelope): string => JSON.stringify(d),
};

interface Change<T> {
  id: string;
  /** The record after this change (undefined: deleted); throws to refuse it. */
  apply: (current: T | undefined) => T | undefined;
  resolve: (record: T | undefined) => void;
  reject: (error: unknown) => void;
}

class Partition {
  readonly records = new Map<string, unknown>();
  constructor(readonly db: Low<Envelope>) {}
}

export class LowdbCollection<T extends Versioned> implements RecordStore<T> {
  readonly name: string;
  private readonly byId = new Map<string, T>();
  private readonly partitionOf = new Map<string, string>();
  private readonly partitions = new Map<string, Partition>();
  private readonly indexes = new Indexes<T>();
  /** Changes waiting for their partition's next write, and where records being created go. */
  private readonly pending = new Map<string, Change<T>[]>();
  private readonly stagedKey = new Map<string, string>();

  private constructor(
    private readonly spec: CollectionSpec<T>,
    private readonly dir: string,
    private readonly queue: WriteQueue,
  ) {
    this.name = spec.name;
  }

  /** Loads and validates every partition; throws StoreLoadError without touching any file. */
  static async open<T extends Versioned>(spec: CollectionSpec<T>, root: string, queue: WriteQueue): Promise<LowdbCollection<T>> {
    const dir = path.join(root, spec.name);
    await mkdir(dir, { recursive: true });
    const col = new LowdbCollection(spec, dir, queue);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
    for (const file of files) await col.load(file);
    return col;
  }

  private newDb(key: string): Low<Envelope> {
    const file = path.join(this.dir, `${key}.json`);
    return new Low<Envelope>(new DataFile<Envelope>(file, json), {
      collection: this.name,
      schemaVersion: SCHEMA_VERSION,
      records: [],
    });
  }

  private async load(file: string): Promise<void> {
    const key = file.slice(0, -'.json'.length);
    const where = path.join(this.dir, file);
    const db = this.newDb(key);
    try {
      await db.read();
    } catch (e) {
      throw new StoreLoadError(`${where}: filen är inte giltig JSON (${(e as Error).message})`);
    }
    const env = db.data as Partial<Envelope> | null;
    if (!env || typeof env !== 'object' || !Array.isArray(env.records) || typeof env.schemaVersion !== 'number') {
      throw new StoreLoadError(`${where}: saknar schemaVersion/records, inte en fil från Avvikelseboten`);
    }
    if (env.collection !== this.name) {
      throw new StoreLoadError(`${where}: tillhör samlingen "${String(env.collection)}", inte "${this.name}"`);
    }
    if (env.schemaVersion > SCHEMA_VERSION || env.schemaVersion < 0 || !Number.isInteger(env.schemaVersion)) {
      throw new StoreLoadError(
        `${where}: okänd schemaversion ${env.schemaVersion} (den här versionen av boten läser högst ${SCHEMA_VERSION})`,
      );
    }
    const partition = new Partition(db);
    env.records.forEach((raw, index) => {
      const migrated = this.migrate(raw, env.schemaVersion as number, where, index);
      const parsed = this.spec.schema.safeParse(migrated);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new StoreLoadError(
          `${where}: post ${index} är ogiltig (${issue?.path.join('.') || '(roten)'}: ${issue?.message ?? 'okänt fel'})`,
        );
      }
      const rec = deepFreeze(parsed.data);
      if (this.byId.has(rec.id)) throw new StoreLoadError(`${where}: id ${rec.id} finns redan i en annan fil`);
      this.byId.set(rec.id, rec);
      this.partitionOf.set(rec.id, key);
      partition.records.set(rec.id, rec);
    });
    // Keep only the parsed records: the raw JSON lowdb read would double the memory.
    db.data = { collection: this.name, schemaVersion: SCHEMA_VERSION, records: [] };
    this.partitions.set(key, partition);
  }

  private migrate(raw: unknown, from: number, where: string, index: number): unknown {
    let rec = raw;
    for (let v = from; v < SCHEMA_VERSION; v++) {
      const step = this.spec.migrations?.[v];
      if (!step) throw new StoreLoadError(`${where}: ingen migrering från schemaversion ${v} (post ${index})`);
      rec = step(rec as Record<string, unknown>);
    }
    return rec;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  all(): readonly T[] {
    return [...this.byId.values()];
  }

  put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    return this.stage(this.keyOf(draft.id, draft), draft.id, (current) => {
      checkVersion(this.name, draft.id, current, options);
      // Parse before writing: nothing invalid ever reaches a file.
      return deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 }));
    }) as Promise<T>;
  }

  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    await Promise.all(
      drafts.map((draft) =>
        this.stage(this.keyOf(draft.id, draft), draft.id, (current) => deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 }))),
      ),
    );
  }

  async delete(id: string, options?: PutOptions): Promise<void> {
    const key = this.keyOf(id);
    if (key === undefined) {
      checkVersion(this.name, id, undefined, options);
      return;
    }
    await this.stage(key, id, (current) => {
      checkVersion(this.name, id, current, options);
      return undefined;
    });
  }

  /** The file a record is in, or will be in once its pending write lands. */
  private keyOf(id: string, draft: Draft<T>): string;
  private keyOf(id: string): string | undefined;
  private keyOf(id: string, draft?: Draft<T>): string | undefined {
    return this.partitionOf.get(id) ?? this.stagedKey.get(id) ?? (draft && this.spec.partition(draft));
  }

  /**
   * Group commit: changes waiting for the same partition are written together in one file
   * write, so ten concurrent submits cost one rewrite of the month, not ten. Each change is
   * still checked on its own, in arrival order, against the record as the changes before it
   * left it; each caller's promise settles only after the write that holds its change.
   */
  private stage(key: string, id: string, apply: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(key);
      if (!batch) {
        this.pending.set(key, (batch = []));
        // A failed write rejects every change in it (below); the queue keeps the error for /healthz.
        this.queue.run(() => this.commit(key)).catch(() => undefined);
      }
      batch.push({ id, apply, resolve, reject });
      this.stagedKey.set(id, key);
    });
  }

  private async commit(key: string): Promise<void> {
    const batch = this.pending.get(key) ?? [];
    this.pending.delete(key);
    const staged = new Map<string, T | undefined>();
    const accepted: [Change<T>, T | undefined][] = [];
    for (const change of batch) {
      const current = staged.has(change.id) ? staged.get(change.id) : this.byId.get(change.id);
      try {
        const next = change.apply(current);
        staged.set(change.id, next);
        accepted.push([change, next]);
      } catch (e) {
        change.reject(e);
      }
    }
    if (!accepted.length) return;
    try {
      await this.writePartition(key, (records) => {
        for (const [id, record] of staged) {
          if (record) records.set(id, record);
          else records.delete(id);
        }
      });
    } catch (e) {
      for (const [change] of accepted) change.reject(e);
      throw e;
    }
    for (const [id, record] of staged) {
      // A record's partition never changes, so once written its staged key is not needed.
      if (!this.pending.get(key)?.some((c) => c.id === id)) this.stagedKey.delete(id);
      this.indexes.replace(this.byId.get(id), record);
      if (record) {
        this.byId.set(id, record);
        this.partitionOf.set(id, key);
      } else {
        this.byId.delete(id);
        this.partitionOf.delete(id);
      }
    }
    for (const [change, record] of accepted) change.resolve(record);
  }

  index(name: string, keysOf: KeysOf<T>): Index<T> {
    return this.indexes.define(name, keysOf, this.byId.values());
  }

  /** Applies a change to a copy of the partition, writes it, and only then keeps it. */
  private async writePartition(key: string, change: (records: Map<string, unknown>) => void): Promise<void> {
    const partition = this.partitions.get(key) ?? new Partition(this.newDb(key));
    const next = new Map(partition.records);
    change(next);
    partition.db.data = { collection: this.name, schemaVersion: SCHEMA_VERSION, records: [...next.values()] };
    await partition.db.write();
    partition.records.clear();
    for (const [id, rec] of next) partition.records.set(id, rec);
    this.partitions.set(key, partition);
  }
}

/**
 * Records handed out are frozen: the in-memory copy is the committed state, and a caller that
 * wants a change must put() a new record (cheaper than copying on every read of 24 000 cases).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** True when the data folder can still be read and written (for /healthz). */
export async function folderUsable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
