// Backups that are restored and checked (issue 36.3): npm run backup during a burst of submits
// to the running bot copies every case acknowledged before it began; npm run restore puts the
// copy in place of an empty store and checks counts and checksums; what it refuses, it names.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/collections.js';
import { everyRecord } from '../src/store/contract.js';
import { FakeConnector } from './support/fakeConnector.js';
import { startProcess, stopProcess } from './support/process.js';
import { submitReport } from './support/submit.js';

const run = promisify(execFile);
const npmRun = (script: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { timeout: 60_000, env: { ...process.env, STORE: 'lowdb' } });
const failing = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'backup-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('npm run backup and npm run restore (issue 36.3)', () => {
  it('copies every case acknowledged before the backup began, during a burst, and restores it checked', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'store');
    const connector = new FakeConnector();
    await connector.start();
    cleanup.push(() => connector.stop());
    const bot = await startProcess({ DATA_DIR: data });
    cleanup.push(() => stopProcess(bot, 'SIGKILL'));

    // Reports 12 at a time; the backup starts once 80 are acknowledged, and the burst goes on
    // until the backup has finished and a few more (so the copy is made during it, however
    // slowly the backup process starts on a busy machine).
    const acknowledged: { formId: string; at: number }[] = [];
    let began = Infinity;
    let backup: Promise<{ stdout: string }> | undefined;
    let finished = false;
    let n = 0;
    const reporter = async () => {
      for (let after = 0; after < 3;) {
        const formId = randomUUID();
        const r = await submitReport(bot.url, connector.url, formId, n++);
        expect(r.status).toBe(200);
        acknowledged.push({ formId, at: Date.now() });
        if (acknowledged.length === 80 && !backup) {
          began = Date.now();
          backup = npmRun('backup', '--data-dir', data, '--to', path.join(dir, 'backup'));
          backup.then(
            () => (finished = true),
            () => (finished = true),
          );
        }
        if (finished) after++;
      }
    };
    await Promise.all(Array.from({ length: 12 }, () => reporter()));
    const { stdout } = await backup!;
    expect(stdout).toMatch(/Säkerhetskopian finns i/);
    await stopProcess(bot);

    const before = acknowledged.filter((a) => a.at <= began).map((a) => a.formId);
    expect(before.length).toBeGreaterThanOrEqual(80);
    const restored = await npmRun('restore', '--from', path.join(dir, 'backup'), '--data-dir', path.join(dir, 'restored'));
    expect(restored.stdout).toMatch(/ok {3}cases/);
    expect(restored.stdout).toMatch(/Återställt och kontrollerat/);

    // Every case acknowledged before the backup began is there, byte for byte as the bot keeps it.
    const original = await openStore(data);
    const kept = new Map((await everyRecord(original.cases)).map((c) => [c.formId, c]));
    await original.close();
    const copy = await openStore(path.join(dir, 'restored'));
    const back = new Map((await everyRecord(copy.cases)).map((c) => [c.formId, c]));
    await copy.close();
    expect(kept.size).toBe(acknowledged.length);
    expect(before.filter((f) => !back.has(f))).toEqual([]);
    for (const f of before) expect(back.get(f)).toEqual(kept.get(f));
    // The burst went on while the copy was made, and the copy holds nothing the bot did not keep.
    expect(back.size).toBeLessThan(kept.size);
    expect([...back.keys()].filter((f) => !kept.has(f))).toEqual([]);
    const manifest = JSON.parse(await readFile(path.join(dir, 'backup', 'manifest.json'), 'utf8')) as {
      collections: { cases: { count: number } };
    };
    expect(manifest.collections.cases.count).toBe(back.size);
  }, 120_000);

  it('refuses a restore over a store that holds records, a backup without its manifest, and a changed backup', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'store');
    await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--years', '1', '--data-dir', data], { timeout: 60_000 });
    await npmRun('backup', '--data-dir', data, '--to', path.join(dir, 'b'));

    const over = await failing(npmRun('restore', '--from', path.join(dir, 'b'), '--data-dir', data));
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/är inte tom \(cases, indicator-values\)/);

    const into = await failing(npmRun('backup', '--data-dir', data, '--to', path.join(dir, 'b')));
    expect(into.code).toBe(1);
    expect(into.stderr).toMatch(/finns redan och är inte tom/);

    await rm(path.join(dir, 'b', 'manifest.json'));
    const unfinished = await failing(npmRun('restore', '--from', path.join(dir, 'b'), '--data-dir', path.join(dir, 'r1')));
    expect(unfinished.code).toBe(1);
    expect(unfinished.stderr).toMatch(/har ingen manifest.json/);

    // One case's description changed in the copy: the checksum says so and the restore fails.
    await npmRun('backup', '--data-dir', data, '--to', path.join(dir, 'c'));
    const file = path.join(
      dir,
      'c',
      'cases',
      (await import('node:fs/promises').then((fs) => fs.readdir(path.join(dir, 'c', 'cases'))))[0]!,
    );
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/"description":"[^"]*"/, '"description":"Ändrad i efterhand."'));
    const changed = await failing(npmRun('restore', '--from', path.join(dir, 'c'), '--data-dir', path.join(dir, 'r2')));
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/1 samlingar stämmer inte/);
  }, 120_000);
});
