// An interrupted migrate:store (issue 29.5): killed mid-copy, it left a half-copied database
// that a bot started on, and a rerun refused without saying the copy was incomplete. A mark set
// before the copy and cleared only when every collection is verified decides both.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { freshSchema } from './support/postgres.js';
import { runToExit, startProcess, stopProcess } from './support/process.js';

const run = promisify(execFile);
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

describe('an interrupted migrate:store (issue 29.5)', () => {
  it('leaves a database the bot refuses, and a rerun that says so and how to go on', async () => {
    const schema = await freshSchema('interrupted');
    cleanup.push(schema.drop);
    const dir = await mkdtemp(path.join(tmpdir(), 'interrupted-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const store = path.join(dir, 'store');
    await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--years', '1', '--data-dir', store], { timeout: 60_000 });
    const args = ['--import', 'tsx', 'scripts/migrate-store.ts', '--from', 'lowdb', '--to', 'postgres', '--data-dir', store];
    const copy = (extra: string[] = []) => [...args, '--database-url', schema.url, ...extra];

    // Killed as soon as the first collection is reported: the rest is not there.
    const child = spawn(process.execPath, copy(), { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => child.stdout.on('data', (b: Buffer) => String(b).includes('cases') && resolve()));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const refused = await runToExit({ STORE: 'postgres', DATABASE_URL: schema.url, PG_START_WAIT_SECONDS: '0' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/migrate:store blev inte klar/);

    const again = await run(process.execPath, copy()).catch((e: { code: number; stderr: string }) => e);
    expect((again as { code: number }).code).toBe(1);
    expect((again as { stderr: string }).stderr).toMatch(/avbröts.*--replace/s);

    const { stdout } = await run(process.execPath, copy(['--replace']), { timeout: 120_000 });
    expect(stdout).toMatch(/Klart/);
    const bot = await startProcess({ STORE: 'postgres', DATABASE_URL: schema.url, DATA_DIR: path.join(dir, 'unused') });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    await stopProcess(bot);
  }, 180_000);
});
