// The suite every LazyRecordStore implementation runs: the RecordStore rules, by partition.
import { describe, expect, it } from 'vitest';
import { ConflictError, loadAll, type LazyRecordStore } from '../src/store/contract.js';
import type { Profile } from '../src/conversations/profiles.js';

/** Profiles partitioned by the first letter of their id. */
export function lazyStoreConformance(name: string, make: () => Promise<LazyRecordStore<Profile>>): void {
  describe(`${name} honours the LazyRecordStore contract`, () => {
    const draft = (id: string, unit?: string) => ({ id, unit, updatedAt: '2026-11-01T08:00:00.000Z' });

    it('reads back what was written, by id and by partition', async () => {
      const s = await make();
      const stored = await s.put(draft('a1', 'boras'));
      await s.put(draft('b1'));
      expect(stored.version).toBe(1);
      expect(await s.get('a1')).toEqual(stored);
      expect(await s.get('a2')).toBeUndefined();
      expect(await s.get('z1')).toBeUndefined();
      expect(s.partitions()).toEqual(['a', 'b']);
      expect((await s.partition('a')).map((p) => p.id)).toEqual(['a1']);
      expect(await s.partition('q')).toEqual([]);
    });

    it('bumps versions and refuses a stale one, keeping the newer record', async () => {
      const s = await make();
      await s.put(draft('a1', 'first'));
      await s.put(draft('a1', 'second'), { expectedVersion: 1 });
      await expect(s.put(draft('a1', 'stale'), { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
      await expect(s.put(draft('a1'), { expectedVersion: 0 })).rejects.toBeInstanceOf(ConflictError);
      expect(await s.get('a1')).toMatchObject({ unit: 'second', version: 2 });
    });

    it('lets exactly one of two concurrent writers with the same version win', async () => {
      const s = await make();
      await s.put(draft('a1'));
      const results = await Promise.allSettled([
        s.put(draft('a1', 'x'), { expectedVersion: 1 }),
        s.put(draft('a1', 'y'), { expectedVersion: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('writes many at once across partitions, bumping versions', async () => {
      const s = await make();
      await s.put(draft('a1', 'old'));
      await s.putMany([draft('a1', 'new'), draft('b1'), draft('c1'), draft('c2')]);
      expect(await s.get('a1')).toMatchObject({ unit: 'new', version: 2 });
      expect((await loadAll(s)).map((p) => p.id)).toEqual(['a1', 'b1', 'c1', 'c2']);
    });

    it('keeps every write when many partitions are written and read at once', async () => {
      const s = await make();
      const ids = 'abcdefgh'.split('').flatMap((l) => [1, 2, 3].map((n) => `${l}${n}`));
      await Promise.all(ids.map((id) => s.put(draft(id, 'v1'))));
      // Interleave reads of other partitions with second writes, so partitions come and go.
      await Promise.all(
        ids.flatMap((id, i) => [s.put(draft(id, 'v2'), { expectedVersion: 1 }), s.partition(ids[(i * 7) % ids.length]!.slice(0, 1))]),
      );
      const all = await loadAll(s);
      expect(all).toHaveLength(ids.length);
      expect(all.every((p) => p.unit === 'v2' && p.version === 2)).toBe(true);
    });

    it('hands out a partition as one frozen array until a record in it changes', async () => {
      const s = await make();
      await s.put(draft('a1'));
      expect(s.partitions()).toEqual(['a']);
      const first = await s.partition('a');
      // The same array while nothing changed, so a caller may keep what it derived (WeakMap).
      expect(await s.partition('a')).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      await s.put(draft('a2'));
      const second = await s.partition('a');
      expect(second).not.toBe(first);
      expect(second.map((p) => p.id).sort()).toEqual(['a1', 'a2']);
      // What a caller kept is not changed under it.
      expect(first.map((p) => p.id)).toEqual(['a1']);
      await s.put(draft('0b'));
      expect(s.partitions()).toEqual(['0', 'a']);
    });

    it('hands out frozen records', async () => {
      const s = await make();
      const stored = await s.put(draft('a1', 'boras'));
      expect(() => {
        (stored as { unit?: string }).unit = 'changed';
      }).toThrow(TypeError);
      expect((await s.get('a1'))?.unit).toBe('boras');
    });
  });
}
