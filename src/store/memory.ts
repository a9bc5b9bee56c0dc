// In-memory RecordStore: for capability unit tests; same contract as the lowdb store.
import type { z } from 'zod/v4';
import { deepFreeze } from '../core/freeze.js';
import { Indexes } from './indexes.js';
import {
  checkUnique,
  checkVersion,
  historyIndex,
  historyInMemory,
  type Draft,
  type HistorySpec,
  type Index,
  type KeysOf,
  type LazyRecordStore,
  type PutOptions,
  type HistoryStore,
  type Tally,
  type TallyIndex,
  type Versioned,
} from './contract.js';

export class MemoryRecordStore<T extends Versioned> implements HistoryStore<T> {
  private readonly records = new Map<string, T>();
  private readonly indexes: Indexes<T>;
  private readonly holders: Index<T> | undefined;
  /** With a schema, every put is parsed as the lowdb store parses it. */
  constructor(
    readonly name: string,
    private readonly schema?: z.ZodType<T>,
    private readonly unique?: KeysOf<Draft<T>>,
    readonly history?: HistorySpec<T>,
    order?: (a: T, b: T) => number,
  ) {
    this.indexes = new Indexes<T>(order);
    this.holders = unique && this.index('unique', unique);
    Object.assign(this, historyInMemory(this, { name, history }));
  }
  declare load: HistoryStore<T>['load'];
  declare find: HistoryStore<T>['find'];
  declare count: HistoryStore<T>['count'];
  declare keys: HistoryStore<T>['keys'];
  declare scan: HistoryStore<T>['scan'];
  declare tally: HistoryStore<T>['tally'];

  get(id: string): T | undefined {
    return this.records.get(id);
  }
  all(): readonly T[] {
    return [...this.records.values()];
  }
  async put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    const current = this.records.get(draft.id);
    checkVersion(this.name, draft.id, current, options);
    checkUnique(this.name, draft, this.unique, this.holders);
    const next = structuredClone({ ...draft, version: (current?.version ?? 0) + 1 }) as T;
    const stored = deepFreeze(this.schema ? this.schema.parse(next) : next);
    this.records.set(stored.id, stored);
    this.indexes.replace(current, stored);
    return stored;
  }
  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    for (const d of drafts) await this.put(d);
  }
  async delete(id: string, options?: PutOptions): Promise<void> {
    const current = this.records.get(id);
    checkVersion(this.name, id, current, options);
    this.records.delete(id);
    this.indexes.replace(current, undefined);
  }
  index(name: string, keysOf: KeysOf<T>): Index<T> {
    return this.indexes.define(name, keysOf, () => this.records.values());
  }
  tallied(tally: Tally<T>): TallyIndex {
    return this.indexes.tally(tally, historyIndex(this, tally.index), () => this.records.values());
  }
  recount(id: string): void {
    const record = this.records.get(id);
    if (record) this.indexes.recount(record);
  }
  watch(changed: (id: string) => void): void {
    this.indexes.watch(changed);
  }
}

/** In-memory LazyRecordStore: for capability tests; same contract as the lazy lowdb store. */
export class MemoryLazyStore<T extends Versioned> implements LazyRecordStore<T> {
  private readonly records: MemoryRecordStore<T>;
  private readonly byPartition: Index<T>;
  constructor(
    readonly name: string,
    partition: (record: Draft<T>) => string,
  ) {
    this.records = new MemoryRecordStore<T>(name);
    this.byPartition = this.records.index('partition', (r) => [partition(r)]);
  }
  partitions(): readonly string[] {
    return [...this.byPartition.keys()].sort();
  }
  async partition(key: string): Promise<readonly T[]> {
    return this.byPartition.get(key);
  }
  async get(id: string): Promise<T | undefined> {
    return this.records.get(id);
  }
  put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    return this.records.put(draft, options);
  }
  putMany(drafts: readonly Draft<T>[]): Promise<void> {
    return this.records.putMany(drafts);
  }
}
