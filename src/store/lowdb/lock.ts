// One process per data folder. lowdb keeps each collection in memory and writes whole
// partition files, so two processes on one DATA_DIR overwrite each other's acknowledged cases.
//
// The lock is a Unix socket the holder listens on: the kernel closes it when the process dies,
// however it dies, so a lock left by kill -9 is seen as free at once (connecting is refused),
// and a pid that was reused (a restarted container is pid 1 again) cannot fake a live holder.
// A process asking for a held lock connects and the holder tells it who it is. Taking over a
// dead holder's socket file happens under a mkdir mutex, so two starters cannot both take it.
//
// The socket file is always in the folder itself, found by its real path, so every name of the
// folder (relative, absolute, through a link, with any TMPDIR) meets the same lock. A folder
// whose socket path would pass the 107 bytes a Unix socket path may have is reached through a
// short link to it: the kernel resolves the link, and the file is still made in the folder.
// The embedded store is for one host: several hosts on a network volume use PostgreSQL.
import { createHash } from 'node:crypto';
import { mkdir, readlink, realpath, rename, rm, rmdir, stat, symlink, unlink } from 'node:fs/promises';
import net from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';

class StoreLockedError extends Error {}

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export interface StoreLock {
  release(): Promise<void>;
}

/** The longest socket path every platform binds (sun_path is 104 bytes on macOS, 108 on Linux). */
const SOCKET_PATH_BYTES = 100;

/** `<folder>/<name>` as a path short enough to bind; the folder is its real path. */
export async function socketPath(real: string, name = '.lock'): Promise<string> {
  const inside = path.join(real, name);
  if (Buffer.byteLength(inside) < SOCKET_PATH_BYTES) return inside;
  const id = createHash('sha256').update(real).digest('hex').slice(0, 24);
  const base = Buffer.byteLength(tmpdir()) < 40 ? tmpdir() : '/tmp';
  const link = path.join(base, `avvikelseboten-${id}`);
  if ((await readlink(link).catch(() => undefined)) !== real) {
    // Made beside and renamed over: a starter never sees a half-made link.
    const made = `${link}.${process.pid}`;
    await rm(made, { force: true });
    await symlink(real, made);
    await rename(made, link);
  }
  return path.join(link, name);
}

function listen(where: string, holder: Holder): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      // A client that goes away before the answer (a stray connect) must not end the holder.
      socket.on('error', () => undefined);
      socket.end(`${JSON.stringify(holder)}\n`);
    });
    server.once('error', reject);
    server.listen(where, () => {
      server.off('error', reject);
      // The lock must not keep a process alive that has nothing else to do.
      server.unref();
      resolve(server);
    });
  });
}

/** The live holder's description, or undefined when nobody listens (a dead holder's file). */
function ask(where: string): Promise<Holder | undefined> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(where);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(text) as Holder);
      } catch {
        resolve({ pid: 0, host: 'okänd', since: '' });
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(undefined);
      else reject(err);
    });
  });
}

function describe(dir: string, h: Holder): string {
  return `${dir} används redan av en annan process (pid ${h.pid} på ${h.host}, sedan ${h.since}). Två processer på samma lagring skriver över varandras ärenden: stoppa den andra processen, eller kör flera instanser med STORE=postgres.`;
}

/** A takeover left half-done by a crash is at most this old before it is cleared. */
const STALE_MUTEX_MS = 5_000;

async function withTakeoverMutex<R>(dir: string, work: () => Promise<R>): Promise<R | 'busy'> {
  const mutex = path.join(dir, '.lock.takeover');
  try {
    await mkdir(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age =
      Date.now() -
      (await stat(mutex).then(
        (s) => s.mtimeMs,
        () => Date.now(),
      ));
    if (age > STALE_MUTEX_MS) await rm(mutex, { recursive: true, force: true });
    return 'busy';
  }
  try {
    return await work();
  } finally {
    await rmdir(mutex).catch(() => undefined);
  }
}

/** Takes the data folder's lock or throws StoreLockedError naming the live holder. */
export async function lockDataDir(dir: string): Promise<StoreLock> {
  await mkdir(dir, { recursive: true });
  const real = await realpath(dir);
  const where = await socketPath(real);
  const holder: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const server = await listen(where, holder);
      return {
        async release() {
          // Closing a Unix server removes its file before it closes the socket (libuv): no newer
          // holder's file is ever removed. One left behind (its link gone) is taken over.
          await new Promise<void>((r) => server.close(() => r()));
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
    const live = await ask(where);
    if (live) throw new StoreLockedError(describe(dir, live));
    // Nobody listens: a dead holder's socket file. Remove it, but only one starter at a time,
    // and only if it is still dead once we hold the mutex.
    const done = await withTakeoverMutex(real, async () => {
      if (await ask(where)) return false;
      await unlink(where).catch(() => undefined);
      return true;
    });
    if (done === 'busy') await new Promise((r) => setTimeout(r, 50 + Math.random() * 50));
  }
  throw new StoreLockedError(`${dir}: låset kunde inte tas (försökte 50 gånger)`);
}
