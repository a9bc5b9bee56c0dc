// A lowdb collection read one partition at a time (see LazyRecordStore). Opening lists the
// files without reading them, so start-up time and memory do not grow with history; a
// partition is read and validated on first use and kept in a small LRU. A partition with
// changes staged or being written is never evicted, so a write always starts from the
// records that are on disk.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { GroupCommit, type WriteQueue } from './groupCommit.js';
import { deepFreeze, PartitionFile, partitionKeys } from './partitionFile.js';
import { checkVersion, type Draft, type LazyRecordStore, type LazySpec, type PutOptions, type Versioned } from '../contract.js';

export class LazyLowdbCollection<T extends Versioned> implements LazyRecordStore<T> {
  readonly name: string;
  private readonly keys: Set<string>;
  /** partitions(), sorted once until a partition is added. */
  private sorted: readonly string[] | undefined;
  /** Loaded partitions, least recently used first. */
  private readonly cache = new Map<string, PartitionFile<T>>();
  private readonly loading = new Map<string, Promise<PartitionFile<T>>>();
  private readonly commits: GroupCommit<T>;

  private constructor(
    private readonly spec: LazySpec<T>,
    private readonly dir: string,
    keys: string[],
    queue: WriteQueue,
  ) {
    this.name = spec.name;
    this.keys = new Set(keys);
    this.commits = new GroupCommit(queue, {
      current: (id) => this.cache.get(spec.partitionOfId(id))?.records.get(id),
      write: (key, staged) => this.cache.get(key)!.write(staged),
      committed: (key) => {
        if (!this.keys.has(key)) this.sorted = undefined;
        this.keys.add(key);
        this.evict();
      },
    });
  }

  static async open<T extends Versioned>(spec: LazySpec<T>, root: string, queue: WriteQueue): Promise<LazyLowdbCollection<T>> {
    const dir = path.join(root, spec.name);
    await mkdir(dir, { recursive: true });
    return new LazyLowdbCollection(spec, dir, await partitionKeys(dir), queue);
  }

  partitions(): readonly string[] {
    return (this.sorted ??= Object.freeze([...this.keys].sort()));
  }

  async partition(key: string): Promise<readonly T[]> {
    if (!this.keys.has(key) && !this.cache.has(key)) return [];
    return (await this.load(key)).snapshot();
  }

  async get(id: string): Promise<T | undefined> {
    const key = this.spec.partitionOfId(id);
    if (!this.keys.has(key) && !this.cache.has(key)) return undefined;
    return (await this.load(key)).records.get(id);
  }

  async put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    const key = this.spec.partition(draft);
    this.keep(key, await this.load(key));
    return (await this.commits.stage(key, draft.id, (current) => {
      checkVersion(this.name, draft.id, current, options);
      return deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 }));
    })) as T;
  }

  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    const byKey = new Map<string, Draft<T>[]>();
    for (const draft of drafts) {
      const key = this.spec.partition(draft);
      const list = byKey.get(key);
      if (list) list.push(draft);
      else byKey.set(key, [draft]);
    }
    // Partition by partition, so a bulk import holds only a few partitions in memory at once.
    for (const [key, list] of byKey) {
      this.keep(key, await this.load(key));
      await Promise.all(
        list.map((draft) =>
          this.commits.stage(key, draft.id, (current) =>
            deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 })),
          ),
        ),
      );
    }
  }

  /** The partition from the cache, else from its file (or new and empty), marked as just used. */
  private async load(key: string): Promise<PartitionFile<T>> {
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    let loading = this.loading.get(key);
    if (!loading) {
      loading = this.keys.has(key)
        ? PartitionFile.read(this.spec, this.dir, key)
        : Promise.resolve(new PartitionFile(this.spec, PartitionFile.path(this.dir, key)));
      this.loading.set(key, loading);
      loading.finally(() => this.loading.delete(key)).catch(() => undefined);
    }
    const file = await loading;
    this.keep(key, file);
    this.evict(key);
    return file;
  }

  /**
   * Puts a loaded partition (back) in the cache unless a copy is there. Called in the same
   * synchronous step as staging a change, so the change is checked and written against the
   * cached records; from then on the partition is busy and stays.
   */
  private keep(key: string, file: PartitionFile<T>): void {
    if (!this.cache.has(key)) this.cache.set(key, file);
  }

  private evict(except?: string): void {
    for (const key of this.cache.keys()) {
      if (this.cache.size <= this.spec.cacheSize) return;
      if (key !== except && !this.commits.busy(key)) this.cache.delete(key);
    }
  }
}
