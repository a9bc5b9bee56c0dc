// The PostgreSQL store against the real local server: both conformance suites, then what only a
// shared database has to get right: two instances on one collection.
import { afterAll, describe, expect, it } from 'vitest';
import { Profile } from '../src/conversations/profiles.js';
import { ConflictError, UniqueError, type CollectionSpec, type LazySpec } from '../src/store/contract.js';
import { lazyStoreConformance } from './lazyStore.conformance.js';
import { recordStoreConformance, uniqueUnit } from './store.conformance.js';
import { closeAll, fresh, openPg } from './support/postgres.js';
import { historyConformance, historySpec } from './history.conformance.js';

afterAll(closeAll);

const spec = (name: string, unique = false): CollectionSpec<Profile> => ({
  name,
  schema: Profile,
  partition: (p: { id: string }) => p.id.slice(0, 1),
  unique: unique ? uniqueUnit : undefined,
});
const lazy = (name: string): LazySpec<Profile> => ({
  ...spec(name),
  lazy: true,
  partitionOfId: (id: string) => id.slice(0, 1),
  cacheSize: 2,
});

recordStoreConformance('PgCollection', async (unique) => (await openPg({ c: spec(fresh('profiles'), unique) })).c);
historyConformance('PgCollection (every record held)', async (drafts) => {
  const { c } = await openPg({ c: historySpec(fresh('profiles')) });
  await c.putMany(drafts);
  return c;
});
lazyStoreConformance('PgLazyCollection (2 partitions cached)', async () => (await openPg({ c: lazy(fresh('values')) })).c);

describe('two instances on one PostgreSQL database', () => {
  const draft = (id: string, unit?: string) => ({ id, unit, updatedAt: '2026-11-01T08:00:00.000Z' });

  it('see each other’s writes once synced, and one of two writers with the same version wins', async () => {
    const name = fresh('profiles');
    const a = await openPg({ c: spec(name) }, 'a');
    const b = await openPg({ c: spec(name) }, 'b');
    await a.c.put(draft('x1', 'boras'));
    await b.sync();
    expect(b.c.get('x1')).toMatchObject({ unit: 'boras', version: 1 });
    await b.c.put(draft('x1', 'ale'), { expectedVersion: 1 });
    // a still holds version 1 until it syncs: its stale write is refused by the database.
    await expect(a.c.put(draft('x1', 'stale'), { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    // The refusal brought a the record b wrote.
    expect(a.c.get('x1')).toMatchObject({ unit: 'ale', version: 2 });
    await b.c.delete('x1', { expectedVersion: 2 });
    await a.sync();
    expect(a.c.get('x1')).toBeUndefined();
  });

  it('keep a unique key unique across instances, and an index follows the other’s writes', async () => {
    const name = fresh('profiles');
    const a = await openPg({ c: spec(name, true) }, 'a');
    const b = await openPg({ c: spec(name, true) }, 'b');
    const byUnit = b.c.index('unit', (p) => (p.unit ? [p.unit] : []));
    const results = await Promise.allSettled([a.c.put(draft('p', 'boras')), b.c.put(draft('q', 'boras'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(UniqueError) });
    await b.sync();
    expect(byUnit.get('boras')).toHaveLength(1);
  });

  it('hand out each number of a sequence once, above the floor, whoever asks', async () => {
    const name = fresh('seq');
    const a = await openPg({ c: spec(fresh('profiles')) }, 'a');
    const b = await openPg({ c: spec(fresh('profiles')) }, 'b');
    const numbers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).sequence(name, 100)));
    expect(new Set(numbers).size).toBe(40);
    expect(Math.min(...numbers)).toBe(100);
    expect(Math.max(...numbers)).toBe(139);
  });

  it('run an exclusive job in one instance at a time, and let the other take it after', async () => {
    const a = await openPg({ c: spec(fresh('profiles')) }, 'a');
    const b = await openPg({ c: spec(fresh('profiles')) }, 'b');
    const job = fresh('sweep');
    let release!: () => void;
    const holding = a.exclusive(job, () => new Promise<string>((r) => (release = () => r('a'))));
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.exclusive(job, async () => 'b')).toBeUndefined();
    release();
    expect(await holding).toBe('a');
    expect(await b.exclusive(job, async () => 'b')).toBe('b');
  });
});
