// A lowdb adapter whose write is durable before it resolves: the new content goes to a temp
// file in the same folder, the temp file is fsynced, renamed over the old one, and the folder
// is fsynced so the rename itself survives a power loss. (lowdb's default writer, steno,
// renames without fsync: an acknowledged case could vanish.) A crash leaves at most a temp
// file, which removeTempFiles() clears before the next start reads anything.
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

export interface Serializer<T> {
  parse: (text: string) => T;
  stringify: (data: T) => string;
}

/** The file system calls a durable write makes, in order (replaced in tests to check them). */
export interface DurableFs {
  writeSynced(file: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDir(dir: string): Promise<void>;
}

export const nodeFs: DurableFs = {
  async writeSynced(file, text) {
    const handle = await open(file, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename,
  syncDir,
};

/** Syncs a folder, so a file created or renamed in it survives a power loss. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const TEMP_SUFFIX = '.tmp';
let counter = 0;

export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    private readonly serializer: Serializer<T>,
    private readonly fs: DurableFs = nodeFs,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return this.serializer.parse(text);
  }

  async write(data: T): Promise<void> {
    const dir = path.dirname(this.file);
    const temp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${++counter}${TEMP_SUFFIX}`);
    try {
      await this.fs.writeSynced(temp, this.serializer.stringify(data));
      await this.fs.rename(temp, this.file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await this.fs.syncDir(dir);
  }
}

/** Deletes temp files a crashed write left in a collection folder (the lock is held). */
export async function removeTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX)) continue;
    await unlink(path.join(dir, name));
    removed.push(name);
  }
  return removed;
}
