// The embedded store: every declared collection as a folder of lowdb JSON files under DATA_DIR,
// held by this process alone (lock.ts) from open to close.
import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CollectionSpec, LazySpec, Versioned } from '../contract.js';
import { singleProcessControl, type Specs, type StoresOf } from '../index.js';
import { folderUsable, LowdbCollection } from './collection.js';
import { removeTempFiles } from './durableFile.js';
import { WriteQueue } from './groupCommit.js';
import { Journal } from './journal.js';
import { LazyLowdbCollection } from './lazy.js';
import { lockDataDir, type StoreLock } from './lock.js';
import { assertEmpty, copyBackup, readManifest, writeBackup, type Manifest } from './backup.js';
import { askBackup, openControl } from './control.js';
import { checksum, recordsOf } from '../checksum.js';

const isLazy = <T extends Versioned>(spec: CollectionSpec<T>): spec is LazySpec<T> => (spec as LazySpec<T>).lazy === true;

/**
 * Opens (and validates) every collection under dataDir, holding its lock until close().
 * Throws StoreLockedError when another process has it, StoreLoadError on bad files.
 */
export async function openLowdb<S extends Specs>(dataDir: string, specs: S, now = new Date()): Promise<StoresOf<S>> {
  await mkdir(dataDir, { recursive: true });
  return openLocked(await lockDataDir(dataDir), dataDir, specs, now);
}

async function openLocked<S extends Specs>(lock: StoreLock, dataDir: string, specs: S, now: Date): Promise<StoresOf<S>> {
  try {
    // Temp files are only ever left by a crash: the lock says no write is running now.
    for (const spec of Object.values(specs)) await removeTempFiles(path.join(dataDir, spec.name));
    const queue = new WriteQueue();
    // Every collection held in memory writes through the journal; history read on demand
    // (indicator values) writes its partition files directly.
    const journal = new Journal(dataDir, queue);
    await journal.read();
    const entries = await Promise.all(
      Object.entries(specs).map(
        async ([key, spec]) =>
          [
            key,
            isLazy(spec)
              ? await LazyLowdbCollection.open(spec, dataDir, queue)
              : await LowdbCollection.open(spec, dataDir, queue, journal, now),
          ] as const,
      ),
    );
    // What a crash left in the journal is validated whole, then written to the partitions (a
    // torn last line is dropped with it: later appends must not follow it).
    journal.replay();
    await queue.run(() => journal.compact());
    const records = (key: string) => recordsOf(specs[key]!, Object.fromEntries(entries)[key]);
    // Between two writes: the backup holds what was acknowledged before it, and nothing after.
    const control = await openControl(await realpath(dataDir), (to) => queue.run(() => writeBackup(specs, records, to, new Date())));
    return {
      ...(Object.fromEntries(entries) as object),
      healthy: async () => queue.lastError === undefined && (await folderUsable(dataDir)),
      close: async () => {
        // Behind every queued write: the partitions get them all, then the journal is emptied.
        await control.close();
        await queue.run(async () => {
          await journal.close();
          // With every partition written: the old ones are summarised for the next start.
          for (const [, col] of entries) if (col instanceof LowdbCollection) await col.rest();
        });
        await lock.release();
      },
      // One process holds the folder (the lock): its own counters and job guard are enough.
      ...singleProcessControl(),
    } as StoresOf<S>;
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * A backup of the store at dataDir into `to` (new or empty): made by the process that holds the
 * store, running or not (then this one opens it for the copy).
 */
export async function backupLowdb<S extends Specs>(dataDir: string, specs: S, to: string): Promise<Manifest> {
  await mkdir(dataDir, { recursive: true });
  const asked = await askBackup(await realpath(dataDir), to);
  if (asked) return asked;
  // Nobody holds it: this process does, and asks itself through the same door.
  const stores = await openLowdb(dataDir, specs);
  try {
    return (await askBackup(await realpath(dataDir), to))!;
  } finally {
    await stores.close();
  }
}

/** One collection after a restore: what the manifest says and what the store reads back. */
export interface Restored {
  collection: string;
  expected: { count: number; checksum: string };
  found: { count: number; checksum: string };
}

/**
 * Puts a backup in place of an empty store at dataDir, holding its lock throughout, then opens
 * it (every record validated) and reads each collection's count and checksum back.
 */
export async function restoreLowdb<S extends Specs>(from: string, dataDir: string, specs: S): Promise<Restored[]> {
  const manifest = await readManifest(specs, from);
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    await assertEmpty(specs, dataDir);
    await copyBackup(specs, from, dataDir);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const stores = await openLocked(lock, dataDir, specs, new Date());
  try {
    const out: Restored[] = [];
    for (const [key, spec] of Object.entries(specs)) {
      const back = await recordsOf(spec, (stores as Record<string, unknown>)[key]);
      const expected = manifest.collections[spec.name]!;
      out.push({ collection: spec.name, expected, found: { count: back.length, checksum: checksum(back) } });
    }
    return out;
  } finally {
    await stores.close();
  }
}
