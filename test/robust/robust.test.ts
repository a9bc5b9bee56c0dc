// npm run test:robust: generated bad input, duplicate deliveries, and kill -9 during bursts.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { startProcess } from '../support/process.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testToday } from '../support/clock.js';
import { random } from '../../src/seed/dataset.js';
import { addDays } from '../../src/core/clock.js';
import { Harness, personal, type User } from '../support/harness.js';
import { FakeConnector } from '../support/fakeConnector.js';

const user: User = { aadObjectId: 'aad-robust', name: 'R' };
const today = testToday;
const good = (formId: string) => ({
  formId,
  kind: 'avvikelse',
  eventDate: addDays(today, -1),
  reporterUnit: 'boras',
  receiver: 'sahlgrenska',
  category: 'ordination',
  cause: 'rutin-saknas',
  consequence: 'risk',
  severity: '1',
  description: 'En rapport i robusthetstestet.',
  immediateAction: 'Inget.',
  dialogue: 'ja',
});

/**
 * Every collection file's content, one per line, and the journal's lines (where a write lands
 * first); refusals are audited, so `audit` is left out.
 */
async function storeSnapshot(dir: string): Promise<string> {
  const lines: string[] = [];
  // Collections are folders; the store's lock file beside them is not data.
  const collections = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name !== 'audit');
  for (const col of collections.map((e) => e.name).sort())
    for (const f of (await readdir(path.join(dir, col))).sort())
      lines.push(`${col}/${f}:${await readFile(path.join(dir, col, f), 'utf8')}`);
  const journal = await readFile(path.join(dir, 'journal.jsonl'), 'utf8').catch(() => '');
  lines.push(...journal.split('\n').filter((l) => !l.startsWith('{"c":"audit"')));
  return lines.join('\n');
}

describe('robustness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ roles: { 'aad-off': { roles: ['handlaggare'] } } });
    await h.install(user, personal(user));
  });
  afterAll(async () => h.stop());

  it('answers 600 generated bad card submits and activities with an error or a 4xx, stays up, stores nothing', async () => {
    const rnd = random(99);
    const fields = Object.keys(good('x'));
    const junk = () =>
      [
        undefined,
        null,
        '',
        'x'.repeat(10_000 + Math.floor(rnd() * 50_000)),
        42,
        -1,
        true,
        [],
        {},
        '2026-02-30',
        '../../etc/passwd',
        '<script>',
        '1999-13-01',
        'ⅷ',
        '\u0000',
      ][Math.floor(rnd() * 15)];
    const before = await storeSnapshot(path.join(h.dataDir, 'store'));
    // The snapshot sees the store: the install above is in a file or in the journal.
    expect(before).toMatch(/conversations\/all\.json|"c":"conversations"/);
    let sentBefore = h.connector.recorded.length;
    for (let i = 0; i < 600; i++) {
      const kind = i % 6;
      const data: Record<string, unknown> = good(randomUUID());
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
        const field = fields[Math.floor(rnd() * fields.length)]!;
        // Any text is a valid description: there only missing, huge or non-text values are bad.
        const freeText = field === 'description' || field === 'immediateAction';
        // Cause, consequence and severity may be left out ("vet ej"): there only a value is bad.
        const optional = field === 'cause' || field === 'consequence' || field === 'severity';
        let value = junk();
        while (optional && (value === undefined || value === null || value === '')) value = junk();
        data[field] = freeText ? [undefined, null, '', 'x'.repeat(3000), 42, true, [], {}][Math.floor(rnd() * 8)] : value;
      }
      if (kind === 5) data['formId'] = junk();
      let res: { status: number; body: unknown };
      if (kind === 0)
        res = await h.post(
          h.activity(user, personal(user), {
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb: 'avvikelse.skicka', data } },
          }),
        );
      else if (kind === 1)
        res = await h.post(
          h.activity(user, personal(user), {
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: {
              action: {
                type: 'Action.Execute',
                verb: ['arende.steg', 'arende.avsluta', 'okänt', '', 'indikator.spara'][Math.floor(rnd() * 5)],
                data: { caseId: junk(), version: junk(), step_to: junk() },
              },
            },
          }),
        );
      else if (kind === 2) res = await h.submit(user, personal(user), 'avvikelse.skicka', data);
      else if (kind === 3) {
        const r = await fetch(`${h.bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: ['{', '{"type":', 'null', '[]', '"x"', '{"type":"message"}'][Math.floor(rnd() * 6)],
        });
        res = { status: r.status, body: await r.text() };
      } else res = await h.say(user, personal(user), String(junk() ?? ''));
      // Either a 4xx, or the bot answered this activity: an invoke's own body, or a message to
      // the conversation (counted at the fake connector, which only the bot writes to).
      if (res.status >= 400) expect(res.status, `input ${i}`).toBeLessThan(500);
      else {
        expect(res.status, `input ${i}`).toBe(200);
        const answered = res.body !== undefined && res.body !== '' ? 1 : 0;
        expect(answered + h.connector.recorded.length - sentBefore, `input ${i} got no answer`).toBeGreaterThan(0);
      }
      sentBefore = h.connector.recorded.length;
    }
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
    expect(h.bot.stores.cases.all(), 'a bad input was stored').toHaveLength(0);
    // Refusals are audited as fixed-size records; nothing else may have changed.
    expect(await storeSnapshot(path.join(h.dataDir, 'store'))).toBe(before);
  }, 120_000);

  it('stores one case per form for 1 000 duplicate deliveries and double submits', async () => {
    const forms = Array.from({ length: 100 }, () => randomUUID());
    const sends: Promise<unknown>[] = [];
    for (const formId of forms) {
      // skapa-ny: the path after the duplicate hint (these reports all look alike on purpose).
      const activity = h.activity(user, personal(user), {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'avvikelse.skapa-ny', data: good(formId) } },
      });
      for (let i = 0; i < 10; i++)
        sends.push(i % 2 ? h.post(activity) : h.submit(user, personal(user), 'avvikelse.skapa-ny', good(formId)));
    }
    await Promise.all(sends);
    const cases = h.bot.stores.cases.all();
    expect(cases).toHaveLength(100);
    expect(new Set(cases.map((c) => c.formId))).toEqual(new Set(forms));
    expect(new Set(cases.map((c) => c.number)).size).toBe(100);
  }, 120_000);
});

describe('a flood of forged card actions', () => {
  it('15 000 forged invokes leave under 100 audit records, all counted, and others still report', async () => {
    const h = await Harness.start({ roles: { 'aad-off': { roles: ['handlaggare'], providers: ['boras'] } } });
    try {
      const forger: User = { aadObjectId: 'aad-forger', name: 'F' };
      const reporter: User = { aadObjectId: 'aad-honest', name: 'H' };
      await h.execute(reporter, personal(reporter), 'avvikelse.skapa-ny', good(randomUUID()));
      const caseId = h.bot.stores.cases.all()[0]!.id;
      const forged = h.activity(forger, personal(forger), {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'arende.steg', data: { caseId, to: '5', comment: 'x' } } },
      });
      let next = 0;
      const flood = Array.from({ length: 50 }, async () => {
        while (next++ < 15_000) await h.post({ ...forged, id: randomUUID() });
      });
      const honest = Array.from({ length: 20 }, () => h.execute(reporter, personal(reporter), 'avvikelse.skapa-ny', good(randomUUID())));
      const results = await Promise.all(honest);
      await Promise.all(flood);
      await h.bot.audit.flush();
      const audit = h.bot.stores.audit.all();
      expect(audit.length).toBeLessThan(100);
      expect(audit.reduce((n, a) => n + (a.count ?? 1), 0)).toBe(15_000);
      expect(audit.every((a) => a.action === 'refused' && a.actor === 'aad-forger' && a.subject === caseId)).toBe(true);
      expect(results.every((r) => JSON.stringify(r.card).includes('är registrerat'))).toBe(true);
      expect(h.bot.stores.cases.all()).toHaveLength(21);
    } finally {
      await h.stop();
    }
  }, 300_000);
});

describe('kill -9 during bursts of submits', () => {
  const CYCLES = Number(process.env['KILL_CYCLES'] ?? 50);
  let dir: string;
  let connector: FakeConnector;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kill-'));
    await writeFile(path.join(dir, 'roles.json'), '{"users":{}}');
    connector = new FakeConnector();
    await connector.start();
  });
  afterAll(async () => {
    await connector.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged submit across ${CYCLES} kills`, async () => {
    const acknowledged = new Set<string>();
    const rnd = random(5);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // The bundled entry npm start runs (npm run test:robust builds first), on port 0.
      const bot = await startProcess({ DATA_DIR: path.join(dir, 'store'), ROLES_FILE: path.join(dir, 'roles.json'), LOG_LEVEL: 'info' });
      const child = bot.child;
      const url = bot.url;
      expect((await fetch(`${url}/healthz`)).status, `start ${cycle}: the store must load`).toBe(200);
      const burst = Array.from({ length: 20 }, async () => {
        const formId = randomUUID();
        const body = JSON.stringify({
          id: randomUUID(),
          type: 'invoke',
          name: 'adaptiveCard/action',
          channelId: 'msteams',
          serviceUrl: connector.url,
          locale: 'sv-SE',
          from: { id: '29:k', aadObjectId: 'aad-kill', name: 'K' },
          recipient: { id: '28:bot' },
          conversation: { id: 'a:kill', conversationType: 'personal' },
          value: { action: { type: 'Action.Execute', verb: 'avvikelse.skapa-ny', data: good(formId) } },
        });
        try {
          const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const text = await res.text();
          if (res.status === 200 && text.includes('är registrerat')) acknowledged.add(formId);
        } catch {
          // killed mid-request: not acknowledged
        }
      });
      await new Promise((r) => setTimeout(r, 100 + rnd() * 500));
      child.kill('SIGKILL');
      await Promise.all(burst);
      await bot.exited;
    }
    // A last clean start: every acknowledged submit is there.
    const { openStore } = await import('../../src/collections.js');
    const stores = await openStore(path.join(dir, 'store'));
    const stored = new Set(stores.cases.all().map((c) => c.formId));
    const lost = [...acknowledged].filter((f) => !stored.has(f));
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(new Set(stores.cases.all().map((c) => c.number)).size).toBe(stores.cases.all().length);
  }, 900_000);
});
