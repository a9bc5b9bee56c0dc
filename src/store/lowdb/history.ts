// The older partitions of a collection with a history (closed cases older than a year):
// left on disk at start, so start-up time and memory do not grow with the years (issue 17),
// and read when a history read asks for them, a few at a time. What find(), count(), keys()
// and load() need to know without reading them is in a summary per partition (its ids and
// the keys of each history index), kept in <collection>/.history.json.
//
// The summaries are a cache of the files, never their source: each carries the size and mtime
// of the file it was made from, and the generation the store wrote into it (new on every write;
// a file from before generations: a hash of its bytes). A file whose time changed but whose
// contents did not (a copy to another disk) keeps its summary after a read of its first bytes
// (issue 34.6: rebuilding every summary at start costs seconds on 30 years; hashing them all,
// 0.15 s); one rewritten since (a crash after a write) is made again from the file at start; all are
// when a release raises the history's key version or changes its indexes (HistorySpec.version).
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod/v4';
import { BoundedMap } from '../../core/bounded.js';
import { partitionPoint } from '../../core/search.js';
import { DurableJsonFile } from './durableFile.js';
import { generationIn, PartitionFile } from './partitionFile.js';
import { Counters, historyIndex, type CollectionSpec, type HistorySpec, type Groups, type Tally, type Versioned } from '../contract.js';

const FILE = '.history.json';
/** How many old partitions stay read at once (a month's file is about 0.3 MB on the seeded stores). */
const CACHE_SIZE = 24;

/** Where a key is on disk: the partitions holding it, and how many records it has in them. */
interface Found {
  partitions: readonly string[];
  count: number;
}

/**
 * An index's keys on disk as one sorted string, a line "key\tpartition\tcount" per partition a
 * key is in, and where each line starts: a key is found by binary search, whatever the years
 * (one string, not an object per key). Built on first use of the index (and the ids).
 */
class KeyTable {
  private readonly text: string;
  private readonly starts: Uint32Array;
  private distinct: Set<string> | undefined;
  /** Keys looked up lately (a query asks for the same months and providers again and again). */
  private readonly found = new BoundedMap<string, Found>(1024);

  constructor(lines: string[]) {
    lines.sort();
    this.text = lines.join('\n');
    this.starts = new Uint32Array(lines.length);
    let at = 0;
    lines.forEach((line, i) => {
      this.starts[i] = at;
      at += line.length + 1;
    });
  }

  private field(i: number): [key: string, partition: string, count: number] {
    const at = this.starts[i]!;
    const end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
    const [key, partition, count] = this.text.slice(at, end).split('\t');
    return [key!, partition!, Number(count)];
  }

  /** The partitions a key is in, and how many records it has in them. */
  find(key: string): Found {
    let found = this.found.get(key);
    if (!found) {
      found = this.search(escaped(key));
      this.found.set(key, found);
    }
    return found;
  }

  private search(wanted: string): Found {
    const lo = partitionPoint(this.starts.length, (i) => this.field(i)[0] < wanted);
    const found = { partitions: [] as string[], count: 0 };
    for (let i = lo; i < this.starts.length; i++) {
      const [k, partition, count] = this.field(i);
      if (k !== wanted) break;
      found.partitions.push(partition);
      found.count += count;
    }
    return found;
  }

  /** The distinct keys, made once (a table does not change). */
  keys(): ReadonlySet<string> {
    if (!this.distinct) {
      const all = new Set<string>();
      for (let i = 0; i < this.starts.length; i++) all.add(unescaped(this.field(i)[0]));
      this.distinct = all;
    }
    return this.distinct;
  }
}

/**
 * One partition as the summary file holds it, as strings (compact, cheap to parse): its ids
 * "\nid\n…", and per index its keys with how many records have each, "\nkey\tcount\n…".
 */
const Summary = z.object({
  stamp: z.string(),
  /** The file's generation (partitionFile.ts); a file written before generations has its hash instead. */
  generation: z.string().optional(),
  hash: z.string().optional(),
  ids: z.string(),
  keys: z.record(z.string(), z.string()),
});
type Summary = z.infer<typeof Summary>;
const SummaryFile = z.object({ fingerprint: z.string(), partitions: z.record(z.string(), Summary) });
type SummaryFile = z.infer<typeof SummaryFile>;

/** The month `months` before now's (UTC, YYYY-MM): partitions from it on are held in memory. */
export function horizonMonth(now: Date, months: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return d.toISOString().slice(0, 7);
}

/** What the summaries were made with: the record and key versions, and the index names. */
const fingerprintOf = (spec: CollectionSpec<Versioned>, history: HistorySpec<never>) =>
  `summary 4; records ${spec.version ?? 1}; keys ${history.version}; ${Object.keys(history.indexes).sort().join(', ')}`;

const stampOf = async (file: string): Promise<string | undefined> => {
  const s = await stat(file).catch(() => undefined);
  return s && `${s.size}:${s.mtimeMs}`;
};

/** A file's bytes as a short hash (sha-256: 0.3 MB in about a millisecond). */
const hashOf = async (file: string): Promise<string | undefined> =>
  readFile(file).then(
    (bytes) => createHash('sha256').update(bytes).digest('base64url'),
    () => undefined,
  );

/** A partition file's generation, from its first bytes: a start need not read 100 MB of old months. */
async function generationOf(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
    return generationIn(buffer.toString('utf8', 0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** What tells a file's contents apart: its generation, or the hash of a file written before them. */
async function contentOf(file: string): Promise<Pick<Summary, 'generation' | 'hash'>> {
  const generation = await generationOf(file);
  return generation ? { generation } : { hash: await hashOf(file) };
}

/** The one of the two a summary or a file has. */
const contentKey = (c: Pick<Summary, 'generation' | 'hash'>) => c.generation ?? c.hash;

/** Same size, and the same time to within a millisecond (a copy that keeps times, cp -p or a restore, may round them). */
function sameStamp(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const [sizeA, timeA] = a.split(':').map(Number);
  const [sizeB, timeB] = b.split(':').map(Number);
  return sizeA === sizeB && Math.abs(timeA! - timeB!) <= 1;
}

/**
 * A key as it is written in a summary: the escape and every control character (the delimiters
 * among them) escaped, so a line sorts by its key (KeyTable).
 */
const ESCAPED = /[%\x00-\x1f]/g;
const escaped = (key: string): string => key.replace(ESCAPED, (c) => encodeURIComponent(c));
const unescaped = (key: string): string => (key.includes('%') ? decodeURIComponent(key) : key);

const idList = (ids: Iterable<string>): string => {
  let text = '\n';
  for (const id of ids) text += `${escaped(id)}\n`;
  return text;
};

const keyCounts = (counts: ReadonlyMap<string, number>): string => {
  let text = '\n';
  for (const [key, n] of counts) text += `${escaped(key)}\t${n}\n`;
  return text;
};

/** A partition read for history: its records, per index key the ones under it (stable arrays), and what tallies counted of them. */
interface Read<T extends Versioned> {
  file: PartitionFile<T>;
  under: Map<string, readonly T[]>;
  counted: Map<string, Groups>;
}

export class ColdPartitions<T extends Versioned> {
  private summaries = new Map<string, Summary>();
  private readonly fingerprint: string;
  private changed = false;
  /** Read partitions, least recently used first (a hit moves to the end). */
  private readonly cache = new BoundedMap<string, Read<T>>(CACHE_SIZE);
  private readonly reading = new Map<string, Promise<Read<T>>>();
  /** Per index (and '' for the ids) its key table, built on first use. */
  private readonly tables = new Map<string, KeyTable>();
  private readonly summaryFile: DurableJsonFile<SummaryFile>;

  constructor(
    private readonly spec: CollectionSpec<T>,
    private readonly history: HistorySpec<T>,
    private readonly dir: string,
    /** Partitions from this month on are held in memory. */
    readonly horizon: string,
  ) {
    this.fingerprint = fingerprintOf(spec as CollectionSpec<Versioned>, history as HistorySpec<never>);
    this.summaryFile = new DurableJsonFile<SummaryFile>(path.join(dir, FILE), {
      parse: (text) => JSON.parse(text) as SummaryFile,
      stringify: (data) => JSON.stringify(data),
    });
  }

  /** Reads the summary file; a missing, unreadable or outdated one only makes the start slower. */
  async open(): Promise<void> {
    const found = SummaryFile.safeParse(await this.summaryFile.read().catch(() => null));
    if (found.success && found.data.fingerprint === this.fingerprint) this.summaries = new Map(Object.entries(found.data.partitions));
    else this.changed = true;
  }

  /** Whether a partition on disk can stay there: old enough, summarised, and its file unchanged since. */
  async stillCold(key: string): Promise<boolean> {
    const summary = this.summaries.get(key);
    if (key >= this.horizon || !summary) return false;
    const file = PartitionFile.path(this.dir, key);
    const stamp = await stampOf(file);
    if (sameStamp(summary.stamp, stamp)) return true;
    // Touched, not rewritten (a copy): the same generation (an older file: the same bytes) keeps its summary, with the new time.
    const sameContent = async () => contentKey(summary) !== undefined && contentKey(await contentOf(file)) === contentKey(summary);
    if (stamp && stamp.split(':')[0] === summary.stamp.split(':')[0] && (await sameContent())) {
      this.summaries.set(key, { ...summary, stamp });
      this.changed = true;
      return true;
    }
    this.summaries.delete(key);
    this.changed = true;
    return false;
  }

  /** Whether a partition read at start (or at close) can be left on disk: old, and nothing in it keeps it in memory. */
  belongsOnDisk(key: string, records: Iterable<T>): boolean {
    if (key >= this.horizon) return false;
    for (const r of records) if (this.history.keepsHot(r)) return false;
    return true;
  }

  /** Summarises a partition whose file holds exactly these records. */
  async summarise(key: string, records: Iterable<T>): Promise<void> {
    const file = PartitionFile.path(this.dir, key);
    const [stamp, content] = [await stampOf(file), await contentOf(file)];
    if (stamp === undefined) return;
    const ids: string[] = [];
    const keys: Record<string, Map<string, number>> = Object.fromEntries(
      Object.keys(this.history.indexes).map((name) => [name, new Map()]),
    );
    for (const r of records) {
      ids.push(r.id);
      // A record counts once under a key, as in the in-memory indexes.
      for (const [name, keysOf] of Object.entries(this.history.indexes)) {
        const counts = keys[name]!;
        for (const key of new Set(keysOf(r))) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    this.summaries.set(key, {
      stamp,
      ...content,
      ids: idList(ids),
      keys: Object.fromEntries(Object.entries(keys).map(([n, k]) => [n, keyCounts(k)])),
    });
    this.changed = true;
    this.tables.clear();
  }

  /** Forgets the partitions not in `present` (deleted files, or held in memory now). */
  retain(present: (key: string) => boolean): void {
    for (const key of this.summaries.keys()) {
      if (present(key)) continue;
      this.summaries.delete(key);
      this.changed = true;
    }
    this.tables.clear();
  }

  /** An index's key table ('' for the ids), built on first use. */
  private table(index: string): KeyTable {
    let table = this.tables.get(index);
    if (!table) {
      if (index) historyIndex(this.spec, index);
      const lines: string[] = [];
      for (const [p, s] of this.summaries) {
        // A key list's lines are "key\tcount", the ids' lines an id alone: the partition goes between.
        for (const line of (index ? (s.keys[index] ?? '') : s.ids).split('\n')) {
          if (!line) continue;
          const tab = index ? line.lastIndexOf('\t') : line.length;
          lines.push(`${line.slice(0, tab)}\t${p}${index ? line.slice(tab) : '\t1'}`);
        }
      }
      this.tables.set(index, (table = new KeyTable(lines)));
    }
    return table;
  }

  async save(): Promise<void> {
    if (!this.changed) return;
    await this.summaryFile.write({ fingerprint: this.fingerprint, partitions: Object.fromEntries([...this.summaries].sort()) });
    this.changed = false;
  }

  has(key: string): boolean {
    return this.summaries.has(key);
  }

  /** The partitions on disk, oldest first. */
  partitions(): string[] {
    return [...this.summaries.keys()].sort();
  }

  /** The partition on disk holding this id. */
  locate(id: string): string | undefined {
    return this.table('').find(id).partitions[0];
  }

  /** The partitions on disk with records under this key of an index. */
  holding(index: string, key: string): readonly string[] {
    return this.table(index).find(key).partitions;
  }

  count(index: string, key: string): number {
    return this.table(index).find(key).count;
  }

  keys(index: string): ReadonlySet<string> {
    return this.table(index).keys();
  }

  /** One partition on disk, read (and validated) once while it is among the recently used. */
  async read(key: string): Promise<PartitionFile<T>> {
    return (await this.cached(key)).file;
  }

  /** The records of a partition on disk under a key of an index: the same array while the partition stays read. */
  async under(key: string, index: string, indexKey: string): Promise<readonly T[]> {
    const read = await this.cached(key);
    let found = read.under.get(`${index}\n${indexKey}`);
    if (!found) {
      const keysOf = historyIndex(this.spec, index);
      found = Object.freeze([...read.file.records.values()].filter((r) => keysOf(r).includes(indexKey)));
      read.under.set(`${index}\n${indexKey}`, found);
    }
    return found;
  }

  /** What a tally counts of a partition's records under a key: counted once while the partition stays read (it does not change on disk). */
  async tally(key: string, tally: Tally<T>, indexKey: string): Promise<Groups> {
    const records = await this.under(key, tally.index, indexKey);
    const read = await this.cached(key);
    const name = `${tally.name}\n${tally.generation}\n${indexKey}`;
    let counted = read.counted.get(name);
    if (!counted) read.counted.set(name, (counted = Counters.of(tally, records, indexKey).groups));
    return counted;
  }

  /** Rises with each recount below: tallies summed over months on disk before it are not kept. */
  recounts = 0;

  /** A joining tally's counts of a record on disk are stale (its answer changed): its partition is counted again when read. */
  recount(id: string): void {
    const key = this.locate(id);
    if (key === undefined) return;
    this.cache.get(key)?.counted.clear();
    this.recounts++;
  }

  /** Takes a partition off the disk list to be held in memory (a write to it): its records. */
  async take(key: string): Promise<PartitionFile<T>> {
    const file = await this.read(key);
    if (this.summaries.delete(key)) this.changed = true;
    this.cache.delete(key);
    this.tables.clear();
    return file;
  }

  private async cached(key: string): Promise<Read<T>> {
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    let pending = this.reading.get(key);
    if (!pending) {
      pending = PartitionFile.read(this.spec, this.dir, key)
        .then((file) => {
          const read = { file, under: new Map<string, readonly T[]>(), counted: new Map<string, Groups>() };
          if (this.summaries.has(key)) this.cache.set(key, read);
          return read;
        })
        .finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }
}
