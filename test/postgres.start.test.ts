// A database that is not there yet at start (issue 29.8): the bot tries again for a bounded time
// (PG_START_WAIT_SECONDS) and starts once it answers; past the bound it stops, saying where it
// looked. A cluster of the test's own, started late or never.
import { describe, expect, it } from 'vitest';
import { canMakeCluster, makeCluster } from './support/cluster.js';
import { runToExit, startProcess, stopProcess } from './support/process.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

describe.runIf(canMakeCluster)('starting before the database (issue 29.8)', () => {
  it('waits for a database that comes up within the bound, then serves', async () => {
    const cluster = await makeCluster();
    const dir = await mkdtemp(path.join(tmpdir(), 'pgstart-'));
    try {
      await cluster.stop();
      const starting = startProcess({ STORE: 'postgres', DATABASE_URL: cluster.url, PG_START_WAIT_SECONDS: '30', DATA_DIR: dir });
      await new Promise((r) => setTimeout(r, 2500));
      await cluster.start();
      const bot = await starting;
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      expect(bot.logs.some((l) => String(l['msg']).includes('not reachable yet'))).toBe(true);
      await stopProcess(bot);
    } finally {
      await cluster.remove();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops after the bound with a message naming the host, not the password', async () => {
    const cluster = await makeCluster();
    await cluster.remove();
    const url = cluster.url.replace('postgres@', 'postgres:hemligt@');
    const started = Date.now();
    const { code, stderr } = await runToExit({ STORE: 'postgres', DATABASE_URL: url, PG_START_WAIT_SECONDS: '2' });
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(stderr).toContain(`127.0.0.1:${cluster.port}`);
    expect(stderr).toMatch(/inom 2 s/);
    expect(stderr).not.toContain('hemligt');
  }, 30_000);
});

describe('sslmode in DATABASE_URL (issue 29.8)', () => {
  it("says in one line what sslmode=require means and that the server has no SSL, without pg's many-line warning", async () => {
    const url = `${process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'}?sslmode=require`;
    const { code, stderr, logs } = await runToExit({ STORE: 'postgres', DATABASE_URL: url, PG_START_WAIT_SECONDS: '0' });
    expect(code).toBe(1);
    expect(stderr).not.toContain('SECURITY WARNING');
    expect(logs.some((l) => String(l['msg']).startsWith('DATABASE_URL: sslmode=require read as verify-full'))).toBe(true);
    expect(stderr).toContain('tar inte emot krypterade anslutningar');
  }, 30_000);
});
