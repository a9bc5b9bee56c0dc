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
import { ColdPartitions, horizonMonth } from './history.js';
import { BoundedMap } from '../../core/bounded.js';
import {
  checkUnique,
  checkVersion,
  historyIndex,
  type CollectionSpec,
  type Draft,
  type Groups,
  type Index,
  type KeysOf,
  type PutOptions,
  type HistoryStore,
  type Tally,
  type Tallied,
  type Versioned,
  Counters,
  schemaVersion,
  summed,
} from '../contract.js';

export { StoreLoadError, WriteQueue };

export class LowdbCollection<T extends Versioned> implements HistoryStore<T>, Journaled {
  readonly name: string;
  private readonly byId = new Map<string, T>();
  private readonly partitionOf = new Map<string, string>();
  private readonly partitions = new Map<string, PartitionFile<T>>();
  private readonly indexes: Indexes<T>;
  private readonly commits: GroupCommit<T>;
  /** The holders of unique keys among committed records (one process: its creates are serialised by their owners). */
  private readonly holders: Index<T> | undefined;
  /** The partitions left on disk (CollectionSpec.history), if the collection has a history. */
  private cold: ColdPartitions<T> | undefined;
  private readonly historyIndexes = new Map<string, Index<T>>();
  /** Old partitions being taken into memory for a write. */
  private readonly warming = new Map<string, Promise<void>>();
  /**
   * find()'s answers that combine partitions, kept while the held records under the key and the
   * months on disk holding it are the same (its answer is sorted and frozen once). Few: each
   * holds records of months read from disk, which must not outlive the 24 months kept by much.
   */
  private readonly combined = new BoundedMap<string, { held: readonly T[]; onDisk: readonly string[]; records: readonly T[] }>(48);
  /** What tallies counted of the months on disk under a key, while they stay there (see tally()). */
  private readonly coldTallies = new BoundedMap<
    string,
    { onDisk: readonly string[]; recounts: number; counted: Groups; both?: { writes: number; sum: Tallied } }
  >(64);

  private constructor(
    private readonly spec: CollectionSpec<T>,
    private readonly dir: string,
    queue: WriteQueue,
    private readonly journal: Journal | undefined,
  ) {
    this.name = spec.name;
    this.indexes = new Indexes<T>(spec.order);
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
    now = new Date(),
  ): Promise<LowdbCollection<T>> {
    const dir = path.join(root, spec.name);
    await mkdir(dir, { recursive: true });
    const col = new LowdbCollection(spec, dir, queue, journal);
    journal?.register(col);
    const cold = spec.history && new ColdPartitions(spec, spec.history, dir, horizonMonth(now, spec.history.hotMonths));
    await cold?.open();
    // A partition the journal still holds changes for is replayed into memory.
    const journaled = journal?.partitionsOf(spec.name) ?? new Set<string>();
    const onDisk = await partitionKeys(dir);
    for (const key of onDisk) {
      const mayRest = cold !== undefined && !journaled.has(key);
      if (mayRest && (await cold.stillCold(key))) continue;
      const file = await PartitionFile.read(spec, dir, key);
      if (mayRest && cold.belongsOnDisk(key, file.records.values())) {
        await cold.summarise(key, file.records.values());
        continue;
      }
      col.hold(key, file);
    }
    if (cold) {
      const present = new Set(onDisk);
      cold.retain((key) => present.has(key) && !col.partitions.has(key));
      await cold.save();
      col.cold = cold;
    }
    return col;
  }

  /** Keeps a partition's records in memory. */
  private hold(key: string, file: PartitionFile<T>): void {
    for (const [id, record] of file.records) {
      if (this.byId.has(id)) throw new StoreLoadError(`${file.where}: id ${id} finns redan i en annan fil`);
      this.byId.set(id, record);
      this.partitionOf.set(id, key);
      this.indexes.replace(undefined, record, false);
    }
    this.partitions.set(key, file);
  }

  /** An old partition taken into memory because a record in it is written (by one caller at a time). */
  private warm(key: string): Promise<void> {
    let pending = this.warming.get(key);
    if (!pending) {
      pending = this.cold!.take(key)
        .then((file) => this.hold(key, file))
        .finally(() => this.warming.delete(key));
      this.warming.set(key, pending);
    }
    return pending;
  }

  /**
   * At close, after the last flush: the partitions held in memory that are old enough and hold
   * nothing that keeps them there are summarised, so the next start leaves them on disk.
   */
  async rest(): Promise<void> {
    if (!this.cold) return;
    for (const [key, file] of this.partitions) {
      if (this.cold.belongsOnDisk(key, file.records.values())) await this.cold.summarise(key, file.records.values());
    }
    await this.cold.save();
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
      const before = this.byId.get(id);
      if (record) {
        this.byId.set(id, record);
        this.partitionOf.set(id, key);
      } else {
        this.byId.delete(id);
        this.partitionOf.delete(id);
      }
      this.indexes.replace(before, record);
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
    const key = this.keyOf(draft.id, draft);
    if (this.cold?.has(key)) return this.warm(key).then(() => this.put(draft, options));
    return this.commits.stage(key, draft.id, (current) => {
      checkVersion(this.name, draft.id, current, options);
      checkUnique(this.name, draft, this.spec.unique, this.holders);
      // Parse before writing: nothing invalid ever reaches a file.
      return deepFreeze(this.spec.schema.parse({ ...draft, version: (current?.version ?? 0) + 1 }));
    }) as Promise<T>;
  }

  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    const keys = drafts.map((draft) => this.keyOf(draft.id, draft));
    await Promise.all([...new Set(keys)].filter((key) => this.cold?.has(key)).map((key) => this.warm(key)));
    await Promise.all(
      drafts.map((draft, i) =>
        this.commits.stage(keys[i]!, draft.id, (current) =>
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
    if (this.cold?.has(key)) await this.warm(key);
    await this.commits.stage(key, id, (current) => {
      checkVersion(this.name, id, current, options);
      return undefined;
    });
  }

  index(name: string, keysOf: KeysOf<T>): Index<T> {
    return this.indexes.define(name, keysOf, () => this.byId.values());
  }

  async load(id: string): Promise<T | undefined> {
    const held = this.byId.get(id);
    if (held || !this.cold) return held;
    const key = this.cold.locate(id);
    return key === undefined ? undefined : (await this.cold.read(key)).records.get(id);
  }

  /** A history index over the records held (one lookup per name, not per read). */
  private held(index: string): Index<T> {
    let held = this.historyIndexes.get(index);
    if (!held) this.historyIndexes.set(index, (held = this.index(index, historyIndex(this.spec, index))));
    return held;
  }

  async find(index: string, key: string): Promise<readonly T[]> {
    const held = this.held(index);
    const onDisk = this.cold?.holding(index, key) ?? [];
    if (onDisk.length === 0) return held.get(key);
    const name = `${index}\n${key}`;
    const kept = this.combined.get(name);
    // A month on disk does not change while it stays there (a write takes it into memory, and
    // the lookup tables are made again): the same held records and months give the same answer.
    if (kept && kept.held === held.get(key) && kept.onDisk === onDisk) return kept.records;
    const read = await Promise.all(onDisk.map((p) => this.cold!.under(p, index, key)));
    const now = this.cold!.holding(index, key);
    // A month taken into memory during the read is among the held records now: ask again.
    if (!sameList(now, onDisk)) return this.find(index, key);
    const hot = held.get(key);
    const records = ([] as T[]).concat(hot, ...read);
    if (this.spec.order) records.sort(this.spec.order);
    Object.freeze(records);
    this.combined.delete(name);
    this.combined.set(name, { held: hot, onDisk: now, records });
    return records;
  }

  count(index: string, key: string): number {
    return this.held(index).size(key) + (this.cold?.count(index, key) ?? 0);
  }

  async tally(tally: Tally<T>, key: string): Promise<Tallied> {
    const held = this.indexes.tally(tally, historyIndex(this.spec, tally.index), () => this.byId.values());
    const onDisk = this.cold?.holding(tally.index, key) ?? [];
    if (onDisk.length === 0) return held.get(key);
    const name = `${tally.name}\n${tally.generation}\n${key}`;
    let cold = this.coldTallies.get(name);
    const recounts = this.cold!.recounts;
    // Months on disk do not change there (a write takes one into memory first), nor what their
    // records join (a recount is counted): the same months, the same counts.
    if (!cold || !sameList(cold.onDisk, onDisk) || cold.recounts !== recounts) {
      const read = await Promise.all(onDisk.map((p) => this.cold!.tally(p, tally, key)));
      // A month taken into memory (or a record recounted) during the read: ask again.
      if (!sameList(this.cold!.holding(tally.index, key), onDisk) || this.cold!.recounts !== recounts) return this.tally(tally, key);
      const sum = new Counters();
      for (const t of read) sum.add(t);
      this.coldTallies.delete(name);
      this.coldTallies.set(name, (cold = { onDisk, recounts, counted: sum.groups }));
    }
    // Summed once until the next write: a read of a quarter asks for the same months again and again.
    if (cold.both?.writes !== this.indexes.writes) cold.both = { writes: this.indexes.writes, sum: summed([held.get(key), cold.counted]) };
    return cold.both.sum;
  }

  recount(id: string): void {
    const held = this.byId.get(id);
    if (held) this.indexes.recount(held);
    else this.cold?.recount(id);
  }

  watch(changed: (id: string) => void): void {
    this.indexes.watch(changed);
  }

  keys(index: string): readonly string[] {
    const held = this.held(index).keys();
    if (!this.cold) return held;
    // The keys on disk are a set made once; only the held keys are checked against it.
    const onDisk = this.cold.keys(index);
    return [...onDisk, ...held.filter((k) => !onDisk.has(k))];
  }

  async *scan(): AsyncIterable<readonly T[]> {
    const keys = [...new Set([...this.partitions.keys(), ...(this.cold?.partitions() ?? [])])].sort();
    for (const key of keys) {
      const file = this.cold?.has(key) ? await this.cold.read(key) : undefined;
      // A partition taken into memory during the read is given as it is held now.
      const held = this.partitions.get(key);
      yield held ? held.snapshot() : (file?.snapshot() ?? []);
    }
  }

  /** The file a record is in, or will be in once its pending write lands. */
  private keyOf(id: string, draft: Draft<T>): string;
  private keyOf(id: string): string | undefined;
  private keyOf(id: string, draft?: Draft<T>): string | undefined {
    return this.partitionOf.get(id) ?? this.commits.keyOf(id) ?? (draft ? this.spec.partition(draft) : this.cold?.locate(id));
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** True when the data folder can still be read and written (for /healthz). */
export async function folderUsable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
