// The door tools use to reach a store a running bot holds (npm run backup): a Unix socket in the
// data folder beside the lock, so only who may read the folder may knock, and the bot does the
// work between two writes. One request a connection: a JSON line in, a JSON line out.
import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod/v4';
import { BackupError, Manifest } from './backup.js';
import { socketPath } from './lock.js';

const NAME = '.control';
const Request = z.object({ op: z.literal('backup'), to: z.string().min(1).refine(path.isAbsolute, 'a full path') });
const Reply = z.union([z.object({ ok: z.literal(true), manifest: Manifest }), z.object({ ok: z.literal(false), error: z.string() })]);
type Reply = z.infer<typeof Reply>;

/** A request line longer than this is not one of ours. */
const MAX_LINE = 16_384;

export interface ControlDoor {
  close(): Promise<void>;
}

/** Listens in the folder whose lock the caller holds (so a socket file found there is stale). */
export async function openControl(real: string, backup: (to: string) => Promise<Manifest>): Promise<ControlDoor> {
  const where = await socketPath(real, NAME);
  await unlink(where).catch(() => undefined);
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    let line = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      line += chunk;
      if (line.length > MAX_LINE) return socket.destroy();
      const end = line.indexOf('\n');
      if (end < 0) return;
      socket.pause();
      void answer(line.slice(0, end)).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  });
  const answer = async (text: string): Promise<Reply> => {
    try {
      const request = Request.parse(JSON.parse(text));
      return { ok: true, manifest: await backup(request.to) };
    } catch (e) {
      return { ok: false, error: e instanceof BackupError ? e.message : `Begäran gick inte att utföra: ${(e as Error).message}` };
    }
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => resolve());
  });
  server.unref();
  await chmod(where, 0o600);
  return { close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * Asks the process holding the store at dataDir for a backup into `to`; undefined when no
 * process holds it (the caller opens the store itself). Throws BackupError with its refusal.
 */
export async function askBackup(real: string, to: string): Promise<Manifest | undefined> {
  const where = await socketPath(real, NAME);
  const text = await new Promise<string | undefined>((resolve, reject) => {
    const socket = net.connect(where);
    let got = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ op: 'backup', to })}\n`));
    socket.on('data', (chunk: string) => (got += chunk));
    socket.on('end', () => resolve(got));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? resolve(undefined) : reject(err),
    );
  });
  if (text === undefined) return undefined;
  const reply = Reply.parse(JSON.parse(text));
  if (!reply.ok) throw new BackupError(reply.error);
  return reply.manifest;
}
