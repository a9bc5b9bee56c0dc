import type { z } from 'zod/v4';

// The storage contract, modelled on botbuilder's Storage: a small core every collection is seen
// through (RecordStore), optimistic concurrency by version (botbuilder's eTag), and for the one
// collection with a history the reads that reach disk and the tallies beside it (HistoryStore).
// Each has one conformance suite every implementation must pass (test/store.conformance.ts,
// test/history.conformance.ts).

/** Every stored record has an id and a version that the store bumps on each write. */
export interface Versioned {
  id: string;
  version: number;
}

/** What a caller hands to put(): the record without the version the store owns. */
export type Draft<T extends Versioned> = Omit<T, 'version'>;

export interface PutOptions {
  /**
   * The version the caller last read. `0` means "must not exist yet" (create),
   * undefined means last-writer-wins (only for records with a single writer, e.g. references).
   */
  expectedVersion?: number;
}

/** Raised when expectedVersion does not match: someone else wrote first. */
/** Network failures that mean the store's server cannot be reached right now. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failure means the store is away (a restart, an outage, its connections used up)
 * rather than a fault of ours: network errors, SQLSTATE class 08 (connection exception), 57P01–03
 * (shutting down, cannot connect now) and 53300 (too many connections), and the pool's own
 * words for a connection it could not get or lost. The edge answers those 503 "try again".
 */
export function isStoreUnavailable(err: unknown, depth = 0): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown } | undefined;
  if (!e || depth > 3) return false;
  if (typeof e.code === 'string' && (UNREACHABLE.has(e.code) || /^(08...|57P0[123]|53300)$/.test(e.code))) return true;
  if (typeof e.message === 'string' && /Connection terminated|timeout exceeded when trying to connect|connection error/i.test(e.message))
    return true;
  const inner = [...(Array.isArray(e.errors) ? e.errors : []), ...(e.cause !== undefined ? [e.cause] : [])];
  return inner.some((x) => isStoreUnavailable(x, depth + 1));
}

export class ConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${collection}/${id}: expected version ${expected}, found ${actual}`);
  }
}

/**
 * Raised when a record claims a unique key (CollectionSpec.unique) another record holds: a
 * double submit that reached two instances, say. The caller looks the holder up and uses it.
 */
export class UniqueError extends Error {
  constructor(
    readonly collection: string,
    readonly key: string,
  ) {
    super(`${collection}: key ${key} is taken`);
  }
}

/** The keys a record is found under in one index (none: not in the index). */
export type KeysOf<T> = (record: T) => readonly string[];

/** Records by a key their owner derives; always in step with the collection. */
export interface Index<T> {
  /**
   * The records with this key, in the collection's order (CollectionSpec.order) or none: a
   * frozen array, sorted and made once per change of the records under the key.
   */
  get(key: string): readonly T[];
  /** Every key that has at least one record. */
  keys(): readonly string[];
  /** How many records have this key (without copying them). */
  size(key: string): number;
}

/**
 * What every collection keeps (botbuilder's Storage has read, write and delete; this adds reads by
 * a key): its records held in memory, written durably with versions, found by keys their owner
 * derives. Fourteen of the fifteen collections are only this; cases add a history (HistoryStore).
 */
export interface RecordStore<T extends Versioned> {
  readonly name: string;
  get(id: string): T | undefined;
  /** A snapshot of the records in memory; callers filter in memory. */
  all(): readonly T[];
  /** Writes durably, then makes the record visible. Resolves with the stored record. */
  put(record: Draft<T>, options?: PutOptions): Promise<T>;
  delete(id: string, options?: PutOptions): Promise<void>;
  /** Bulk create or overwrite (seeding, imports): one write per partition, last writer wins. */
  putMany(drafts: readonly Draft<T>[]): Promise<void>;
  /**
   * A secondary index kept current on every write. Declared by the module that owns the query;
   * asking again with the same name returns the same index.
   */
  index(name: string, keysOf: KeysOf<T>): Index<T>;
  /** Called with a record's id once a write (here or, on PostgreSQL, another instance's) is visible. */
  watch(changed: (id: string) => void): void;
}

/**
 * A collection that declares a history (CollectionSpec.history: cases): the sync reads above see
 * the records in memory, older partitions stay on disk until asked for, and only these async
 * reads see them; beside them, the read models kept on write (tallies).
 */
export interface HistoryStore<T extends Versioned> extends RecordStore<T> {
  /** The record with this id, held in memory or read from an older partition. */
  load(id: string): Promise<T | undefined>;
  /**
   * The records under a key of a history index (HistorySpec.indexes), in memory or not: a frozen
   * array, the same one while none of them changes and their partitions stay read.
   */
  find(index: string, key: string): Promise<readonly T[]>;
  /** How many records find() would give, without reading any partition. */
  count(index: string, key: string): number;
  /** Every key of a history index that has at least one record, without reading any partition. */
  keys(index: string): readonly string[];
  /** Every record, one frozen array at a time (partitions in memory first): retention, exports. */
  scan(): AsyncIterable<readonly T[]>;
  /**
   * A read model kept on write: the counters of the records under a key of a history index,
   * per group. Every put and delete adds and takes away what the record counts, so a read sums
   * nothing; records on disk are counted when their partition is read.
   */
  tally(tally: Tally<T>, key: string): Promise<Tallied>;
  /**
   * What a tally's join reads beside a record changed (a case's answer): its counts are taken back
   * as they were counted and counted again. Records on disk are counted again when next read.
   */
  recount(id: string): void;
}

/**
 * What a tally counts: each record adds one to each [group, counter] it names. Declared by the
 * module that reads it; `generation` rises when what it counts changes without the records
 * changing (the provider register it reads), and the store counts again.
 */
export interface Tally<T, J = unknown> {
  name: string;
  generation: number;
  /** The history index whose keys the counts are kept by (a month). */
  index: string;
  /**
   * What the counts read beside the record, in another collection (a case's answer). The store
   * keeps what it counted a record with, so that a recount (HistoryStore.recount) takes back
   * exactly that: the joined collection's writes ask for the recount (the root wires them).
   */
  join?(record: T): J;
  /** What a record counts under one of its keys (most count the same under each). */
  countsOf(record: T, key: string, joined?: J): Iterable<readonly [group: string, counter: string]>;
}

/** Per group, its counters: what the store counted. */
export type Groups = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** What a read of a tally gives: a group's counters, asked for by name. */
export interface Tallied {
  get(group: string): ReadonlyMap<string, number> | undefined;
}

/**
 * Several parts' counters read as one (the months held in memory and those on disk): a group is
 * summed when a reader asks for it, once, so a read of one organisation does not add up all.
 */
export function summed(parts: readonly Tallied[]): Tallied {
  if (parts.length === 1) return parts[0]!;
  const sums = new Map<string, ReadonlyMap<string, number> | undefined>();
  return {
    get(group) {
      if (sums.has(group)) return sums.get(group);
      const found = parts.map((p) => p.get(group)).filter((c) => c !== undefined);
      let sum: ReadonlyMap<string, number> | undefined = found[0];
      if (found.length > 1) {
        const all = new Map<string, number>();
        for (const counters of found) for (const [counter, n] of counters) all.set(counter, (all.get(counter) ?? 0) + n);
        sum = all;
      }
      sums.set(group, sum);
      return sum;
    },
  };
}

/** Counters per group, summed: what a tally keeps under one key. */
export class Counters {
  readonly groups = new Map<string, Map<string, number>>();

  /** Adds (by 1) or takes away (by -1) what one record counts (with what its tally joined to it). */
  count<T, J>(tally: Pick<Tally<T, J>, 'countsOf'>, record: T, by: 1 | -1, key = '', joined?: J): void {
    for (const [group, counter] of tally.countsOf(record, key, joined)) {
      let counters = this.groups.get(group);
      if (!counters) this.groups.set(group, (counters = new Map()));
      const n = (counters.get(counter) ?? 0) + by;
      if (n !== 0) counters.set(counter, n);
      else if (counters.delete(counter) && counters.size === 0) this.groups.delete(group);
    }
  }

  /** Adds another's counts (a partition on disk to the others). */
  add(other: Groups): void {
    for (const [group, counters] of other) {
      let mine = this.groups.get(group);
      if (!mine) this.groups.set(group, (mine = new Map()));
      for (const [counter, n] of counters) mine.set(counter, (mine.get(counter) ?? 0) + n);
    }
  }

  /** What a scan of these records counts: the reference a kept tally must equal. */
  static of<T, J>(tally: Pick<Tally<T, J>, 'countsOf' | 'join'>, records: Iterable<T>, key = ''): Counters {
    const c = new Counters();
    for (const r of records) c.count(tally, r, 1, key, tally.join?.(r));
    return c;
  }
}

/**
 * Which records stay in memory and which wait on disk. Partition keys are months (YYYY-MM); a
 * partition newer than hotMonths, or holding a record that keepsHot, is read at start, the others
 * only when a history read needs them (a summary of each says which keys it holds).
 */
export interface HistorySpec<T> {
  hotMonths: number;
  /**
   * The version of the index key functions: raise it when one changes, and the embedded store
   * summarises its months on disk again. Declared, not read off the functions' source text,
   * because one build prints that text differently from another (tsc, tsx, the bundle).
   */
  version: number;
  /** A record that keeps its partition in memory at any age (an open case). */
  keepsHot(record: T): boolean;
  /** The indexes history reads go by: name to keys. */
  indexes: Record<string, KeysOf<T>>;
}

/** The key function of a history index; throws on a name the collection does not declare. */
export function historyIndex<T>(spec: { name: string; history?: HistorySpec<T> }, index: string): KeysOf<T> {
  const keysOf = spec.history?.indexes[index];
  if (!keysOf) throw new Error(`${spec.name}: no history index ${index}`);
  return keysOf;
}

/** The history reads of a store that holds every record in memory (memory, PostgreSQL). */
export function historyInMemory<T extends Versioned>(
  store: Pick<RecordStore<T>, 'get' | 'all' | 'index'> & { tallied(tally: Tally<T>): TallyIndex },
  spec: { name: string; history?: HistorySpec<T> },
): Pick<HistoryStore<T>, 'load' | 'find' | 'count' | 'keys' | 'scan' | 'tally'> {
  const index = (name: string) => store.index(name, historyIndex(spec, name));
  return {
    tally: async (tally, key) => store.tallied(tally).get(key),
    load: async (id) => store.get(id),
    find: async (name, key) => index(name).get(key),
    count: (name, key) => index(name).size(key),
    keys: (name) => index(name).keys(),
    scan: async function* () {
      yield Object.freeze(store.all());
    },
  };
}

export function checkVersion(collection: string, id: string, current: Versioned | undefined, options?: PutOptions): void {
  if (options?.expectedVersion === undefined) return;
  const actual = current?.version ?? 0;
  if (actual !== options.expectedVersion) throw new ConflictError(collection, id, options.expectedVersion, actual);
}

/** Throws UniqueError when one of the draft's unique keys is held by another record. */
export function checkUnique<T extends Versioned>(
  collection: string,
  draft: Draft<T>,
  unique: KeysOf<Draft<T>> | undefined,
  holders: Index<T> | undefined,
): void {
  if (!unique || !holders) return;
  for (const key of unique(draft)) if (holders.get(key).some((r) => r.id !== draft.id)) throw new UniqueError(collection, key);
}

/**
 * A collection too large to keep whole in memory (ten years of indicator values): loaded one
 * partition at a time, on first use, and kept while recently used. Same versions and conflicts
 * as RecordStore; reads are async because a partition may have to be read from disk first.
 */
export interface LazyRecordStore<T extends Versioned> {
  readonly name: string;
  /** Every partition there is (e.g. one per indicator and year), sorted. */
  partitions(): readonly string[];
  /**
   * The records of one partition (none if it does not exist): a frozen array, the same one
   * until a record in the partition changes (or the partition is read from storage again).
   */
  partition(key: string): Promise<readonly T[]>;
  get(id: string): Promise<T | undefined>;
  put(record: Draft<T>, options?: PutOptions): Promise<T>;
  /** Bulk create or overwrite: one write per partition, last writer wins. */
  putMany(drafts: readonly Draft<T>[]): Promise<void>;
}

/** Every record of a lazy collection, partition by partition (exports, tests). */
export async function loadAll<T extends Versioned>(store: LazyRecordStore<T>): Promise<T[]> {
  const out: T[] = [];
  for (const key of store.partitions()) out.push(...(await store.partition(key)));
  return out;
}

/** Every record of a collection, held in memory or on disk (copies, exports). */
export async function everyRecord<T extends Versioned>(store: Pick<HistoryStore<T>, 'scan'>): Promise<T[]> {
  const out: T[] = [];
  for await (const part of store.scan()) out.push(...part);
  return out;
}

/** A tally's counts under each key, kept current on every write (store/indexes.ts). */
export interface TallyIndex {
  get(key: string): Tallied;
}

/** A migration turns a raw record of version n into one of version n + 1. */
type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * A collection as the capability that owns it declares it: its name (a folder or a table),
 * its record schema, and how records are grouped (a file or a partition key).
 */
export interface CollectionSpec<T extends Versioned> {
  name: string;
  schema: z.ZodType<T>;
  /** Which partition a record lives in; must be stable for a record's lifetime. */
  partition(record: Draft<T>): string;
  /** The version records are written in (default 1); older files are migrated on read. */
  version?: number;
  /** Keyed by the version they migrate from. */
  migrations?: Record<number, Migration>;
  /**
   * Keys no two records may share (a form id, a case number): the store refuses the second
   * with UniqueError, across every process on a shared database.
   */
  unique?: KeysOf<Draft<T>>;
  /**
   * Older partitions left on disk until a history read asks for them (cases). Unique keys are
   * checked among the records in memory: an old record's keys must not come back (a case number
   * names its year; the reporting form checks its form id with find()).
   */
  history?: HistorySpec<T>;
  /**
   * The order of the records in every array an index or find() hands out (cases newest first):
   * sorted by the store once per change of what is under a key, not by each reader.
   */
  order?: (a: T, b: T) => number;
}

/** The schema version a collection writes. */
export const schemaVersion = (spec: Pick<CollectionSpec<Versioned>, 'version'>): number => spec.version ?? 1;

/** A collection with a history (HistoryStore): cases. */
export interface HistoryCollectionSpec<T extends Versioned> extends CollectionSpec<T> {
  history: HistorySpec<T>;
}

/** A collection read one partition at a time (LazyRecordStore). */
export interface LazySpec<T extends Versioned> extends CollectionSpec<T> {
  lazy: true;
  /** The partition of a record from its id alone (for get). */
  partitionOfId(id: string): string;
  /** How many partitions to keep in memory at most. */
  cacheSize: number;
}
