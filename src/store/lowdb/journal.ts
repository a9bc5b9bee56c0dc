// The embedded store's write-ahead journal. A change is acknowledged once its line is appended
// to DATA_DIR/journal.jsonl and the file is synced, so a write costs the change, not the file
// it belongs to: rewriting a month of cases, or the registry of every conversation, on each
// submit made a write grow with the partition (issue 17, durable writes). The partition files
// are brought up to date from memory when the journal passes COMPACT_BYTES and at close; a
// start replays the journal over them, then compacts. A line is a whole record, not a delta,
// so replaying it twice changes nothing (a crash during compaction is safe).
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { StoreLoadError } from './partitionFile.js';
import { syncDir } from './durableFile.js';
import type { WriteQueue } from './groupCommit.js';

/** One change as a line: collection, partition, record id, schema version, record (null: deleted). */
export interface JournalLine {
  c: string;
  k: string;
  id: string;
  v: number;
  r: unknown;
}

/** A collection whose writes go through the journal. */
export interface Journaled {
  readonly name: string;
  /** Applies a replayed line (validated by the collection); throws StoreLoadError if it is not valid. */
  replay(line: JournalLine, where: string): void;
  /** Writes every partition changed since the last flush, durably. */
  flush(): Promise<void>;
}

/** The journal's file in the data folder (a restore checks it is empty). */
export const JOURNAL_FILE = 'journal.jsonl';
/** Past this the partitions are rewritten and the journal emptied: a few seconds of replay at most. */
const COMPACT_BYTES = 8 * 1024 * 1024;

export class Journal {
  readonly file: string;
  private handle: FileHandle | undefined;
  private size = 0;
  private compacting = false;
  private broken: Error | undefined;
  private readonly members = new Map<string, Journaled>();
  /** The lines read() found, until replay() applies them. */
  private pending: JournalLine[] = [];

  constructor(
    dataDir: string,
    private readonly queue: WriteQueue,
    private readonly compactBytes = COMPACT_BYTES,
  ) {
    this.file = path.join(dataDir, JOURNAL_FILE);
  }

  register(member: Journaled): void {
    this.members.set(member.name, member);
  }

  /**
   * Reads what the journal holds, before the collections open (they hold the partitions it names
   * in memory). A last line without its newline is a write that was never acknowledged (the
   * crash came during it) and is dropped; any other bad line stops the start with the line named.
   */
  async read(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const lines = text.split('\n');
    // The part after the last newline: empty, or a torn append (zeros, too, on some file systems).
    lines.pop();
    this.size = Buffer.byteLength(text);
    this.pending = lines.map((raw, n) => {
      try {
        return JSON.parse(raw) as JournalLine;
      } catch {
        throw new StoreLoadError(`${this.where(n)} är inte giltig JSON`);
      }
    });
  }

  /** The partitions of a collection that read() found changes for. */
  partitionsOf(collection: string): Set<string> {
    return new Set(this.pending.filter((line) => line?.c === collection && typeof line.k === 'string').map((line) => line.k));
  }

  /** Applies what read() found to its collections, validating every line before anything is written. */
  replay(): void {
    this.pending.forEach((line, n) => {
      const member = typeof line?.c === 'string' ? this.members.get(line.c) : undefined;
      if (!member || typeof line.k !== 'string' || typeof line.id !== 'string' || typeof line.v !== 'number') {
        throw new StoreLoadError(`${this.where(n)}: okänd samling eller saknade fält`);
      }
      member.replay(line, this.where(n));
    });
    this.pending = [];
  }

  private where(n: number): string {
    return `${this.file}: rad ${n + 1}`;
  }

  /** Appends the lines of one commit and syncs them; resolves once they are durable. */
  async append(lines: readonly string[]): Promise<void> {
    if (this.broken) throw this.broken;
    const text = lines.join('');
    if (!this.handle) {
      this.handle = await open(this.file, 'a', 0o600);
      // The journal's own name must survive a power loss, once.
      await syncDir(path.dirname(this.file));
    }
    try {
      await this.handle.appendFile(text, 'utf8');
      await this.handle.datasync();
    } catch (err) {
      // A part of the lines may be in the file (a full disk): cut it off, or a later line
      // would follow a torn one and the next start would refuse the journal. If even that
      // fails, no further change is taken (the caller hears; /healthz reports the error).
      await this.handle.truncate(this.size).catch(() => (this.broken = err instanceof Error ? err : new Error(String(err))));
      throw err;
    }
    this.size += Buffer.byteLength(text);
    if (this.size > this.compactBytes && !this.compacting) {
      this.compacting = true;
      // Behind the writes already queued, and before any queued after it.
      void this.queue.run(() => this.compact()).finally(() => (this.compacting = false));
    }
  }

  /** Writes every changed partition, then empties the journal. Runs on the write queue. */
  async compact(): Promise<void> {
    for (const member of this.members.values()) await member.flush();
    if (this.size === 0 && !this.handle) return;
    const handle = this.handle ?? (await open(this.file, 'a', 0o600));
    this.handle = handle;
    await handle.truncate(0);
    await handle.sync();
    this.size = 0;
  }

  async close(): Promise<void> {
    await this.compact();
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** A change as its journal line; the record's JSON comes from the one cache every write shares. */
export const journalLine = (collection: string, key: string, id: string, version: number, recordJson: string | null): string =>
  `{"c":${JSON.stringify(collection)},"k":${JSON.stringify(key)},"id":${JSON.stringify(id)},"v":${version},"r":${recordJson ?? 'null'}}\n`;
