import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { startProcess as startBotProcess, stopProcess } from './support/process.js';
import { FakeConnector } from './support/fakeConnector.js';
import { mkdtemp, mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../src/config.js';
import { Harness, personal } from './support/harness.js';

const run = promisify(execFile);

/** Starts `src/main.ts` as a process; resolves with how it ended (it must exit by itself). */
async function startProcess(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { PATH: process.env['PATH'], ...env }, timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

describe('configuration', () => {
  it('applies defaults', () => {
    const c = loadConfig({ BOT_ID: 'app', BOT_PASSWORD: 'secret', ALLOWED_TENANTS: 't1' });
    expect(c).toMatchObject({ PORT: 3978, NODE_ENV: 'production', BOT_TYPE: 'MultiTenant', DATA_DIR: './data/store' });
  });

  it('names each bad variable and what is expected', () => {
    expect(() => loadConfig({ PORT: 'abc', BOT_TYPE: 'Other', FAKE_NOW: 'igår' })).toThrow(ConfigError);
    const bad = () => loadConfig({ PORT: 'abc', BOT_TYPE: 'Other' });
    expect(bad).toThrow(/PORT:/);
    expect(bad).toThrow(/BOT_TYPE:/);
  });

  it('refuses production without a tenant list unless every tenant is allowed on purpose (issue 28.6)', () => {
    const production = { BOT_ID: 'app', BOT_PASSWORD: 'secret' };
    expect(() => loadConfig(production)).toThrow(/ALLOWED_TENANTS: krävs/);
    expect(() => loadConfig({ ...production, ALLOW_ALL_TENANTS: 'ja' })).toThrow(/ALLOWED_TENANTS: krävs/);
    expect(loadConfig({ ...production, ALLOW_ALL_TENANTS: 'true' }).ALLOWED_TENANTS).toBeUndefined();
    // A single-tenant app admits its own tenant unless told otherwise.
    const single = { ...production, BOT_TYPE: 'SingleTenant', BOT_TENANT_ID: 'vgr' };
    expect(loadConfig(single).ALLOWED_TENANTS).toEqual(['vgr']);
    expect(loadConfig({ ...single, ALLOWED_TENANTS: 'vgr,kommun' }).ALLOWED_TENANTS).toEqual(['vgr', 'kommun']);
    // Outside production nothing is required (the Playground sends no tenant).
    expect(loadConfig({ NODE_ENV: 'development', ALLOW_ANONYMOUS: 'true' }).ALLOWED_TENANTS).toBeUndefined();
  });

  it('checks DATABASE_URL is a PostgreSQL address, without echoing a password (issue 29.8)', () => {
    const pgEnv = (url: string) => ({ NODE_ENV: 'test', ALLOW_ANONYMOUS: 'true', STORE: 'postgres', DATABASE_URL: url });
    expect(() => loadConfig(pgEnv('notaurl'))).toThrow(/DATABASE_URL: .*postgres:\/\//);
    expect(() => loadConfig(pgEnv('mysql://app:hemligt@db:3306/x'))).toThrow(/DATABASE_URL: .*mysql:/);
    expect(() => loadConfig(pgEnv('mysql://app:hemligt@db:3306/x'))).not.toThrow(/hemligt/);
    expect(loadConfig(pgEnv('postgres://app:hemligt@db:5432/avvikelseboten')).DATABASE_URL).toContain('db:5432');
    expect(loadConfig(pgEnv('postgresql://app@db/avvikelseboten?sslmode=require')).DATABASE_URL).toContain('sslmode');
    expect(loadConfig({ ...pgEnv('postgres://db/x'), PG_START_WAIT_SECONDS: '5' }).PG_START_WAIT_SECONDS).toBe(5);
  });

  it('parses ALLOWED_TENANTS as a list', () => {
    expect(loadConfig({ NODE_ENV: 'test', ALLOW_ANONYMOUS: 'true', ALLOWED_TENANTS: 'a, b,,c' }).ALLOWED_TENANTS).toEqual(['a', 'b', 'c']);
  });
});

describe('starting the process', () => {
  it('refuses to start in production without ALLOWED_TENANTS, and logs the tenants it admits (issue 28.6)', async () => {
    const app = { NODE_ENV: 'production', PORT: '0', BOT_ID: '00000000-0000-0000-0000-000000000001', BOT_PASSWORD: 'secret' };
    const refused = await startProcess(app);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/ALLOWED_TENANTS: krävs/);
    const dir = await mkdtemp(path.join(tmpdir(), 'tenants-'));
    // Production itself needs a Teams app; the line is the same in every mode.
    const bot = await startBotProcess({ DATA_DIR: dir, ALLOWED_TENANTS: 'tenant-a,tenant-b' });
    try {
      expect(bot.logs.find((l) => l['msg'] === 'admitting tenants')).toMatchObject({ tenants: ['tenant-a', 'tenant-b'] });
    } finally {
      await stopProcess(bot);
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);

  it('refuses to start in production without BOT_ID, saying why', async () => {
    const { code, stderr } = await startProcess({ NODE_ENV: 'production', PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/BOT_ID: krävs/);
  });

  it('refuses to start on a corrupt store and leaves the file untouched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'corrupt-'));
    await mkdir(path.join(dir, 'cases'), { recursive: true });
    const file = path.join(dir, 'cases', '2026-11.json');
    const corrupt = '{"collection":"cases","schemaVersion":1,"records":[{"id":';
    await writeFile(file, corrupt);
    const { code, stderr } = await startProcess({ NODE_ENV: 'test', ALLOW_ANONYMOUS: 'true', PORT: '0', DATA_DIR: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/2026-11\.json: filen är inte giltig JSON/);
    expect(await readFile(file, 'utf8')).toBe(corrupt);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the start command (npm start: the bundle dist/main.mjs)', () => {
  it('serves /healthz, answers hjälp with a card, and exits cleanly on SIGTERM', async () => {
    // npm test builds first; run alone, build with npm run build.
    expect(existsSync('dist/main.mjs'), 'dist/main.mjs missing: npm run build').toBe(true);
    const dir = await mkdtemp(path.join(tmpdir(), 'proc-'));
    const connector = new FakeConnector();
    await connector.start();
    const bot = await startBotProcess({ DATA_DIR: dir, LOG_LEVEL: 'info' });
    try {
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      const res = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'p1',
          text: 'hjälp',
          channelId: 'msteams',
          serviceUrl: connector.url,
          locale: 'sv-SE',
          from: { id: '29:u', aadObjectId: 'u1', name: 'U' },
          recipient: { id: '28:bot' },
          conversation: { id: 'c1', conversationType: 'personal' },
        }),
      });
      expect(res.status).toBe(200);
      expect(JSON.stringify(connector.cards())).toContain('ny avvikelse');
      // One log line for the command, with the activity's and the route's fields together.
      expect(bot.logs.filter((l) => l['msg'] === 'command')).toEqual([
        expect.objectContaining({ activityId: 'p1', type: 'message', command: 'help', app: 'avvikelseboten' }),
      ]);
    } finally {
      expect(await stopProcess(bot, 'SIGTERM')).toBe(0);
      await connector.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('what a start loads', () => {
  it('starts on the embedded store without loading the PostgreSQL driver', async () => {
    expect(existsSync('dist/src/bot.js'), 'dist/src/bot.js missing: npm run build').toBe(true);
    const dir = await mkdtemp(path.join(tmpdir(), 'modules-'));
    // The compiled bot started in a process of its own, which then lists the pg modules Node holds.
    const script = `
      import { createRequire } from 'node:module';
      const { startBot } = await import(${JSON.stringify(path.resolve('dist/src/bot.js'))});
      const bot = await startBot({ env: { NODE_ENV: 'test', ALLOW_ANONYMOUS: 'true', PORT: '0', LOG_LEVEL: 'silent', REMINDER_SWEEP_SECONDS: '0', DATA_DIR: ${JSON.stringify(dir)} } });
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('/node_modules/pg'));
      await bot.stop();
      console.log(JSON.stringify(loaded));`;
    try {
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('authentication and tenants', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('with BOT_ID set, answers an unsigned POST with 401 and stores nothing', async () => {
    h = await Harness.start({ env: { BOT_ID: '00000000-0000-0000-0000-000000000001', BOT_PASSWORD: 'secret' } });
    const user = { aadObjectId: 'aad-x', name: 'X' };
    const res = await h.say(user, personal(user), 'hjälp');
    expect(res.status).toBe(401);
    expect(h.logs.join('')).toContain('request not authenticated');
    expect(h.bot.stores.conversations.all()).toHaveLength(0);
    expect(h.connector.recorded).toHaveLength(0);
  });

  it('ignores activities from tenants that are not allowed', async () => {
    h = await Harness.start({ env: { ALLOWED_TENANTS: 'some-other-tenant' } });
    const user = { aadObjectId: 'aad-x', name: 'X' };
    expect((await h.say(user, personal(user), 'hjälp')).status).toBe(403);
    expect(h.logs.join('')).toContain('tenant not allowed');
    expect(h.connector.recorded).toHaveLength(0);
    expect(h.bot.stores.conversations.all()).toHaveLength(0);
  });

  it('serves /healthz', async () => {
    h = await Harness.start();
    const res = await fetch(`${h.bot.url}/healthz`);
    expect(res.status).toBe(200);
    await rm(path.join(h.dataDir, 'store'), { recursive: true, force: true });
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(503);
  });
});
