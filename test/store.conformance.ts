// The one suite every RecordStore implementation runs (like botbuilder's Storage tests).
import { describe, expect, it } from 'vitest';
import { ConflictError, UniqueError, type KeysOf, type RecordStore } from '../src/store/contract.js';
import type { Profile } from '../src/conversations/profiles.js';

/** Profiles whose unit is unique, for the unique-key rule (a case's form id in the bot). */
export const uniqueUnit: KeysOf<Omit<Profile, 'version'>> = (p) => (p.unit ? [`unit:${p.unit}`] : []);

/** `make(true)`: a store whose spec declares uniqueUnit. */
export function recordStoreConformance(name: string, make: (unique?: boolean) => Promise<RecordStore<Profile>>): void {
  describe(`${name} honours the RecordStore contract`, () => {
    const draft = (id: string, unit?: string) => ({ id, unit, updatedAt: '2026-11-01T08:00:00.000Z' });

    it('reads back what was written, with version 1', async () => {
      const s = await make();
      const stored = await s.put(draft('a', 'boras'));
      expect(stored.version).toBe(1);
      expect(s.get('a')).toEqual(stored);
      expect(s.all()).toHaveLength(1);
    });

    it('bumps the version on every write', async () => {
      const s = await make();
      await s.put(draft('a'));
      const second = await s.put(draft('a', 'ale'), { expectedVersion: 1 });
      expect(second.version).toBe(2);
      expect(s.get('a')?.unit).toBe('ale');
    });

    it('refuses a stale version and keeps the newer record', async () => {
      const s = await make();
      await s.put(draft('a', 'first'));
      await s.put(draft('a', 'second'), { expectedVersion: 1 });
      await expect(s.put(draft('a', 'stale'), { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
      expect(s.get('a')?.unit).toBe('second');
    });

    it('refuses a create (expectedVersion 0) when the record exists', async () => {
      const s = await make();
      await s.put(draft('a'));
      await expect(s.put(draft('a'), { expectedVersion: 0 })).rejects.toBeInstanceOf(ConflictError);
    });

    it('lets exactly one of two concurrent writers with the same version win', async () => {
      const s = await make();
      await s.put(draft('a'));
      const results = await Promise.allSettled([
        s.put(draft('a', 'x'), { expectedVersion: 1 }),
        s.put(draft('a', 'y'), { expectedVersion: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    });

    it('deletes, with the same version rule', async () => {
      const s = await make();
      await s.put(draft('a'));
      await expect(s.delete('a', { expectedVersion: 5 })).rejects.toBeInstanceOf(ConflictError);
      await s.delete('a', { expectedVersion: 1 });
      expect(s.get('a')).toBeUndefined();
    });

    it('writes many at once, bumping versions, readable like single puts', async () => {
      const s = await make();
      await s.put(draft('a', 'old'));
      await s.putMany([draft('a', 'new'), draft('b', 'x'), draft('c')]);
      expect(s.get('a')).toMatchObject({ unit: 'new', version: 2 });
      expect(
        s
          .all()
          .map((r) => r.id)
          .sort(),
      ).toEqual(['a', 'b', 'c']);
    });

    it('hands out frozen records: changing one throws and the store keeps its value', async () => {
      const s = await make();
      const stored = await s.put(draft('a', 'boras'));
      expect(() => {
        (stored as { unit?: string }).unit = 'changed';
      }).toThrow(TypeError);
      expect(s.get('a')?.unit).toBe('boras');
    });

    it('keeps an index in step with puts, moves, deletes and bulk writes', async () => {
      const s = await make();
      await s.put(draft('a', 'boras'));
      const byUnit = s.index('unit', (p) => (p.unit ? [p.unit] : []));
      await s.putMany([draft('b', 'boras'), draft('c', 'ale'), draft('d')]);
      expect(
        byUnit
          .get('boras')
          .map((p) => p.id)
          .sort(),
      ).toEqual(['a', 'b']);
      await s.put(draft('a', 'ale'), { expectedVersion: 1 });
      expect(byUnit.get('boras').map((p) => p.id)).toEqual(['b']);
      expect(
        byUnit
          .get('ale')
          .map((p) => p.id)
          .sort(),
      ).toEqual(['a', 'c']);
      expect(byUnit.get('ale').find((p) => p.id === 'a')?.version).toBe(2);
      await s.delete('b');
      expect(byUnit.get('boras')).toEqual([]);
      expect([...byUnit.keys()].sort()).toEqual(['ale']);
      expect(s.index('unit', () => ['ignored'])).toBe(byUnit);
    });

    it('refuses a second record with a taken unique key, keeps the first, and frees the key when it moves', async () => {
      const s = await make(true);
      await s.put(draft('a', 'boras'));
      await expect(s.put(draft('b', 'boras'))).rejects.toBeInstanceOf(UniqueError);
      expect(s.get('b')).toBeUndefined();
      // The holder may write itself again; once it lets go, the key is free.
      await s.put(draft('a', 'boras'), { expectedVersion: 1 });
      await s.put(draft('a', 'ale'), { expectedVersion: 2 });
      await s.put(draft('b', 'boras'));
      expect(s.get('b')?.unit).toBe('boras');
    });

    it('leaves an index unchanged when a write is refused', async () => {
      const s = await make();
      await s.put(draft('a', 'boras'));
      const byUnit = s.index('unit', (p) => (p.unit ? [p.unit] : []));
      await expect(s.put(draft('a', 'ale'), { expectedVersion: 7 })).rejects.toBeInstanceOf(ConflictError);
      expect(byUnit.get('boras').map((p) => p.id)).toEqual(['a']);
      expect(byUnit.get('ale')).toEqual([]);
    });
  });
}
