// The embedded store: every declared collection as a folder of lowdb JSON files under DATA_DIR,
// held by this process alone (lock.ts) from open to close.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CollectionSpec, LazySpec, Versioned } from '../contract.js';
import { singleProcessControl, type Specs, type StoresOf } from '../index.js';
import { folderUsable, LowdbCollection } from './collection.js';
import { removeTempFiles } from './durableFile.js';
import { WriteQueue } from './groupCommit.js';
import { Journal } from './journal.js';
import { LazyLowdbCollection } from './lazy.js';
import { lockDataDir } from './lock.js';

const isLazy = <T extends Versioned>(spec: CollectionSpec<T>): spec is LazySpec<T> => (spec as LazySpec<T>).lazy === true;

/**
 * Opens (and validates) every collection under dataDir, holding its lock until close().
 * Throws StoreLockedError when another process has it, StoreLoadError on bad files.
 */
export async function openLowdb<S extends Specs>(dataDir: string, specs: S, now = new Date()): Promise<StoresOf<S>> {
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
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
    return {
      ...(Object.fromEntries(entries) as object),
      healthy: async () => queue.lastError === undefined && (await folderUsable(dataDir)),
      close: async () => {
        // Behind every queued write: the partitions get them all, then the journal is emptied.
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
