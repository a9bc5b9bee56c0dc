// A store written by main before the two ladders (1b2b679, cases schema version 1) loads after
// them: every case is read, open cases keep their steps, and each gets the track its step is on
// (002_… kapitel 4: 3a–5 belong to fördjupad uppföljning, the rest to the löpande). The fixture
// is a real partition that version wrote (its seed, then its rules walked cases to 3–4a).
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, personal, type User } from './support/harness.js';

const FIXTURE = 'test/fixtures/store-v1/cases/2026-11.json';
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };

describe('a store written before the two ladders', () => {
  let h: Harness | undefined;
  let dir: string;
  afterEach(async () => {
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads every case, keeps the open ones on their steps, on the track of their step, and they go on', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'migration-'));
    await mkdir(path.join(dir, 'store', 'cases'), { recursive: true });
    await cp(FIXTURE, path.join(dir, 'store', 'cases', '2026-11.json'));
    const before = JSON.parse(await readFile(FIXTURE, 'utf8')) as {
      schemaVersion: number;
      records: { id: string; step?: string; status: string; version: number }[];
    };
    expect(before.schemaVersion).toBe(1);

    h = await Harness.start({ dataDir: dir, roles: { 'aad-off': { roles: ['handlaggare', 'teamet'], providers: ['*'] } } });
    const loaded = h.bot.stores.cases.all();
    expect(loaded).toHaveLength(before.records.length);
    const expected: Record<string, string> = {
      '': 'lopande',
      '2a': 'lopande',
      '2b': 'lopande',
      '3': 'lopande',
      '3a': 'fordjupad',
      '3b': 'fordjupad',
      '4a': 'fordjupad',
    };
    for (const old of before.records) {
      const c = h.bot.stores.cases.get(old.id)!;
      expect([c.status, c.step, c.version]).toEqual([old.status, old.step, old.version]);
      expect(c.track, `${old.step}`).toBe(expected[old.step ?? '']);
    }

    // The case at 3a goes on to 3b on its ladder without a skip reason, and is written as version 2.
    const at3a = loaded.find((c) => c.step === '3a')!;
    const res = await h.execute(officer, personal(officer), 'arende.steg', {
      caseId: at3a.id,
      version: String(at3a.version),
      to: '3b',
      comment: 'Anmodan följd upp med jurist',
    });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    expect(h.bot.stores.cases.get(at3a.id)!.step).toBe('3b');
    // The change is journaled; stopping writes the month (and the journal replays it after a crash).
    await h.stop();
    h = undefined;
    const after = JSON.parse(await readFile(path.join(dir, 'store', 'cases', '2026-11.json'), 'utf8')) as { schemaVersion: number };
    expect(after.schemaVersion).toBe(2);
  });
});
