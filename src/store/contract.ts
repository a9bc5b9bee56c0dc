import type { z } from 'zod/v4';

// The one storage contract every collection implements, modelled on botbuilder's Storage:
// few methods, optimistic concurrency by version (botbuilder's eTag), one conformance suite
// (test/store.conformance.ts) that every implementation must pass.

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
   * The records with this key, in no particular order: a frozen snapshot, the same array until
   * a record with this key changes, so a caller may keep what it derived from it (WeakMap).
   */
  get(key: string): readonly T[];
  /** Every key that has at least one record. */
  keys(): readonly string[];
  /** How many records have this key (without copying them). */
  size(key: string): number;
}

export interface RecordStore<T extends Versioned> {
  readonly name: string;
  get(id: string): T | undefined;
  /** A snapshot of all records; callers filter in memory (the data set fits, see README). */
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
   * until a record in the partition changes (or the partition is read from storage again), so
   * a caller may keep what it derived from it (WeakMap).
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
}

/** The schema version a collection writes. */
export const schemaVersion = (spec: Pick<CollectionSpec<Versioned>, 'version'>): number => spec.version ?? 1;

/** A collection read one partition at a time (LazyRecordStore). */
export interface LazySpec<T extends Versioned> extends CollectionSpec<T> {
  lazy: true;
  /** The partition of a record from its id alone (for get). */
  partitionOfId(id: string): string;
  /** How many partitions to keep in memory at most. */
  cacheSize: number;
}
