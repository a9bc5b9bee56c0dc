// The history reads (HistoryStore.load, find, count, keys, scan) every store runs: the same answers
// whether a record is held in memory or waits on disk in an older partition (the embedded store
// leaves closed months older than hotMonths there). Records are profiles by month of
// updatedAt; `unit` is the history index; a profile in English keeps its month in memory, as an
// open case keeps its own.
import { describe, expect, it } from 'vitest';
import { Counters, type Draft, type HistoryCollectionSpec, type HistoryStore, type Tally, type Tallied } from '../src/store/contract.js';
import { Profile } from '../src/conversations/profiles.js';

/** "Now" for a store opened with history: months before 2024-11 may stay on disk. */
export const HISTORY_NOW = new Date('2026-11-15T12:00:00Z');

export const historySpec = (name: string): HistoryCollectionSpec<Profile> => ({
  name,
  schema: Profile,
  partition: (p) => p.updatedAt.slice(0, 7),
  history: { hotMonths: 24, keepsHot: (p) => p.locale === 'en', indexes: { unit: (p) => (p.unit ? [p.unit] : []) }, version: 1 },
});

/** Two profiles a month from 2019 to 2026, units cycling; one old month kept by an English profile. */
export function historyDrafts(): Draft<Profile>[] {
  const out: Draft<Profile>[] = [];
  for (let y = 2019; y <= 2026; y++)
    for (let m = 1; m <= 12; m++) {
      const month = `${y}-${String(m).padStart(2, '0')}`;
      if (month > '2026-11') break;
      for (const n of [1, 2]) {
        const i = out.length;
        out.push({ id: `p-${month}-${n}`, unit: ['boras', 'ale', 'kungalv'][i % 3], updatedAt: `${month}-1${n}T10:00:00.000Z` });
      }
    }
  out.push({ id: 'p-2020-03-en', unit: 'ale', locale: 'en', updatedAt: '2020-03-20T10:00:00.000Z' });
  // A unit in two old months only.
  out.push({ id: 'p-2019-05-l', unit: 'lerum', updatedAt: '2019-05-20T10:00:00.000Z' });
  out.push({ id: 'p-2021-07-l', unit: 'lerum', updatedAt: '2021-07-20T10:00:00.000Z' });
  // Keys with the characters a summary delimits its lists with, and its escape.
  out.push({ id: 'p-2019-06-odd', unit: 'a\tb\n100%', updatedAt: '2019-06-20T10:00:00.000Z' });
  out.push({ id: 'p-2019-06-pct', unit: 'a%09b', updatedAt: '2019-06-21T10:00:00.000Z' });
  // A control character below the tab: must not move "ale" in a sorted table of keys.
  out.push({ id: 'p-2019-07-ctl', unit: 'ale\u0001', updatedAt: '2019-07-21T10:00:00.000Z' });
  return out;
}

const ids = (records: readonly { id: string }[]) => records.map((r) => r.id).sort();

/** `make`: a store of that spec holding the drafts, as a later start would find it. */
export function historyConformance(name: string, make: (drafts: Draft<Profile>[]) => Promise<HistoryStore<Profile>>): void {
  describe(`${name}: history reads see every record, held or on disk`, () => {
    const drafts = historyDrafts();
    const under = (unit: string) =>
      drafts
        .filter((d) => d.unit === unit)
        .map((d) => d.id)
        .sort();

    it('find, count, keys, load and scan give every record once', async () => {
      const s = await make(drafts);
      for (const unit of ['boras', 'ale', 'kungalv', 'lerum', 'a\tb\n100%', 'a%09b', 'ale\u0001']) {
        expect(ids(await s.find('unit', unit)), unit).toEqual(under(unit));
        expect(s.count('unit', unit)).toBe(under(unit).length);
      }
      expect(await s.find('unit', 'nowhere')).toEqual([]);
      expect(s.count('unit', 'nowhere')).toBe(0);
      expect([...s.keys('unit')].sort()).toEqual(['a\tb\n100%', 'a%09b', 'ale', 'ale\u0001', 'boras', 'kungalv', 'lerum'].sort());
      for (const d of [drafts[0]!, drafts[40]!, drafts.at(-2)!]) expect(await s.load(d.id)).toMatchObject({ ...d, version: 1 });
      expect(await s.load('p-1999-01-1')).toBeUndefined();
      const scanned: string[] = [];
      for await (const part of s.scan()) scanned.push(...part.map((r) => r.id));
      expect(scanned.sort()).toEqual(drafts.map((d) => d.id).sort());
      // An unknown index is a programming error, not an empty answer.
      await expect(s.find('nope', 'x')).rejects.toThrow(/no history index nope/);
    });

    it('gives the same array while nothing under the key changes', async () => {
      const s = await make(drafts);
      const a = await s.find('unit', 'lerum');
      expect(await s.find('unit', 'lerum')).toBe(a);
      await s.put({ ...drafts[1]!, unit: 'lerum' }, { expectedVersion: 1 });
      const b = await s.find('unit', 'lerum');
      expect(b).not.toBe(a);
      expect(ids(b)).toEqual([...ids(a), drafts[1]!.id].sort());
    });

    it('keeps a write to an old record, and a delete, under the versions it had', async () => {
      const s = await make(drafts);
      const old = drafts[0]!; // 2019-01, unit boras
      const stored = (await s.load(old.id))!;
      await expect(s.put({ ...old, unit: 'stale' }, { expectedVersion: 2 })).rejects.toThrow(/expected version 2, found 1/);
      await s.put({ ...old, unit: 'molndal' }, { expectedVersion: stored.version });
      expect(ids(await s.find('unit', 'molndal'))).toEqual([old.id]);
      expect(ids(await s.find('unit', 'boras'))).toEqual(under('boras').filter((id) => id !== old.id));
      expect(await s.load(old.id)).toMatchObject({ unit: 'molndal', version: 2 });
      const other = drafts[4]!; // 2019-03, unit ale
      await s.delete(other.id, { expectedVersion: 1 });
      expect(await s.load(other.id)).toBeUndefined();
      expect(s.count('unit', 'ale')).toBe(under('ale').length - 1);
      // The month's other record is still there.
      expect(await s.load(drafts[5]!.id)).toMatchObject({ version: 1 });
    });

    it('keeps a tally per key equal to what a count of the records under it gives, through writes, deletes and a new generation', async () => {
      const s = await make(drafts);
      // Per unit: how many profiles, by locale and by their year.
      let generation = 1;
      const byYear = (): Tally<Profile> => ({
        name: 'by-year',
        generation,
        index: 'unit',
        countsOf: (p) => [
          [p.locale ?? 'sv', 'profiles'],
          [p.locale ?? 'sv', `${generation === 1 ? 'year' : 'month'} ${p.updatedAt.slice(0, generation === 1 ? 4 : 7)}`],
        ],
      });
      // A read gives groups by name (the locales these profiles have, and one none has).
      const plain = (t: Tallied) =>
        Object.fromEntries(['sv', 'en', 'fi'].flatMap((g) => (t.get(g) ? [[g, Object.fromEntries(t.get(g)!)]] : [])));
      const check = async () => {
        for (const unit of ['boras', 'ale', 'kungalv', 'lerum', 'molndal', 'nowhere'])
          expect(plain(await s.tally(byYear(), unit)), unit).toEqual(plain(Counters.of(byYear(), await s.find('unit', unit)).groups));
      };
      expect(plain(await s.tally(byYear(), 'lerum'))).toEqual({ sv: { profiles: 2, 'year 2019': 1, 'year 2021': 1 } });
      await check();
      await s.put({ ...drafts[0]!, unit: 'molndal' }, { expectedVersion: 1 }); // an old month
      await s.put({ ...drafts.at(-8)!, locale: 'en' }, { expectedVersion: 1 }); // a recent one, another group
      await s.delete(drafts[4]!.id, { expectedVersion: 1 });
      await s.put({ id: 'p-new', unit: 'lerum', updatedAt: '2026-11-14T10:00:00.000Z' });
      await check();
      expect(plain(await s.tally(byYear(), 'lerum')).sv).toEqual({ profiles: 3, 'year 2019': 1, 'year 2021': 1, 'year 2026': 1 });
      // What it counts changes (a register read by countsOf): counted again, not the old counts.
      generation = 2;
      await check();
      expect(Object.keys(plain(await s.tally(byYear(), 'lerum')).sv!)).toContain('month 2021-07');
    });

    it('counts a joining tally again when what it joins changes, old months and held ones, and tells watchers of writes', async () => {
      const s = await make(drafts);
      // A grade kept elsewhere (as a case's answer is), joined to each profile.
      const grades = new Map(drafts.map((d, i) => [d.id, i % 2 ? 'a' : 'b']));
      const graded: Tally<Profile, string | undefined> = {
        name: 'graded',
        generation: 1,
        index: 'unit',
        join: (p) => grades.get(p.id),
        countsOf: (_p, _unit, grade) => [['all', grade ?? 'none']],
      };
      const check = async () => {
        for (const unit of ['boras', 'ale', 'kungalv'])
          expect(Object.fromEntries((await s.tally(graded, unit)).get('all') ?? []), unit).toEqual(
            Object.fromEntries(Counters.of(graded, await s.find('unit', unit)).groups.get('all') ?? []),
          );
      };
      await check();
      const seen: string[] = [];
      s.watch((id) => seen.push(id));
      const draft = (id: string) => drafts.find((d) => d.id === id)!;
      // Two old months' records (on disk in the embedded store) and a recent one change grade.
      for (const id of ['p-2019-01-1', 'p-2020-06-2', 'p-2026-10-1']) {
        grades.set(id, 'c');
        s.recount(id);
      }
      grades.delete('p-2026-09-2');
      s.recount('p-2026-09-2');
      await check();
      expect(Object.fromEntries((await s.tally(graded, draft('p-2019-01-1').unit!)).get('all')!)).toHaveProperty('c');
      // A held record alone changes grade, after a read of its unit summed it with the months on disk.
      grades.set('p-2026-10-1', 'e');
      s.recount('p-2026-10-1');
      await check();
      // A write to a held record after its grade changed takes back what was counted, not what the join reads now.
      grades.set('p-2026-10-2', 'd');
      await s.put({ ...draft('p-2026-10-2'), unit: draft('p-2026-10-1').unit });
      await s.delete('p-2026-08-1');
      await check();
      expect(seen).toEqual(['p-2026-10-2', 'p-2026-08-1']);
    });
  });
}
