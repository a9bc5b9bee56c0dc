// Trust (issue 12): what reaches /api/messages, who may run the bot how, and what a failed
// authentication tells the caller. Each test here failed on the code before the fix.
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Harness, channel, personal } from './support/harness.js';
import { runToExit, startProcess, stopProcess, type BotProcess } from './support/process.js';
import { FakeConnector } from './support/fakeConnector.js';
import { REFUSALS_PER_MINUTE } from '../src/core/audit.js';
import { parseCsv } from './support/csv.js';

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
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lock-'));
    connector = new FakeConnector();
    await connector.start();
  });
  afterEach(async () => {
    await connector?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second process on the same store, naming the holder, and writes nothing', async () => {
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
    const store = path.join(dir, 'store');
    const first = await startProcess({ DATA_DIR: store });
    await stopProcess(first, 'SIGKILL');
    // No stale timeout to wait for: the kernel closed the dead holder's socket.
    const second = await startProcess({ DATA_DIR: store });
    try {
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

  it('meets one lock however the folder is named: a long absolute path, a relative one, another TMPDIR (issue 28.3)', async () => {
    // Deep enough that <folder>/.lock is past a Unix socket path's 107 bytes.
    const store = path.join(dir, 'a'.repeat(60), 'b'.repeat(60), 'store');
    await mkdir(store, { recursive: true });
    const otherTmp = await mkdtemp(path.join(tmpdir(), 'other-tmp-'));
    const first = await startProcess({ DATA_DIR: store });
    try {
      await symlink(store, path.join(dir, 'short'));
      for (const name of [path.relative(process.cwd(), store), path.join(dir, 'short')]) {
        const second = await runToExit({ DATA_DIR: name, TMPDIR: otherTmp });
        expect(second.code, name).toBe(1);
        expect(second.stderr).toContain(`pid ${first.child.pid}`);
      }
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      await stopProcess(first);
      await rm(otherTmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps serving when a stray client connects to the lock and drops the connection (issue 28.3)', async () => {
    const store = path.join(dir, 'store');
    const bot = await startProcess({ DATA_DIR: store });
    try {
      for (let i = 0; i < 20; i++) {
        // Gone before the holder answers: its write meets a closed socket (EPIPE / ECONNRESET).
        const stray = net.connect(path.join(store, '.lock'));
        stray.on('error', () => undefined);
        await new Promise<void>((resolve) => stray.once('connect', () => resolve()));
        stray.destroy();
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(bot.child.exitCode).toBeNull();
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    } finally {
      await stopProcess(bot);
    }
  });

  it('removes temporary files a crash left behind before it loads', async () => {
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

describe('what users see of each other (items 6, 7, 9, 10)', () => {
  let h: Harness;
  const reporter = { aadObjectId: 'aad-rut', name: 'Rut Rapportör' };
  const second = { aadObjectId: 'aad-sven', name: 'Sven Svensson' };
  const officer = { aadObjectId: 'aad-olle', name: 'Olle Handläggare' };
  const outsider = { aadObjectId: 'aad-nils', name: 'Nils NU' };
  const phishing = '[Logga in igen](https://evil.example/login)';
  const form = (formId: string, over: Record<string, string> = {}) => ({
    formId,
    kind: 'avvikelse',
    eventDate: '2026-11-20',
    reporterUnit: 'boras',
    receiver: 'sodra-alvsborgs-sjukhus',
    category: 'lakemedel',
    cause: 'kommunikationsbrist',
    consequence: 'tillbud',
    severity: '2',
    description: `=HYPERLINK("https://evil.example","Klicka") ${phishing} listan saknades.`,
    immediateAction: "+cmd|' /C calc'!A0",
    dialogue: 'ja',
    ...over,
  });

  beforeAll(async () => {
    h = await Harness.start({
      clock: { now: () => new Date('2026-11-23T09:00:00Z') },
      roles: {
        'aad-olle': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
        'aad-nils': { roles: ['handlaggare'], providers: ['nu-sjukvarden'] },
      },
    });
    for (const u of [reporter, second, officer, outsider]) await h.install(u, personal(u));
    await h.install(officer, channel('sas'));
    await h.say(officer, channel('sas'), 'koppla Södra Älvsborgs sjukhus');
    await h.execute(reporter, personal(reporter), 'avvikelse.skicka', form('00000000-0000-4000-8000-000000000001'));
  });
  afterAll(async () => h.stop());

  it('exports cells a spreadsheet would evaluate as text, and no reporter id or name', async () => {
    await h.say(officer, personal(officer), 'exportera ärenden');
    const csv = (await h.acceptFile(officer))!;
    // Read as a spreadsheet reads it, quotes and all, with either locale's delimiter.
    for (const delimiter of [';', ',']) {
      const cells = parseCsv(csv, delimiter).flat();
      expect(cells.length).toBeGreaterThan(2);
      expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell.trimStart()) && !/^-?\d+([.,]\d+)?$/.test(cell))).toEqual([]);
    }
    expect(csv).toContain(`"'=HYPERLINK(`);
    await h.say(officer, personal(officer), `exportera revision ${h.bot.stores.cases.all()[0]!.number}`);
    const audit = (await h.acceptFile(officer))!;
    expect(audit).toContain('rapportör');
    expect(audit).not.toContain('aad-rut');
    expect(audit).not.toContain('Rut');
    expect(csv).not.toContain('aad-rut');
  });

  it('shows user text literally: no live link on the channel card or the case card, plain text replies', async () => {
    const notice = h.connector.cards(channel('sas').conversationId).find((c) => JSON.stringify(c).includes('AVV-'))!;
    const caseCard = (await h.execute(officer, personal(officer), 'arende.visa', { caseId: h.bot.stores.cases.all()[0]!.id })).card!;
    for (const card of [notice, caseCard]) {
      const linked: string[] = [];
      JSON.stringify(card, (_k, v: unknown) => {
        const n = v as Record<string, unknown>;
        if (n && n['type'] === 'TextBlock' && /\]\(/.test(String(n['text']))) linked.push(String(n['text']));
        if (n && n['type'] === 'FactSet') for (const f of n['facts'] as { value: string }[]) if (/\]\(/.test(f.value)) linked.push(f.value);
        return v;
      });
      expect(linked).toEqual([]);
      expect(JSON.stringify(card)).toContain(JSON.stringify(phishing).slice(1, -1));
    }
    await h.say(officer, channel('sas'), `koppla ${phishing}`);
    const reply = h.connector.sentTo(channel('sas').conversationId).at(-1)!;
    expect(reply.body['textFormat']).toBe('plain');
  });

  it('opens the full case only in the personal chat or a channel linked to its provider', async () => {
    const c = h.bot.stores.cases.all()[0]!;
    const other = channel('annan-kanal');
    await h.install(officer, other);
    const elsewhere = await h.execute(officer, other, 'arende.visa', { caseId: c.id });
    expect(JSON.stringify(elsewhere.card)).not.toContain('listan saknades');
    expect(JSON.stringify(elsewhere.card)).toContain('arende.oppna-privat');
    const linked = await h.execute(officer, channel('sas'), 'arende.visa', { caseId: c.id });
    expect(JSON.stringify(linked.card)).toContain('listan saknades');
    // Outside the officer's organisations: refused like an unknown case, and audited.
    const forged = await h.execute(outsider, personal(outsider), 'arende.visa', { caseId: c.id });
    expect(forged.card).toBeUndefined();
    expect(h.bot.stores.audit.all().some((a) => a.actor === 'aad-nils' && a.subject === c.id)).toBe(true);
  });

  it('shows a duplicate hint with only what the reporter needs, and a linked report reads only itself', async () => {
    const c = h.bot.stores.cases.all()[0]!;
    const hint = await h.execute(
      second,
      personal(second),
      'avvikelse.skicka',
      form('00000000-0000-4000-8000-000000000002', { description: 'Min egen beskrivning av samma händelse.', immediateAction: 'Inget.' }),
    );
    const text = JSON.stringify(hint.card);
    expect(text).toContain(c.number);
    expect(text).not.toContain('listan saknades');
    expect(text).not.toContain('Rut');
    const link = hint.card!['actions'] as { verb: string; data: Record<string, unknown> }[];
    await h.execute(second, personal(second), 'avvikelse.lanka', link.find((a) => a.verb === 'avvikelse.lanka')!.data);
    const detail = JSON.stringify((await h.execute(second, personal(second), 'avvikelse.visa', { caseId: c.id })).card);
    expect(detail).toContain('Min egen beskrivning');
    expect(detail).not.toContain('listan saknades');
  });

  it('joins a case only with a report that is its duplicate by the stored case, refusing and auditing a forged link (issue 28.2)', async () => {
    const intruder = { aadObjectId: 'aad-ivar', name: 'Ivar Inkräktare' };
    await h.install(intruder, personal(intruder));
    const c = h.bot.stores.cases.all().find((x) => x.formId === '00000000-0000-4000-8000-000000000001')!;
    const before = JSON.stringify(h.bot.stores.cases.all());
    const forged: Record<string, string>[] = [
      { receiver: 'nu-sjukvarden' }, // another receiver
      { category: 'informationsoverforing' }, // another category
      { eventDate: '2026-11-01' }, // outside the window
      { kind: 'synpunkt' }, // another kind
    ];
    for (const [i, over] of forged.entries()) {
      const res = await h.execute(intruder, personal(intruder), 'avvikelse.lanka', {
        ...form(`00000000-0000-4000-8000-0000000001${i}0`, over),
        caseId: c.id,
      });
      expect(JSON.stringify(res.body)).not.toContain('listan saknades');
    }
    expect(JSON.stringify(h.bot.stores.cases.all())).toBe(before);
    const detail = await h.execute(intruder, personal(intruder), 'avvikelse.visa', { caseId: c.id });
    expect(JSON.stringify(detail.body)).not.toContain('listan saknades');
    await h.bot.audit.flush();
    expect(h.bot.stores.audit.all().filter((a) => a.actor === 'aad-ivar' && a.subject === c.id).length).toBeGreaterThan(0);
  });

  it('limits the meeting summary to what the asker covers', async () => {
    await h.say(outsider, personal(outsider), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(personal(outsider).conversationId).at(-1))).not.toContain('AVV-');
    await h.say(reporter, personal(reporter), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(personal(reporter).conversationId).at(-1))).not.toContain('AVV-');
    await h.say(officer, personal(officer), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1))).toContain('AVV-');
  });
});

describe('refused actions past the limit (item 5)', () => {
  let h: Harness;
  const forger = { aadObjectId: 'aad-forger', name: 'Fia Försök' };
  const reporter = { aadObjectId: 'aad-rapp', name: 'Rita Rapport' };
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(async () => h.stop());
  const turnsRun = () => h.logs.filter((l) => l.includes('"guard refused"')).length;
  const forge = () => h.execute(forger, personal(forger), 'arende.steg', { caseId: 'AVV-okänt', to: '5', comment: 'x' });

  it("answers a limited user's refused actions at the edge, counts them all, and lets their allowed ones run", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 30; i++) answers.push(JSON.stringify((await forge()).body));
    expect(answers.slice(0, REFUSALS_PER_MINUTE).every((a) => a.includes('hanteras av uppföljningsteamet'))).toBe(true);
    expect(answers.slice(REFUSALS_PER_MINUTE).every((a) => a.includes('För många nekade försök'))).toBe(true);
    // Past the limit no turn runs: the edge answers from the user's refusal count alone.
    expect(turnsRun()).toBe(REFUSALS_PER_MINUTE + 1);
    // A refused command past the limit is counted too, and answered with silence, not a turn.
    const sent = h.connector.recorded.length;
    await h.say(forger, personal(forger), 'ge roll handlaggare aad-forger boras');
    expect(h.connector.recorded.length).toBe(sent);
    expect(turnsRun()).toBe(REFUSALS_PER_MINUTE + 1);
    await h.bot.audit.flush();
    expect(h.bot.stores.audit.all().reduce((n, a) => n + (a.count ?? 1), 0)).toBe(31);
    // What the user may do still runs, and nobody else is limited.
    await h.say(forger, personal(forger), 'hjälp');
    expect(h.connector.cards(personal(forger).conversationId).length).toBeGreaterThan(0);
    expect(JSON.stringify((await h.execute(reporter, personal(reporter), 'arende.steg', { caseId: 'x', to: '5' })).body)).toContain(
      'hanteras av uppföljningsteamet',
    );
    // A minute later the limit is gone.
    h.clock!.advance(61_000);
    expect(JSON.stringify((await forge()).body)).toContain('hanteras av uppföljningsteamet');
  });
});

describe("a channel's settings are its stewards' (issue 28.4)", () => {
  let h: Harness;
  const member = { aadObjectId: 'aad-medlem', name: 'Maja Medlem' };
  const lead = { aadObjectId: 'aad-lead', name: 'Tea Teamledare' };
  const officer = { aadObjectId: 'aad-off', name: 'Otto Handläggare' };
  beforeAll(async () => {
    h = await Harness.start({
      clock: { now: () => new Date('2026-11-23T09:00:00Z') },
      roles: {
        'aad-lead': { roles: ['teamledare'], providers: ['sodra-alvsborgs-sjukhus', 'boras'] },
        'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
      },
    });
    for (const u of [member, lead, officer]) {
      await h.install(u, personal(u));
      await h.install(u, channel('boras'));
    }
    await h.say(lead, channel('boras'), 'organisation Borås');
  });
  afterAll(async () => h.stop());

  it("refuses a member's change of organisation, indicators, follows and the summary mark, says who can, and audits it", async () => {
    const team = channel('boras');
    const before = JSON.stringify(h.bot.stores.conversations.all());
    const tries = ['organisation Skövde', 'följ indikator medicinsk bedömning', 'indikatorer välj'];
    for (const text of tries) await h.say(member, team, text);
    const chosen = await h.execute(member, team, 'indikatorer.spara-val', { indicators: 'sip-andel' });
    expect(h.bot.stores.follows.all()).toEqual([]);
    expect(JSON.stringify(h.bot.stores.conversations.all())).toBe(before);
    const answers = h.connector.texts(team.conversationId).slice(-tries.length);
    for (const a of answers) expect(a).toMatch(/handläggare, teamledare eller administratör/);
    expect(JSON.stringify(chosen.body)).toMatch(/handläggare, teamledare eller administratör/);
    await h.bot.audit.flush();
    expect(h.bot.stores.audit.all().filter((a) => a.actor === 'aad-medlem').length).toBeGreaterThanOrEqual(tries.length);

    // A member may read the summary; only a steward's moves the mark.
    await h.say(member, team, 'mötesunderlag');
    const mark = () => h.bot.stores.conversations.get(`channel:${team.conversationId}`)?.lastSummaryAt;
    expect(mark()).toBeUndefined();
    await h.say(lead, team, 'mötesunderlag');
    expect(mark()).toBeDefined();
  });

  it('shows the internal light only where the follow-up team is: its personal chat or a channel linked by the team', async () => {
    const red = /Vårdgivare med röd bedömning/;
    await h.say(officer, channel('boras'), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(channel('boras').conversationId).at(-1))).not.toMatch(red);
    await h.say(officer, personal(officer), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1))).toMatch(red);
    await h.install(officer, channel('sas'));
    await h.say(officer, channel('sas'), 'koppla Södra Älvsborgs sjukhus');
    await h.say(officer, channel('sas'), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(channel('sas').conversationId).at(-1))).toMatch(red);
  });
});

describe('identity numbers in other written forms, and ids only in their own format (issue 28.5)', () => {
  let h: Harness;
  const nurse = { aadObjectId: 'aad-nurse', name: 'Nora Sköterska' };
  beforeAll(async () => {
    h = await Harness.start({ clock: { now: () => new Date('2026-11-23T09:00:00Z') } });
    await h.install(nurse, personal(nurse));
  });
  afterAll(async () => h.stop());

  const report = (formId: string, over: Record<string, string> = {}) => ({
    formId,
    kind: 'avvikelse',
    eventDate: '2026-11-20',
    reporterUnit: 'boras',
    receiver: 'sodra-alvsborgs-sjukhus',
    category: 'lakemedel',
    description: 'Läkemedelslistan saknades vid överföringen.',
    immediateAction: 'Ringde avdelningen.',
    dialogue: 'ja',
    ...over,
  });

  it('refuses a number with an en dash, a no-break space or a zero-width space in every free-text field, and a formId that is no UUID', async () => {
    const written = ['451219\u20137130', '451219\u00a07130', '4512\u200b19-7130', '47 10 16-1797'];
    let n = 0;
    for (const field of ['description', 'immediateAction', 'medControlId'])
      for (const number of written) {
        const id = `00000000-0000-4000-8000-0000000005${String(++n).padStart(2, '0')}`;
        const res = await h.execute(nurse, personal(nurse), 'avvikelse.skicka', report(id, { [field]: `Patient ${number}` }));
        expect(JSON.stringify(res.card), `${field}: ${number}`).toContain('personnummer');
      }
    await h.execute(nurse, personal(nurse), 'avvikelse.skicka', report('19510112-5630'));
    expect(h.bot.stores.cases.all()).toEqual([]);
    expect(h.logs.join('')).not.toContain('19510112-5630');
  });
});

describe('bad input is answered, never a 500, and error level means our fault (issue 28.9)', () => {
  let h: Harness;
  const forger = { aadObjectId: 'aad-mention', name: 'Mona Mention' };
  beforeAll(async () => {
    h = await Harness.start();
    await h.install(forger, personal(forger));
  });
  afterAll(async () => h.stop());
  const errors = () => h.logs.filter((l) => l.includes('"level":50') && !l.includes('ANONYMOUS'));
  const MALFORMED = [
    [{ type: 'mention' }],
    [{ type: 'mention', mentioned: { id: '28:avvikelseboten' } }],
    [{ type: 'mention', mentioned: null, text: '<at>x</at>' }],
    [{ type: 'mention', mentioned: { id: 42 }, text: 7 }],
    'inte en lista',
  ];

  it('answers a message with a malformed mention entity, limited or not, with no error logged', async () => {
    for (const limited of [false, true]) {
      if (limited)
        for (let i = 0; i < REFUSALS_PER_MINUTE + 2; i++)
          await h.execute(forger, personal(forger), 'arende.steg', { caseId: 'AVV-okänt', to: '5', comment: 'x' });
      for (const entities of MALFORMED) {
        const res = await h.post(h.activity(forger, personal(forger), { type: 'message', text: 'ge roll x admin', entities }));
        expect([200, 400], `${limited} ${JSON.stringify(entities)}`).toContain(res.status);
      }
    }
    expect(errors()).toEqual([]);
  });

  it('logs a client that goes away mid-request at debug, not at error', async () => {
    const { hostname, port } = new URL(h.bot.url);
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(Number(port), hostname);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":');
      await new Promise((r) => setTimeout(r, 5));
      socket.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(errors()).toEqual([]);
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
  });
});
