// Trust (issue 12): what reaches /api/messages, who may run the bot how, and what a failed
// authentication tells the caller. Each test here failed on the code before the fix.
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Harness, personal } from './support/harness.js';
import { runToExit, startProcess, stopProcess, type BotProcess } from './support/process.js';
import { FakeConnector } from './support/fakeConnector.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  return out.sort();
}

async function snapshot(dir: string): Promise<string> {
  let all = '';
  for (const f of await listFiles(dir)) all += `${f}:${await readFile(f, 'utf8')}\n`;
  return all;
}

const activity = (connector: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'sec-1',
  text: 'hjälp',
  channelId: 'msteams',
  serviceUrl: connector,
  locale: 'sv-SE',
  from: { id: '29:u', aadObjectId: 'u1', name: 'U' },
  recipient: { id: '28:bot' },
  conversation: { id: 'a:sec', conversationType: 'personal', tenantId: 't' },
  ...extra,
});

describe('what /api/messages accepts', () => {
  let h: Harness;
  let temp: string;
  const savedTmp = process.env['TMPDIR'];
  beforeAll(async () => {
    // os.tmpdir() reads TMPDIR on every call: the parser would write its uploads here.
    h = await Harness.start({ env: { BOT_ID: '00000000-0000-0000-0000-000000000001', BOT_PASSWORD: 'secret' } });
    temp = await mkdtemp(path.join(tmpdir(), 'uploads-'));
    process.env['TMPDIR'] = temp;
  });
  afterAll(async () => {
    await h.stop();
    if (savedTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = savedTmp;
    await rm(temp, { recursive: true, force: true });
  });

  it('refuses a multipart upload and a urlencoded body with 415 and writes no file anywhere', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(2 * 1024 * 1024, 7)]), 'big.bin');
    const multipart = await fetch(`${h.bot.url}/api/messages`, { method: 'POST', body: form });
    expect(multipart.status).toBe(415);
    const urlencoded = await fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'type=message&text=hej',
    });
    expect(urlencoded.status).toBe(415);
    expect(await listFiles(temp)).toEqual([]);
  });

  it('refuses a JSON body over the limit with 413 and a broken one with 400, without internals', async () => {
    const huge = await fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    const broken = await fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).not.toMatch(/at |SyntaxError|Unexpected/);
  });
});

describe('anonymous mode only when asked for', () => {
  it('refuses to start without credentials unless ALLOW_ANONYMOUS=true, saying how', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'anon-'));
    try {
      const { code, stderr } = await runToExit({ NODE_ENV: 'production', ALLOW_ANONYMOUS: '', DATA_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toMatch(/BOT_ID/);
      expect(stderr).toMatch(/ALLOW_ANONYMOUS/);
      expect(await listFiles(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not take ALLOW_ANONYMOUS in production', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'anon-'));
    try {
      const { code, stderr } = await runToExit({ NODE_ENV: 'production', ALLOW_ANONYMOUS: 'true', DATA_DIR: dir });
      expect(code).toBe(1);
      expect(stderr).toMatch(/ALLOW_ANONYMOUS/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('listens on 127.0.0.1 only, with a loud warning, when anonymous', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'anon-'));
    const bot = await startProcess({ DATA_DIR: path.join(dir, 'store'), ROLES_FILE: path.join(dir, 'none.json') });
    try {
      const listening = bot.logs.find((l) => l['msg'] === 'listening')!;
      expect(listening['host']).toBe('127.0.0.1');
      expect(bot.logs.some((l) => l['level'] === 50 && String(l['msg']).includes('ANONYMOUS'))).toBe(true);
    } finally {
      await stopProcess(bot);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses activities from a channel other than msteams outside development', async () => {
    const h = await Harness.start();
    try {
      const user = { aadObjectId: 'aad-emu', name: 'E' };
      const res = await h.post({ ...h.activity(user, personal(user), { type: 'message', text: 'hjälp' }), channelId: 'emulator' });
      expect(res.status).toBe(403);
      expect(h.connector.recorded).toHaveLength(0);
      expect(h.bot.stores.conversations.all()).toHaveLength(0);
      expect(h.logs.join('\n')).toContain('channel not allowed');
    } finally {
      await h.stop();
    }
  });
});

describe('authentication failures', () => {
  let bot: BotProcess;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'auth-'));
    bot = await startProcess({
      BOT_ID: '00000000-0000-0000-0000-000000000001',
      BOT_PASSWORD: 'secret',
      ALLOW_ANONYMOUS: '',
      DATA_DIR: path.join(dir, 'store'),
    });
  });
  afterAll(async () => {
    await stopProcess(bot);
    await rm(dir, { recursive: true, force: true });
  });

  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signedLooking = `${b64({ alg: 'RS256', kid: 'abc', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: '00000000-0000-0000-0000-000000000001', exp: 4_000_000_000, nbf: 0 })}.${Buffer.alloc(256, 1).toString('base64url')}`;

  it('answers an unsigned request 401 and a token whose keys cannot be fetched 503, with no internal text', async () => {
    const unsigned = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('http://127.0.0.1:9/')),
    });
    expect(unsigned.status).toBe(401);
    const signed = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signedLooking}` },
      body: JSON.stringify(activity('https://smba.trafficmanager.net/emea/')),
    });
    expect([401, 503]).toContain(signed.status);
    const body = await signed.text();
    for (const leak of [/openid/i, /metadata/i, /Error/, /at \w/, /ENOTFOUND|EAI_AGAIN|fetch failed/]) expect(body).not.toMatch(leak);
    const unsignedBody = await unsigned.text();
    expect(unsignedBody).not.toMatch(/Unauthorized Access|Error/);
  });

  it('writes every error through the logger, never a stack trace to stderr', async () => {
    expect(bot.stderr.filter((l) => /^\s+at |Error:/.test(l))).toEqual([]);
    expect(bot.logs.some((l) => l['msg'] === 'request not authenticated')).toBe(true);
  });
});

describe('one process per DATA_DIR', () => {
  let dir: string;
  let connector: FakeConnector;
  afterEach(async () => {
    await connector?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second process on the same store, naming the holder, and writes nothing', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lock-'));
    connector = new FakeConnector();
    await connector.start();
    const store = path.join(dir, 'store');
    const first = await startProcess({ DATA_DIR: store });
    try {
      const before = await snapshot(store);
      const second = await runToExit({ DATA_DIR: store });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`pid ${first.child.pid}`);
      expect(await snapshot(store)).toBe(before);
      // The holder still serves.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      await stopProcess(first);
    }
  });

  it('takes over the lock of a killed process at once', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lock-'));
    connector = new FakeConnector();
    await connector.start();
    const store = path.join(dir, 'store');
    const first = await startProcess({ DATA_DIR: store });
    await stopProcess(first, 'SIGKILL');
    const started = Date.now();
    const second = await startProcess({ DATA_DIR: store });
    try {
      expect(Date.now() - started).toBeLessThan(10_000);
      const res = await fetch(`${second.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity(connector.url)),
      });
      expect(res.status).toBe(200);
      await connector.waitFor(() => connector.cards().length > 0);
    } finally {
      await stopProcess(second);
    }
  });

  it('removes temporary files a crash left behind before it loads', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lock-'));
    connector = new FakeConnector();
    await connector.start();
    const store = path.join(dir, 'store');
    await mkdir(path.join(store, 'cases'), { recursive: true });
    const leftover = path.join(store, 'cases', '.2026-11.json.tmp');
    await writeFile(leftover, '{"collection":"cases","schemaVersion":1,"records":[{"id":"half');
    const bot = await startProcess({ DATA_DIR: store });
    try {
      expect((await listFiles(store)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await stopProcess(bot);
    }
  });
});
