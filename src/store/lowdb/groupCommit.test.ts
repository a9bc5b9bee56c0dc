// Group commit on its own, with a target that records writes and can be held or failed (the
// store's conformance suite covers it through the collection; these pin its bookkeeping).
import { describe, expect, it } from 'vitest';
import { GroupCommit, WriteQueue, type CommitTarget } from './groupCommit.js';

interface Rec {
  id: string;
  version: number;
  n: number;
}

function setup() {
  const committed = new Map<string, Rec | undefined>();
  const writes: string[][] = [];
  let hold: Promise<void> | undefined;
  let failNext = false;
  const target: CommitTarget<Rec> = {
    current: (id) => committed.get(id),
    write: async (_key, staged) => {
      writes.push([...staged.keys()]);
      await hold;
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
    },
    committed: (_key, staged) => {
      for (const [id, r] of staged) committed.set(id, r);
    },
  };
  const queue = new WriteQueue();
  const gc = new GroupCommit<Rec>(queue, target);
  const bump =
    (by = 1) =>
    (r: Rec | undefined) => ({ id: r?.id ?? 'a', version: (r?.version ?? 0) + 1, n: (r?.n ?? 0) + by });
  let release = () => {};
  return {
    gc,
    queue,
    committed,
    writes,
    bump,
    holdWrites: () => (hold = new Promise<void>((r) => (release = r))),
    release: () => release(),
    failNext: () => (failNext = true),
  };
}

/** The bookkeeping after a write settles its callers runs a few microtasks later. */
const settled = () => new Promise((r) => setImmediate(r));

describe('group commit', () => {
  it('is busy from staging until the last write holding the partition’s changes settles', async () => {
    const t = setup();
    expect(t.gc.busy('2026-11')).toBe(false);
    t.holdWrites();
    const first = t.gc.stage('2026-11', 'a', t.bump());
    expect(t.gc.busy('2026-11')).toBe(true);
    await settled();
    // Staged while the first write is in flight: a second batch for the same partition.
    const second = t.gc.stage('2026-11', 'b', t.bump());
    expect(t.gc.keyOf('b')).toBe('2026-11');
    t.release();
    await first;
    expect(t.gc.busy('2026-11')).toBe(true);
    await second;
    await settled();
    expect(t.gc.busy('2026-11')).toBe(false);
    expect(t.gc.busy('2026-12')).toBe(false);
  });

  it('writes a batch once, each change checked against the one before it, and forgets where settled records went', async () => {
    const t = setup();
    const results = await Promise.all([t.gc.stage('k', 'a', t.bump()), t.gc.stage('k', 'a', t.bump(10)), t.gc.stage('k', 'b', t.bump())]);
    expect(t.writes).toEqual([['a', 'b']]);
    expect(results.map((r) => r?.n)).toEqual([1, 11, 1]);
    expect(t.committed.get('a')).toMatchObject({ version: 2, n: 11 });
    expect(t.gc.keyOf('a')).toBeUndefined();
  });

  it('keeps the partition of a record that has another change waiting, after its first write', async () => {
    const t = setup();
    t.holdWrites();
    const first = t.gc.stage('k', 'a', t.bump());
    await settled();
    const again = t.gc.stage('k', 'a', t.bump());
    t.release();
    await first;
    expect(t.gc.keyOf('a')).toBe('k');
    await again;
    expect(t.gc.keyOf('a')).toBeUndefined();
  });

  it('writes nothing when every change is refused, and rejects every change of a failed write, keeping none', async () => {
    const t = setup();
    const refuse = () => {
      throw new Error('version');
    };
    await expect(t.gc.stage('k', 'a', refuse)).rejects.toThrow('version');
    expect(t.writes).toEqual([]);
    expect(t.gc.busy('k')).toBe(false);
    t.failNext();
    const both = [t.gc.stage('k', 'a', t.bump()), t.gc.stage('k', 'b', t.bump())];
    for (const p of both) await expect(p).rejects.toThrow('disk full');
    await settled();
    expect(t.committed.size).toBe(0);
    expect(t.queue.lastError?.message).toBe('disk full');
    expect(t.gc.busy('k')).toBe(false);
    await t.gc.stage('k', 'a', t.bump());
    await settled();
    expect(t.committed.get('a')?.n).toBe(1);
    expect(t.queue.lastError).toBeUndefined();
  });
});
