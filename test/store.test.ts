import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryLazyStore, MemoryRecordStore } from '../src/store/memory.js';
import { LazyLowdbCollection } from '../src/store/lowdb/lazy.js';
import { lazyStoreConformance } from './lazyStore.conformance.js';
import { LowdbCollection, StoreLoadError, WriteQueue } from '../src/store/lowdb/collection.js';
import { openStore } from '../src/collections.js';
import { Journal } from '../src/store/lowdb/journal.js';
import { Profile } from '../src/conversations/profiles.js';
import { recordStoreConformance, uniqueUnit } from './store.conformance.js';
import { historyConformance, historyDrafts, historySpec, HISTORY_NOW } from './history.conformance.js';
import { openLowdb } from '../src/store/lowdb/index.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'store-'));
  dirs.push(d);
  return d;
}
/** Stores a test leaves open (a conformance suite's), closed before their folders go. */
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const profileSpec = { name: 'profiles', schema: Profile, partition: (p: { id: string }) => p.id.slice(0, 1) };

recordStoreConformance(
  'MemoryRecordStore',
  async (unique) => new MemoryRecordStore('profiles', undefined, unique ? uniqueUnit : undefined),
);
recordStoreConformance('LowdbCollection', async (unique) =>
  LowdbCollection.open({ ...profileSpec, unique: unique ? uniqueUnit : undefined }, await tempDir(), new WriteQueue()),
);

recordStoreConformance('LowdbCollection through the journal', async (unique) => {
  const dir = await tempDir();
  const queue = new WriteQueue();
  return LowdbCollection.open({ ...profileSpec, unique: unique ? uniqueUnit : undefined }, dir, queue, new Journal(dir, queue));
});

historyConformance('MemoryRecordStore', async (drafts) => {
  const spec = historySpec('profiles');
  const s = new MemoryRecordStore('profiles', spec.schema, undefined, spec.history);
  await s.putMany(drafts);
  return s;
});

/** An embedded store that held the drafts and was stopped: started again at HISTORY_NOW. */
async function restarted(drafts: Parameters<Parameters<typeof historyConformance>[1]>[0], dir?: string) {
  dir ??= await tempDir();
  const first = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
  await first.c.putMany(drafts);
  await first.close();
  return { dir, store: await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW) };
}
historyConformance('LowdbCollection, restarted with its old months on disk', async (drafts) => {
  const { store } = await restarted(drafts);
  open.push(store);
  return store.c;
});

/** An embedded store's summary file (lowdb/history.ts) as far as these tests change it. */
type SummaryJson = { partitions: Record<string, { stamp: string; generation?: string; hash?: string; keys: { unit: string } }> };

describe('the embedded store with a history', () => {
  const drafts = historyDrafts();
  const held = (ids: readonly { id: string }[]) => ids.map((r) => r.id).sort();
  const partitionFile = (dir: string, month: string) => path.join(dir, 'profiles', `${month}.json`);
  /** A store restarted and closed again, and its summary of the old months, for a test to change. */
  const closedWithSummary = async () => {
    const { dir, store } = await restarted(drafts);
    await store.close();
    const file = path.join(dir, 'profiles', '.history.json');
    return { dir, file, summary: JSON.parse(await readFile(file, 'utf8')) as SummaryJson };
  };
  /** Takes a unit out of a month's summary: a summary trusted misses it there, one made again has it. */
  const dropUnit = (summary: SummaryJson, month: string, unit: string) => {
    summary.partitions[month]!.keys.unit = summary.partitions[month]!.keys.unit.replace(`\n${unit}\t1`, '');
  };

  it('holds the recent months and a month kept by its record; the others wait on disk, summarised', async () => {
    const { dir, store } = await restarted(drafts);
    const expected = drafts.filter((d) => d.updatedAt >= '2024-11' || d.updatedAt.startsWith('2020-03')).map((d) => d.id);
    expect(held(store.c.all())).toEqual(expected.sort());
    expect(store.c.get('p-2019-01-1')).toBeUndefined();
    const summary = JSON.parse(await readFile(path.join(dir, 'profiles', '.history.json'), 'utf8'));
    expect(Object.keys(summary.partitions)).toContain('2019-01');
    expect(Object.keys(summary.partitions)).not.toContain('2020-03');
    await store.close();
  });

  it('reads a month again whose file changed since it was summarised', async () => {
    const { dir, store } = await restarted(drafts);
    await store.close();
    const file = JSON.parse(await readFile(partitionFile(dir, '2019-01'), 'utf8'));
    file.records.push({ id: 'p-2019-01-added', unit: 'lerum', updatedAt: '2019-01-25T10:00:00.000Z', version: 1 });
    await writeFile(partitionFile(dir, '2019-01'), JSON.stringify(file));
    const again = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
    expect(held(await again.c.find('unit', 'lerum'))).toEqual(['p-2019-01-added', 'p-2019-05-l', 'p-2021-07-l']);
    await again.close();
  });

  it('keeps the summary of a month whose file was touched, not changed (a restore, a copy): no rebuild', async () => {
    const { dir, file, summary } = await closedWithSummary();
    // Take 'ale' out of an old month's summary: had the summaries been made again, it would be back.
    dropUnit(summary, '2019-01', 'ale');
    await writeFile(file, JSON.stringify(summary));
    // Every partition's time moves, as a restore or a copy moves it; the bytes stay.
    const later = new Date('2027-01-01T00:00:00Z');
    for (const month of Object.keys(summary.partitions)) await utimes(partitionFile(dir, month), later, later);
    const again = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
    expect(held(await again.c.find('unit', 'ale'))).not.toContain('p-2019-01-2');
    await again.close();
    // The summaries carry the new times: the next start does not even hash.
    const stamped = JSON.parse(await readFile(file, 'utf8'));
    expect(stamped.partitions['2019-01'].stamp).toMatch(new RegExp(`:${later.getTime()}$`));
  });

  it('tells a copied month from a rewritten one by the generation in its first bytes', async () => {
    const { dir, file, summary } = await closedWithSummary();
    // Every file the store writes names its generation first, and the summary keeps it, not a hash.
    const text = await readFile(partitionFile(dir, '2019-01'), 'utf8');
    const generation = /^\{"collection":"profiles","schemaVersion":\d+,"generation":"([\w-]+)"/.exec(text)?.[1];
    expect(generation).toBeDefined();
    expect(summary.partitions['2019-01']).toMatchObject({ generation });
    expect(summary.partitions['2019-01']!.hash).toBeUndefined();
    // Take 'ale' out of the month's summary; then the file is written again by another store (a
    // new generation of the same length, the same size) and its time moves: made again, 'ale' back.
    dropUnit(summary, '2019-01', 'ale');
    await writeFile(file, JSON.stringify(summary));
    await writeFile(partitionFile(dir, '2019-01'), text.replace(generation!, generation!.replace(/./g, 'a')));
    const later = new Date('2027-01-01T00:00:00Z');
    await utimes(partitionFile(dir, '2019-01'), later, later);
    const again = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
    expect(held(await again.c.find('unit', 'ale'))).toContain('p-2019-01-2');
    await again.close();
  });

  it('keeps the summary of a file written before generations by its hash, and makes it again when the bytes differ', async () => {
    const { dir, file, summary } = await closedWithSummary();
    // Two old months as an earlier release wrote them: no generation in the file, a hash in the summary.
    const later = new Date('2027-01-01T00:00:00Z');
    for (const month of ['2019-01', '2019-05']) {
      const text = (await readFile(partitionFile(dir, month), 'utf8')).replace(/"generation":"[\w-]+",/, '');
      await writeFile(partitionFile(dir, month), text);
      await utimes(partitionFile(dir, month), later, later);
      const entry = summary.partitions[month]!;
      delete entry.generation;
      entry.stamp = `${Buffer.byteLength(text)}:${entry.stamp.split(':')[1]}`;
      entry.hash = createHash('sha256').update(text).digest('base64url');
    }
    // Take 'ale' and 'lerum' out: where the summary is trusted they stay out. 2019-05's hash is of other bytes.
    dropUnit(summary, '2019-01', 'ale');
    dropUnit(summary, '2019-05', 'lerum');
    summary.partitions['2019-05']!.hash = 'x'.repeat(43);
    await writeFile(file, JSON.stringify(summary));
    const again = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
    expect(held(await again.c.find('unit', 'ale'))).not.toContain('p-2019-01-2');
    expect(held(await again.c.find('unit', 'lerum'))).toContain('p-2019-05-l');
    await again.close();
  });

  it('trusts its summary whichever build printed the key functions, and makes it again for a new key version', async () => {
    const { dir, file, summary } = await closedWithSummary();
    // Take 'ale' out of an old month's summary, its file untouched: a summary trusted misses it there.
    expect(summary.partitions['2019-01']!.keys.unit).toContain('\nale\t1');
    dropUnit(summary, '2019-01', 'ale');
    await writeFile(file, JSON.stringify(summary));
    const spec = historySpec('profiles');
    const reprinted = {
      ...spec,
      history: { ...spec.history!, indexes: { unit: (record: Profile) => (record.unit ? [record.unit] : []) } },
    };
    const same = await openLowdb(dir, { c: reprinted }, HISTORY_NOW);
    expect(held(await same.c.find('unit', 'ale'))).not.toContain('p-2019-01-2');
    await same.close();
    const raised = { ...spec, history: { ...spec.history!, version: 2 } };
    const again = await openLowdb(dir, { c: raised }, HISTORY_NOW);
    expect(held(await again.c.find('unit', 'ale'))).toContain('p-2019-01-2');
    await again.close();
  });

  it('replays a crash’s journal into an old month without losing the month’s other records', async () => {
    const { dir, store } = await restarted(drafts);
    await store.close();
    const changed = { ...drafts[0]!, unit: 'molndal', version: 2 };
    await writeFile(
      path.join(dir, 'journal.jsonl'),
      `${JSON.stringify({ c: 'profiles', k: '2019-01', id: changed.id, v: 1, r: changed })}\n`,
    );
    const again = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
    expect(again.c.get(changed.id)).toMatchObject({ unit: 'molndal', version: 2 });
    await again.close();
    const records = JSON.parse(await readFile(partitionFile(dir, '2019-01'), 'utf8')).records as { id: string }[];
    expect(held(records)).toEqual(['p-2019-01-1', 'p-2019-01-2']);
    // And the next start finds the month summarised again, with the change.
    const third = await openLowdb(dir, { c: historySpec('profiles') }, HISTORY_NOW);
    expect(third.c.get(changed.id)).toBeUndefined();
    expect(held(await third.c.find('unit', 'molndal'))).toEqual([changed.id]);
    await third.close();
  });

  it('writes a new record into an old month next to the ones on disk', async () => {
    const { dir, store } = await restarted(drafts);
    await store.c.put({ id: 'p-2019-01-late', unit: 'lerum', updatedAt: '2019-01-28T10:00:00.000Z' });
    await store.close();
    const records = JSON.parse(await readFile(partitionFile(dir, '2019-01'), 'utf8')).records as { id: string }[];
    expect(held(records)).toEqual(['p-2019-01-1', 'p-2019-01-2', 'p-2019-01-late']);
  });
});

const lazySpec = { ...profileSpec, lazy: true as const, partitionOfId: (id: string) => id.slice(0, 1), cacheSize: 2 };
lazyStoreConformance('MemoryLazyStore', async () => new MemoryLazyStore('profiles', profileSpec.partition));
lazyStoreConformance('LazyLowdbCollection (2 partitions cached)', async () =>
  LazyLowdbCollection.open(lazySpec, await tempDir(), new WriteQueue()),
);

describe('the lazy lowdb store on disk', () => {
  it('lists partitions without reading them, reads one on use, and survives a reload', async () => {
    const dir = await tempDir();
    const a = await LazyLowdbCollection.open(lazySpec, dir, new WriteQueue());
    await a.putMany('abcde'.split('').map((l) => ({ id: `${l}1`, unit: l, updatedAt: '2026-11-01T08:00:00.000Z' })));
    // A corrupt partition is found when it is used, naming the file; the others still load.
    await writeFile(path.join(dir, 'profiles', 'e.json'), '{ not json');
    const b = await LazyLowdbCollection.open(lazySpec, dir, new WriteQueue());
    expect(b.partitions()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await b.get('c1')).toMatchObject({ unit: 'c', version: 1 });
    await expect(b.partition('e')).rejects.toThrow(/e\.json: filen är inte giltig JSON/);
    expect(await readFile(path.join(dir, 'profiles', 'e.json'), 'utf8')).toBe('{ not json');
  });
});

describe('the lowdb store on disk', () => {
  it('survives a reload with every record and version', async () => {
    const dir = await tempDir();
    const a = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    await a.put({ id: 'x1', unit: 'boras', updatedAt: '2026-11-01T08:00:00.000Z' });
    await a.put({ id: 'x1', unit: 'ale', updatedAt: '2026-11-01T08:00:00.000Z' });
    await a.put({ id: 'y1', updatedAt: '2026-11-01T08:00:00.000Z' });
    const b = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    expect(b.get('x1')).toMatchObject({ unit: 'ale', version: 2 });
    expect(b.all()).toHaveLength(2);
  });

  it('builds an index from the records it loaded', async () => {
    const dir = await tempDir();
    const a = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    await a.putMany([
      { id: 'x1', unit: 'boras', updatedAt: '2026-11-01T08:00:00.000Z' },
      { id: 'y1', unit: 'ale', updatedAt: '2026-11-01T08:00:00.000Z' },
    ]);
    const b = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    expect(
      b
        .index('unit', (p) => (p.unit ? [p.unit] : []))
        .get('boras')
        .map((p) => p.id),
    ).toEqual(['x1']);
  });

  it('commits concurrent writes to one partition together, each refused or kept on its own', async () => {
    const dir = await tempDir();
    const queue = new WriteQueue();
    const run = queue.run.bind(queue);
    let writes = 0;
    queue.run = (job) => {
      writes++;
      return run(job);
    };
    const c = await LowdbCollection.open(profileSpec, dir, queue);
    await c.put({ id: 'a0', updatedAt: '2026-11-01T08:00:00.000Z' });
    writes = 0;
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => c.put({ id: `a${i + 1}`, unit: 'boras', updatedAt: '2026-11-01T08:00:00.000Z' })),
      c.put({ id: 'a0', unit: 'stale', updatedAt: '2026-11-01T08:00:00.000Z' }, { expectedVersion: 9 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(results.at(-1)?.status).toBe('rejected');
    expect(writes).toBe(1);
    const reloaded = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    expect(reloaded.all()).toHaveLength(21);
    expect(reloaded.get('a0')?.unit).toBeUndefined();
  });

  it('rejects every change of a failed write and keeps none of them', async () => {
    const dir = await tempDir();
    const queue = new WriteQueue();
    const c = await LowdbCollection.open(profileSpec, dir, queue);
    // The partition file's place is taken by a folder: the atomic rename fails.
    await mkdir(path.join(dir, 'profiles', 'b.json'));
    const results = await Promise.allSettled([
      c.put({ id: 'b1', updatedAt: '2026-11-01T08:00:00.000Z' }),
      c.put({ id: 'b2', updatedAt: '2026-11-01T08:00:00.000Z' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(c.get('b1')).toBeUndefined();
    expect(c.index('unit-any', () => ['x']).get('x')).toEqual([]);
    await queue.drain();
    expect(queue.lastError).toBeDefined();
    await c.put({ id: 'c1', updatedAt: '2026-11-01T08:00:00.000Z' });
    await queue.drain();
    expect(queue.lastError).toBeUndefined();
  });

  it('writes exactly the JSON of the records, also after updates and deletes', async () => {
    const dir = await tempDir();
    const c = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    await c.putMany([
      { id: 'a1', unit: 'boras', updatedAt: '2026-11-01T08:00:00.000Z' },
      { id: 'a2', updatedAt: '2026-11-01T08:00:00.000Z' },
      { id: 'a3', updatedAt: '2026-11-01T08:00:00.000Z' },
    ]);
    await c.put({ id: 'a1', unit: 'ale "Älvängen"', updatedAt: '2026-11-02T08:00:00.000Z' });
    await c.delete('a2');
    const text = await readFile(path.join(dir, 'profiles', 'a.json'), 'utf8');
    const { generation } = JSON.parse(text) as { generation: string };
    expect(text).toBe(JSON.stringify({ collection: 'profiles', schemaVersion: 1, generation, records: [c.get('a1'), c.get('a3')] }));
    // Each write a new generation (history.ts tells a rewritten file from a copied one by it).
    await c.delete('a3');
    expect(JSON.parse(await readFile(path.join(dir, 'profiles', 'a.json'), 'utf8')).generation).not.toBe(generation);
  });

  it('writes only the partition a record belongs to', async () => {
    const dir = await tempDir();
    const c = await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    await c.put({ id: 'a1', updatedAt: '2026-11-01T08:00:00.000Z' });
    await c.put({ id: 'b1', updatedAt: '2026-11-01T08:00:00.000Z' });
    const before = await readFile(path.join(dir, 'profiles', 'a.json'), 'utf8');
    await c.put({ id: 'b2', updatedAt: '2026-11-01T08:00:00.000Z' });
    expect(await readFile(path.join(dir, 'profiles', 'a.json'), 'utf8')).toBe(before);
    expect((await readdir(path.join(dir, 'profiles'))).sort()).toEqual(['a.json', 'b.json']);
  });

  it('refuses to open a corrupt file and leaves it byte for byte untouched', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    await s.profiles.put({ id: 'u1', updatedAt: '2026-11-01T08:00:00.000Z' });
    await s.close();
    const file = path.join(dir, 'profiles', 'all.json');
    const corrupt = (await readFile(file, 'utf8')).slice(0, 20) + '{{ not json';
    await writeFile(file, corrupt);
    await expect(openStore(dir)).rejects.toThrow(/all\.json: filen är inte giltig JSON/);
    expect(await readFile(file, 'utf8')).toBe(corrupt);
  });

  it('refuses an unknown schema version and an invalid record, naming the file', async () => {
    const dir = await tempDir();
    await (await openStore(dir)).close();
    const file = path.join(dir, 'profiles', 'all.json');
    await writeFile(file, JSON.stringify({ collection: 'profiles', schemaVersion: 99, records: [] }));
    await expect(openStore(dir)).rejects.toThrow(/okänd schemaversion 99/);
    await writeFile(file, JSON.stringify({ collection: 'profiles', schemaVersion: 1, records: [{ id: 'u', version: 1 }] }));
    await expect(openStore(dir)).rejects.toBeInstanceOf(StoreLoadError);
    await expect(openStore(dir)).rejects.toThrow(/post 0 är ogiltig \(updatedAt/);
  });

  it('runs migrations from older schema versions on load, and refuses when one is missing', async () => {
    const dir = await tempDir();
    const folder = path.join(dir, 'profiles');
    await LowdbCollection.open(profileSpec, dir, new WriteQueue());
    await writeFile(
      path.join(folder, 'old.json'),
      JSON.stringify({
        collection: 'profiles',
        schemaVersion: 0,
        records: [{ id: 'o1', version: 3, changed: '2020-01-01T00:00:00.000Z' }],
      }),
    );
    await expect(LowdbCollection.open(profileSpec, dir, new WriteQueue())).rejects.toThrow(/ingen migrering från schemaversion 0/);
    const migrating = { ...profileSpec, migrations: { 0: (r: Record<string, unknown>) => ({ ...r, updatedAt: r['changed'] }) } };
    const c = await LowdbCollection.open(migrating, dir, new WriteQueue());
    expect(c.get('o1')).toMatchObject({ version: 3, updatedAt: '2020-01-01T00:00:00.000Z' });
  });
});

describe('the lowdb store journal (openStore)', () => {
  const profile = (id: string, unit?: string) => ({ id, ...(unit ? { unit } : {}), updatedAt: '2026-11-01T08:00:00.000Z' });
  const journal = (dir: string) => readFile(path.join(dir, 'journal.jsonl'), 'utf8').catch(() => '');

  it('acknowledges a write once its change is in the journal, without rewriting the partition', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    await s.profiles.putMany(Array.from({ length: 500 }, (_, i) => profile(`u${i}`, 'boras')));
    await s.close();
    const file = path.join(dir, 'profiles', 'all.json');
    const before = await stat(file);
    const reopened = await openStore(dir);
    await reopened.profiles.put(profile('u500', 'ale'), { expectedVersion: 0 });
    // The 500 records already on disk are not written again: the journal holds one line.
    expect((await stat(file)).ino).toBe(before.ino);
    expect((await journal(dir)).trim().split('\n')).toHaveLength(1);
    expect(await journal(dir)).toContain('"u500"');
    await reopened.close();
    // Closing brings the partitions up to date and empties the journal.
    expect(JSON.parse(await readFile(file, 'utf8')).records).toHaveLength(501);
    expect(await journal(dir)).toBe('');
  });

  it('writes the partitions and empties the journal once it passes its size', async () => {
    const dir = await tempDir();
    const queue = new WriteQueue();
    const c = await LowdbCollection.open(profileSpec, dir, queue, new Journal(dir, queue, 2_000));
    for (let i = 0; i < 30; i++) await c.put(profile(`a${i}`, 'boras'));
    await queue.drain();
    // About 100 bytes a line: compacted once past 2 000, so the journal holds the lines since.
    expect((await journal(dir)).length).toBeLessThanOrEqual(2_200);
    expect((await journal(dir)).length).toBeGreaterThan(0);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'profiles', 'a.json'), 'utf8')).records as unknown[];
    expect(onDisk.length).toBeGreaterThan(15);
    expect(onDisk.length).toBeLessThan(30);
  });

  it('rejects the changes of a journal write that fails and keeps none of them', async () => {
    const dir = await tempDir();
    const queue = new WriteQueue();
    // The journal's place is taken by a folder: the append fails.
    await mkdir(path.join(dir, 'journal.jsonl'));
    const c = await LowdbCollection.open(profileSpec, dir, queue, new Journal(dir, queue));
    const results = await Promise.allSettled([c.put(profile('b1')), c.put(profile('b2'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(c.get('b1')).toBeUndefined();
    await queue.drain();
    expect(queue.lastError).toBeDefined();
    expect(await readdir(path.join(dir, 'profiles'))).toEqual([]);
  });

  it('replays a journal a crash left, dropping a torn last line, then compacts', async () => {
    const dir = await tempDir();
    await (await openStore(dir)).close();
    const line = (id: string, version: number, r: unknown) =>
      `${JSON.stringify({ c: 'profiles', k: 'all', id, v: 1, r: r === null ? null : { ...(r as object), id, version } })}\n`;
    await writeFile(
      path.join(dir, 'journal.jsonl'),
      line('j1', 1, profile('j1', 'ale')) +
        line('j2', 1, profile('j2')) +
        line('j1', 2, profile('j1', 'boras')) +
        line('j2', 2, null) +
        '{"c":"prof',
    );
    const s = await openStore(dir);
    expect(s.profiles.get('j1')).toMatchObject({ unit: 'boras', version: 2 });
    expect(s.profiles.get('j2')).toBeUndefined();
    expect(await journal(dir)).toBe('');
    expect(JSON.parse(await readFile(path.join(dir, 'profiles', 'all.json'), 'utf8')).records).toEqual([s.profiles.get('j1')]);
    await s.close();
  });

  it('refuses a journal with a bad line before its end and leaves every file untouched', async () => {
    const dir = await tempDir();
    const s = await openStore(dir);
    await s.profiles.put(profile('u0'));
    await s.close();
    const text =
      `${JSON.stringify({ c: 'profiles', k: 'all', id: 'j1', v: 1, r: { id: 'j1', version: 1 } })}\n` +
      `${JSON.stringify({ c: 'profiles', k: 'all', id: 'j2', v: 1, r: { ...profile('j2'), version: 1 } })}\n`;
    await writeFile(path.join(dir, 'journal.jsonl'), text);
    const partition = await readFile(path.join(dir, 'profiles', 'all.json'), 'utf8');
    await expect(openStore(dir)).rejects.toThrow(/journal\.jsonl: rad 1 är ogiltig \(updatedAt/);
    await writeFile(path.join(dir, 'journal.jsonl'), `{"c":\n${text}`);
    await expect(openStore(dir)).rejects.toThrow(/journal\.jsonl: rad 1 är inte giltig JSON/);
    expect(await journal(dir)).toBe(`{"c":\n${text}`);
    expect(await readFile(path.join(dir, 'profiles', 'all.json'), 'utf8')).toBe(partition);
  });
});
