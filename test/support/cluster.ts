// A PostgreSQL cluster of a test's own, for outages and restarts the shared server must not see:
// the machine's PostgreSQL binaries (as scripts/ensure-postgres.sh finds the server), initdb into
// a temporary folder, on a free port of 127.0.0.1, trust auth. Run as the postgres user when the
// tests run as root (initdb refuses root). Removed by remove().
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './net.js';

const run = promisify(execFile);

function binaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  return version ? path.join(root, version, 'bin') : undefined;
}

/** Whether this machine can make a cluster of its own (the PostgreSQL binaries are there). */
export const canMakeCluster = binaries() !== undefined;

export interface Cluster {
  url: string;
  port: number;
  start(): Promise<void>;
  /** Stops the server at once (immediate mode): every connection ends, as in a crash or restart. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

export async function makeCluster(): Promise<Cluster> {
  const bin = binaries();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const dir = await mkdtemp(path.join(tmpdir(), 'pgcluster-'));
  const data = path.join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  const as = (cmd: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  await as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off`;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => void (await as('pg_ctl', ['-D', data, '-o', options, '-w', '-l', path.join(dir, 'log'), 'start'])),
    stop: async () => void (await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])),
    remove: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
