// Secondary indexes over a collection, declared by the module that owns a query (e.g. reporting
// finds a case by form id) and kept current by the store on every write. Queries on the hot
// paths then touch the few records they need instead of scanning ten years of cases.
import { Counters, type Index, type KeysOf, type Tally, type Tallied, type TallyIndex, type Versioned } from './contract.js';

/**
 * Built from the collection on first use, not when declared: start-up does not pay for every
 * index of ten years of cases, and a write before the first use needs no bookkeeping (the build
 * reads the records as they are then).
 */
class KeyIndex<T extends Versioned> implements Index<T> {
  private buckets: Map<string, Map<string, T>> | undefined;
  /** Each key's records as handed out, kept until that key's records change (see Index.get). */
  private readonly snapshots = new Map<string, readonly T[]>();
  constructor(
    readonly keysOf: KeysOf<T>,
    private readonly records: () => Iterable<T>,
    private readonly order: ((a: T, b: T) => number) | undefined,
  ) {}

  private built(): Map<string, Map<string, T>> {
    if (!this.buckets) {
      this.buckets = new Map();
      for (const record of this.records()) this.add(record);
    }
    return this.buckets;
  }

  add(record: T): void {
    if (!this.buckets) return;
    for (const key of this.keysOf(record)) {
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Map()));
      bucket.set(record.id, record);
      this.snapshots.delete(key);
    }
  }

  remove(record: T): void {
    if (!this.buckets) return;
    // Records are frozen, so their keys are the same ones they were added under.
    for (const key of this.keysOf(record)) {
      const bucket = this.buckets.get(key);
      bucket?.delete(record.id);
      if (bucket?.size === 0) this.buckets.delete(key);
      this.snapshots.delete(key);
    }
  }

  get(key: string): readonly T[] {
    let snapshot = this.snapshots.get(key);
    if (!snapshot) {
      const bucket = this.built().get(key);
      const records = bucket ? [...bucket.values()] : [];
      this.snapshots.set(key, (snapshot = Object.freeze(this.order ? records.sort(this.order) : records)));
    }
    return snapshot;
  }

  keys(): readonly string[] {
    return [...this.built().keys()];
  }

  size(key: string): number {
    return this.built().get(key)?.size ?? 0;
  }
}

const NOTHING: Tallied = new Map();

/** A tally's counters per key of its index, built on first use like an index, then kept on every write. */
class KeyTally<T extends Versioned> implements TallyIndex {
  private byKey: Map<string, Counters> | undefined;
  /** What each record was counted with, where the tally joins (Tally.join): a take-back uses it. */
  private readonly joined = new Map<string, unknown>();
  constructor(
    readonly tally: Tally<T>,
    private readonly keysOf: KeysOf<T>,
    private readonly records: () => Iterable<T>,
  ) {}

  count(record: T, by: 1 | -1): void {
    if (!this.byKey) return;
    const joined = this.tally.join && this.joinedFor(record, by);
    for (const key of new Set(this.keysOf(record))) {
      let counters = this.byKey.get(key);
      if (!counters) this.byKey.set(key, (counters = new Counters()));
      counters.count(this.tally, record, by, key, joined);
      if (counters.groups.size === 0) this.byKey.delete(key);
    }
  }

  /** Counted with what the join reads now; taken back with what it was counted with. */
  private joinedFor(record: T, by: 1 | -1): unknown {
    if (by === -1) {
      const was = this.joined.get(record.id);
      this.joined.delete(record.id);
      return was;
    }
    const now = this.tally.join!(record);
    this.joined.set(record.id, now);
    return now;
  }

  get(key: string): Tallied {
    if (!this.byKey) {
      this.byKey = new Map();
      for (const record of this.records()) this.count(record, 1);
    }
    return this.byKey.get(key)?.groups ?? NOTHING;
  }
}

/** The indexes and tallies of one collection; the store calls replace() whenever a record changes. */
export class Indexes<T extends Versioned> {
  private readonly byName = new Map<string, KeyIndex<T>>();
  private readonly tallies = new Map<string, KeyTally<T>>();
  private readonly watchers: ((id: string) => void)[] = [];
  /** How many changes the records have had (replace, recount): what was read of them is stale when it moves. */
  writes = 0;

  /** `order`: the collection's (CollectionSpec.order), for every index's arrays. */
  constructor(private readonly order?: (a: T, b: T) => number) {}

  /** A tally by its name: counted again from the records when its generation is new. */
  tally(tally: Tally<T>, keysOf: KeysOf<T>, records: () => Iterable<T>): TallyIndex {
    let kept = this.tallies.get(tally.name);
    if (kept?.tally.generation !== tally.generation) this.tallies.set(tally.name, (kept = new KeyTally(tally, keysOf, records)));
    return kept;
  }

  /** Same name, same index: a name stands for one key function (the first one given). */
  define(name: string, keysOf: KeysOf<T>, records: () => Iterable<T>): Index<T> {
    let index = this.byName.get(name);
    if (!index) this.byName.set(name, (index = new KeyIndex(keysOf, records, this.order)));
    return index;
  }

  /**
   * After the change is visible to get(): the watchers (RecordStore.watch) are told last, unless
   * nothing was written (a partition on disk taken into memory).
   */
  replace(before: T | undefined, after: T | undefined, written = true): void {
    this.writes++;
    for (const index of this.byName.values()) {
      if (before) index.remove(before);
      if (after) index.add(after);
    }
    for (const tally of this.tallies.values()) {
      if (before) tally.count(before, -1);
      if (after) tally.count(after, 1);
    }
    const id = (after ?? before)?.id;
    if (id !== undefined && written) for (const changed of this.watchers) changed(id);
  }

  /** A held record's joining tallies counted again (HistoryStore.recount). */
  recount(record: T): void {
    this.writes++;
    for (const tally of this.tallies.values()) {
      if (!tally.tally.join) continue;
      tally.count(record, -1);
      tally.count(record, 1);
    }
  }

  watch(changed: (id: string) => void): void {
    this.watchers.push(changed);
  }
}
