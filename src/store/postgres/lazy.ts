// A LazyRecordStore on PostgreSQL (ten years of indicator values): the partition names are held
// in memory (for the sync partitions()), a partition's records are read on first use into a
// small LRU, and a change another instance makes drops that partition from the cache.
import type { Draft, LazyRecordStore, LazySpec, PutOptions, Versioned } from '../contract.js';
import { ConflictError } from '../contract.js';
import type { ChangeTarget, Database } from './database.js';
import { decode, SELECT_ROWS, writeRow, writeRows, type Row } from './rows.js';

export class PgLazyCollection<T extends Versioned> implements LazyRecordStore<T>, ChangeTarget {
  readonly name: string;
  private keys = new Set<string>();
  /** partitions(), sorted once until the partitions change. */
  private sorted: readonly string[] | undefined;
  /** Loaded partitions (by id), least recently used first. */
  private readonly cache = new Map<string, Map<string, T>>();
  /** Each cached partition's records as one frozen array, until a record in it changes. */
  private readonly kept = new WeakMap<Map<string, T>, readonly T[]>();
  private readonly loading = new Map<string, Promise<Map<string, T>>>();

  private constructor(
    private readonly spec: LazySpec<T>,
    private readonly db: Database,
  ) {
    this.name = spec.name;
    db.register(spec.name, this);
  }

  static async open<T extends Versioned>(spec: LazySpec<T>, db: Database): Promise<PgLazyCollection<T>> {
    const col = new PgLazyCollection(spec, db);
    await col.reload();
    return col;
  }

  partitions(): readonly string[] {
    return (this.sorted ??= Object.freeze([...this.keys].sort()));
  }

  private load(key: string): Promise<Map<string, T>> {
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return Promise.resolve(cached);
    }
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.db.pool
        .query<Row>(`${SELECT_ROWS} WHERE collection = $1 AND partition = $2`, [this.name, key])
        .then((res) => {
          const records = new Map(res.rows.map((r) => [r.id, decode(this.spec, r)]));
          this.cache.set(key, records);
          while (this.cache.size > this.spec.cacheSize) this.cache.delete(this.cache.keys().next().value!);
          return records;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  async partition(key: string): Promise<readonly T[]> {
    if (!this.keys.has(key)) return [];
    const records = await this.load(key);
    let snapshot = this.kept.get(records);
    if (!snapshot) this.kept.set(records, (snapshot = Object.freeze([...records.values()])));
    return snapshot;
  }

  async get(id: string): Promise<T | undefined> {
    const key = this.spec.partitionOfId(id);
    if (!this.keys.has(key)) return undefined;
    return (await this.load(key)).get(id);
  }

  private addKey(key: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.sorted = undefined;
  }

  private remember(record: T): void {
    const key = this.spec.partition(record);
    this.addKey(key);
    const cached = this.cache.get(key);
    if (cached && (cached.get(record.id)?.version ?? 0) < record.version) {
      cached.set(record.id, record);
      this.kept.delete(cached);
    }
  }

  async put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    try {
      const stored = await writeRow(this.db, this.spec, draft, options, []);
      this.remember(stored);
      return stored;
    } catch (err) {
      if (err instanceof ConflictError) this.cache.delete(this.spec.partition(draft));
      throw err;
    }
  }

  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    for (const r of await writeRows(this.db, this.spec, drafts, () => [])) this.remember(r);
  }

  changed(_id: string, _version: number, partition: string): void {
    if (partition === '*') {
      void this.reload().catch((err: unknown) => this.db.reportError(err, this.name));
      return;
    }
    this.addKey(partition);
    this.cache.delete(partition);
  }

  async settled(): Promise<void> {}

  async reload(): Promise<void> {
    const res = await this.db.pool.query<{ partition: string }>('SELECT DISTINCT partition FROM store_records WHERE collection = $1', [
      this.name,
    ]);
    this.keys = new Set(res.rows.map((r) => r.partition));
    this.sorted = undefined;
    this.cache.clear();
  }
}
