// Every card fits in a Teams message (issue 33.2): Teams refuses an activity over about 28 KB
// with 413, and the Playground does not, so a trial there never sees it. On a two-year seeded
// store, with a receiver holding hundreds of open cases with long text, every command in the
// route table (by a user with every role, in a personal chat and in a channel) and the largest
// lists' pages are sent through the fake connector, which refuses what Teams refuses.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../src/cases/model.js';
import { ROLES } from '../src/core/roles.js';
import { TEAMS_MESSAGE_BYTES } from '../src/teams/replies.js';
import { sampleCase } from './support/cases.js';

import { Harness, channel, personal, type User } from './support/harness.js';
import { isCommand, routeTable } from './support/routes.js';

const run = promisify(execFile);

/** The data of the card's button for that page of its list. */
function nextPage(card: unknown, verb: string, page: number): Record<string, unknown> | undefined {
  const found: Record<string, unknown>[] = [];
  JSON.stringify(card, (_k, v: { verb?: string; data?: Record<string, unknown> }) => {
    if (v?.verb === verb && v.data?.['page'] === String(page)) found.push(v.data);
    return v;
  });
  return found[0];
}
const all: User = { aadObjectId: 'aad-all', name: 'Alla Roller' };
const receiver: User = { aadObjectId: 'aad-mott', name: 'Mona Mottagare' };
const chef: User = { aadObjectId: 'aad-chef', name: 'Cissi Chef' };
const LONG = 'Läkemedelslistan saknades vid överföringen och patienten fick fel dos under helgen. '.repeat(24).slice(0, 2000);

describe('every card fits in a Teams message (issue 33.2)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cardsize-'));
    await run(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--years', '2', '--data-dir', path.join(dir, 'store')], {
      timeout: 60_000,
    });
    h = await Harness.start({
      dataDir: dir,
      roles: {
        'aad-all': { roles: [...ROLES], providers: ['*'] },
        'aad-mott': { roles: ['mottagare'], providers: ['sahlgrenska'] },
        'aad-chef': { roles: ['chef'], providers: ['goteborg', 'molndal', 'partille'] },
      },
    });
    // A receiver with hundreds of open cases, each with the longest text the form takes.
    const now = h.clock!.now();
    const open: Omit<Case, 'version'>[] = Array.from({ length: 300 }, (_, i) => {
      const base = sampleCase();
      const id = `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      return sampleCase({
        id,
        formId: `f${id.slice(1)}`,
        number: `AVV-2026-9${String(i).padStart(4, '0')}`,
        createdAt: new Date(now.getTime() - i * 3_600_000).toISOString(),
        report: {
          ...base.report,
          receiver: 'sahlgrenska',
          reporterUnit: 'goteborg',
          description: LONG,
          immediateAction: LONG.slice(0, 1000),
        },
      });
    });
    await h.bot.stores.cases.putMany(open);
    for (const u of [all, receiver, chef]) await h.install(u, personal(u));
    await h.install(all, channel('storlek'));
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const sizes = () => h.connector.recorded.map((r) => Buffer.byteLength(JSON.stringify(r.body)));

  it('sends every command of the route table within the limit, here and in a channel', async () => {
    for (const route of (await routeTable()).filter(isCommand))
      for (const where of [personal(all), channel('storlek')]) await h.say(all, where, route.words[0]!);
    expect(h.connector.refusedTooLarge).toEqual([]);
    expect(Math.max(...sizes())).toBeLessThanOrEqual(TEAMS_MESSAGE_BYTES);
  }, 120_000);

  it("pages the receiver's incoming list and the unit's reports, every page within the limit", async () => {
    for (const [user, command] of [
      [receiver, 'inkomna avvikelser'],
      [chef, 'enhetens avvikelser'],
      [all, 'ärenden alla'],
      [all, 'indikatorer alla'],
      [all, 'mina avvikelser'],
    ] as const) {
      const before = h.connector.recorded.length;
      const res = await h.say(user, personal(user), command);
      expect(res.status, command).toBe(200);
      const sent = h.connector.recorded.slice(before);
      expect(sent.length, command).toBeGreaterThan(0);
      expect(JSON.stringify(sent), command).not.toMatch(/Något gick fel/);
    }
    expect(h.connector.refusedTooLarge).toEqual([]);
    expect(Math.max(...sizes())).toBeLessThanOrEqual(TEAMS_MESSAGE_BYTES);

    // The receiver pages through 300 open cases with the card's own buttons, each page in the limit.
    let card = h.connector.cards(personal(receiver).conversationId).at(-1);
    for (let page = 2; page <= 4; page++) {
      const next = nextPage(card, 'svar.inkomna', page);
      expect(next, `page ${page}`).toMatchObject({ page: String(page) });
      const res = await h.execute(receiver, personal(receiver), 'svar.inkomna', next!);
      expect(JSON.stringify(res.card)).toMatch(new RegExp(`Sida ${page} av \\d+`));
      expect(Buffer.byteLength(JSON.stringify(res.body))).toBeLessThanOrEqual(TEAMS_MESSAGE_BYTES);
      card = res.card;
    }
    // One without the role cannot turn another's pages.
    const forged = await h.execute(chef, personal(chef), 'svar.inkomna', { page: '2' });
    expect(JSON.stringify(forged.body)).not.toContain('AVV-');
  }, 60_000);
});

describe('a reply Teams refuses as too large (issue 33.2)', () => {
  let h: Harness;
  const user: User = { aadObjectId: 'aad-413', name: 'Stina Storlek' };
  beforeAll(async () => {
    h = await Harness.start();
    await h.install(user, personal(user));
  });
  afterAll(async () => h.stop());

  it('is answered with a short message saying what to do, never the error message', async () => {
    const where = personal(user);
    h.connector.failNext(where.conversationId, { status: 413, body: { error: { code: 'MessageSizeTooBig', message: 'too big' } } });
    const res = await h.say(user, where, 'hjälp');
    expect(res.status).toBe(200);
    const texts = h.connector.texts(where.conversationId);
    expect(texts.at(-1)).toMatch(/för stort för Teams/);
    expect(texts.join('\n')).not.toMatch(/Något gick fel/);
    expect(h.logs.filter((l) => l.includes('"level":50') && !l.includes('ANONYMOUS'))).toEqual([]);
  });
});
