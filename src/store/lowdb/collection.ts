// The embedded store: lowdb 7 JSON files, one folder per collection, one file per partition
// (e.g. cases by creation month). A submit rewrites only its partition (a few hundred
// records), never the whole data set, so the event loop is not blocked by a 10-year store.
// All writes go through one queue, and changes waiting for the same partition are committed
// together (groupCommit.ts). This collection keeps every record in memory, for sync reads
// and indexes; history too large for that lives in a LazyLowdbCollection (lazyStore.ts).
import { mkdir, access, constants } from 'node:fs/promises';
import path from 'node:path';
import { GroupCommit, WriteQueue } from './groupCommit.js';
import { Indexes } from '../indexes.js';
import { deepFreeze, PartitionFile, partitionKeys, readRecord, recordJson, StoreLoadError } from './partitionFile.js';
import { journalLine, type Journal, type JournalLine, type Journaled } from './journal.js';
import {
  checkUnique,
  checkVersion,
  type CollectionSpec,
  type Draft,
  type Index,
  type KeysOf,
  type PutOptions,
  type RecordStore,
  type Versioned,
  schemaVersion,
} from '../contract.js';

export { StoreLoadError, WriteQueue };

export class LowdbCollection<T extends Versioned> implements RecordStore<T>, Journaled {
  readonly name: string;
  private readonly byId = new Map<string, T>();
  private readonly partitionOf = new Map<string, string>();
  private readonly partitions = new Map<string, PartitionFile<T>>();
  private readonly indexes = new Indexes<T>();
  private readonly commits: GroupCommit<T>;
  /** The holders of unique keys among committed records (one process: its creates are serialised by their owners). */
  private readonly holders: Index<T> | undefined;

  private constructor(
    private readonly spec: CollectionSpec<T>,
    private readonly dir: string,
    queue: WriteQueue,
    private readonly journal: Journal | undefined,
  ) {
    this.name = spec.name;
    this.holders = spec.unique && this.indexes.define('unique', spec.unique, () => this.byId.values());
    this.commits = new GroupCommit(queue, {
      current: (id) => this.byId.get(id),
      write: (key, staged) => this.write(key, staged),
      committed: (key, staged) => this.keep(key, staged),
    });
  }

  /**
   * Loads and validates every partition; throws StoreLoadError without touching any file. With a
   * journal (openLowdb), writes are acknowledged once journaled and the partitions written later.
   */
  static async open<T extends Versioned>(
    spec: CollectionSpec<T>,
    root: string,
    queue: WriteQueue,
    journal?: Journal,
  ): Promise<LowdbCollection<T>> {
    const dir = path.join(root, spec.name);
    await mkdir(dir, { recursive: true });
    const col = new LowdbCollection(spec, dir, queue, journal);
    journal?.register(col);
    for (const key of await partitionKeys(dir)) {
      const file = await PartitionFile.read(spec, dir, key);
      for (const [id, record] of file.records) {
        if (col.byId.has(id)) throw new StoreLoadError(`${file.where}: id ${id} finns redan i en annan fil`);
        col.byId.set(id, record);
        col.partitionOf.set(id, key);
      }
      col.partitions.set(key, file);
    }
    return col;
  }

  private async write(key: string, staged: ReadonlyMap<string, T | undefined>): Promise<void> {
    if (!this.journal) return this.partitionFor(key).write(staged);
    const version = schemaVersion(this.spec);
    await this.journal.append([...staged].map(([id, r]) => journalLine(this.name, key, id, version, r ? recordJson(r) : null)));
    this.partitionFor(key).apply(staged);
  }

  /** Makes written records visible: by id, in their partition and in every index. */
  private keep(key: string, staged: ReadonlyMap<string, T | undefined>): void {
    for (const [id, record] of staged) {
      this.indexes.replace(this.byId.get(id), record);
      if (record) {
        this.byId.set(id, record);
        this.partitionOf.set(id, key);
      } else {
        this.byId.delete(id);
        this.partitionOf.delete(id);
      }
    }
  }

  replay(line: JournalLine, where: string): void {
    const record = line.r === null ? undefined : readRecord(this.spec, line.r, line.v, where);
    if (record && record.id !== line.id) throw new StoreLoadError(`${where}: id ${record.id} på raden för ${line.id}`);
    const held = this.partitionOf.get(line.id);
    if (held !== undefined && held !== line.k) throw new StoreLoadError(`${where}: ${line.id} ligger i ${held}, inte i ${line.k}`);
    const staged = new Map([[line.id, record]]);
    this.partitionFor(line.k).apply(staged);
    this.keep(line.k, staged);
  }

  async flush(): Promise<void> {
    for (const file of this.partitions.values()) await file.flush();
  }

  private partitionFor(key: string): PartitionFile<T> {
    let file = this.partitions.get(key);
    if (!file) this.partitions.set(key, (file = new PartitionFile(this.spec, PartitionFile.path(this.dir, key))));
    return file;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  all(): readonly T[] {
    return [...this.byId.values()];
  }

  put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    return this.commits.stage(this.keyOf(draft.id, draft), draft.id, (current) => {
      checkVersion(this.name, draft.id, current, options);
      checkUnique(this.name, draft, this.spec.unique, this.holders);
      // Parse before writing: nothing invalid ever reaches a file.
      return deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 }));
    }) as Promise<T>;
  }

  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    await Promise.all(
      drafts.map((draft) =>
        this.commits.stage(this.keyOf(draft.id, draft), draft.id, (current) =>
          deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 })),
        ),
      ),
    );
  }

  async delete(id: string, options?: PutOptions): Promise<void> {
    const key = this.keyOf(id);
    if (key === undefined) {
      checkVersion(this.name, id, undefined, options);
      return;
    }
    await this.commits.stage(key, id, (current) => {
      checkVersion(this.name, id, current, options);
      return undefined;
    });
  }

  index(name: string, keysOf: KeysOf<T>): Index<T> {
    return this.indexes.define(name, keysOf, () => this.byId.values());
  }

  /** The file a record is in, or will be in once its pending write lands. */
  private keyOf(id: string, draft: Draft<T>): string;
  private keyOf(id: string): string | undefined;
  private keyOf(id: string, draft?: Draft<T>): string | undefined {
    return this.partitionOf.get(id) ?? this.commits.keyOf(id) ?? (draft && this.spec.partition(draft));
  }
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
