import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod/v4';
import { DurableJsonFile, nodeFs, removeTempFiles, type DurableFs } from './durableFile.js';
import { PartitionFile } from './partitionFile.js';

const json = { parse: (s: string) => JSON.parse(s) as unknown, stringify: (d: unknown) => JSON.stringify(d) };

describe('a durable write', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'durable-'));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('fsyncs the temp file, renames it over the file, then fsyncs the folder, in that order', async () => {
    const calls: string[] = [];
    const fs: DurableFs = {
      writeSynced: async (file, text) => {
        calls.push(`write+fsync ${path.basename(file)}`);
        await nodeFs.writeSynced(file, text);
      },
      rename: async (from, to) => {
        calls.push(`rename ${path.basename(from)} -> ${path.basename(to)}`);
        await nodeFs.rename(from, to);
      },
      syncDir: async (d) => {
        calls.push(`fsync dir ${d === dir}`);
        await nodeFs.syncDir(d);
      },
    };
    const file = path.join(dir, '2026-11.json');
    await new DurableJsonFile(file, json, fs).write({ a: 1 });
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(/^write\+fsync \.2026-11\.json\.\d+\.\d+\.tmp$/);
    expect(calls[1]).toMatch(/^rename \.2026-11\.json\.\d+\.\d+\.tmp -> 2026-11\.json$/);
    expect(calls[2]).toBe('fsync dir true');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ a: 1 });
    expect(await readdir(dir)).toEqual(['2026-11.json']);
  });

  it('rejects and leaves the old file and no temp file when the rename fails', async () => {
    const file = path.join(dir, 'x.json');
    await writeFile(file, '{"old":true}');
    const failing: DurableFs = { ...nodeFs, rename: async () => Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) };
    await expect(new DurableJsonFile(file, json, failing).write({ new: true })).rejects.toThrow('disk full');
    expect(await readFile(file, 'utf8')).toBe('{"old":true}');
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it('is what every partition file of the store writes with', async () => {
    const syncDir = vi.spyOn(nodeFs, 'syncDir');
    const writeSynced = vi.spyOn(nodeFs, 'writeSynced');
    const spec = { name: 'things', schema: z.object({ id: z.string(), version: z.number() }), partition: () => 'all' };
    const partition = new PartitionFile(spec, PartitionFile.path(dir, 'all'));
    await partition.write(new Map([['a', { id: 'a', version: 1 }]]));
    expect(writeSynced).toHaveBeenCalledOnce();
    expect(syncDir).toHaveBeenCalledWith(dir);
  });

  it('clears temp files a crash left, and only those', async () => {
    await writeFile(path.join(dir, '.2026-11.json.tmp'), 'half');
    await writeFile(path.join(dir, '.2026-11.json.123.4.tmp'), 'half');
    await writeFile(path.join(dir, '2026-11.json'), '{}');
    expect((await removeTempFiles(dir)).sort()).toEqual(['.2026-11.json.123.4.tmp', '.2026-11.json.tmp']);
    expect(await readdir(dir)).toEqual(['2026-11.json']);
  });
});
