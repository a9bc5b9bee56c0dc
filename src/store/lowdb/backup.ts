// A backup of the embedded store is a data folder of its own: every collection's records as
// partition files in the layout openLowdb reads, and manifest.json, written last, with each
// collection's count and checksum (a folder without it is an unfinished backup). The process
// holding the store makes it between two writes, so it holds exactly what was acknowledged
// before it began; a restore puts it in place of an empty store and checks it through the store.
import { randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod/v4';
import { checksum } from '../checksum.js';
import { schemaVersion, type Versioned } from '../contract.js';
import type { Specs } from '../index.js';
import { nodeFs, syncDir } from './durableFile.js';
import { envelopeText, partitionKeys } from './partitionFile.js';
import { JOURNAL_FILE } from './journal.js';

const MANIFEST = 'manifest.json';

const Tally = z.object({ schemaVersion: z.number().int().positive(), count: z.number().int().nonnegative(), checksum: z.string() });
export const Manifest = z.object({
  format: z.literal(1),
  createdAt: z.iso.datetime(),
  collections: z.record(z.string(), Tally),
});
export type Manifest = z.infer<typeof Manifest>;

/** A backup or restore refused, in words for the operator who ran it. */
export class BackupError extends Error {}

/** A folder's entries; a folder that is not there has none. */
const entries = (dir: string): Promise<string[]> =>
  readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });

/**
 * Writes every collection's records (records(key) gives them, lazy or not) into `to`, which must
 * be new or empty. Called on the store's write queue: no write lands while it runs.
 */
export async function writeBackup(
  specs: Specs,
  records: (key: string) => Promise<readonly Versioned[]>,
  to: string,
  now: Date,
): Promise<Manifest> {
  if ((await entries(to)).length > 0) throw new BackupError(`${to} finns redan och är inte tom: välj en ny mapp för säkerhetskopian.`);
  const manifest: Manifest = { format: 1, createdAt: now.toISOString(), collections: {} };
  for (const [key, spec] of Object.entries(specs)) {
    const all = await records(key);
    const dir = path.join(to, spec.name);
    await mkdir(dir, { recursive: true });
    const partitions = new Map<string, Versioned[]>();
    for (const r of all) partitions.set(spec.partition(r), [...(partitions.get(spec.partition(r)) ?? []), r]);
    for (const [partition, held] of partitions)
      await nodeFs.writeSynced(
        path.join(dir, `${partition}.json`),
        envelopeText({ collection: spec.name, schemaVersion: schemaVersion(spec), generation: randomUUID(), records: held }),
      );
    await syncDir(dir);
    manifest.collections[spec.name] = { schemaVersion: schemaVersion(spec), count: all.length, checksum: checksum(all) };
  }
  await nodeFs.writeSynced(path.join(to, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await syncDir(to);
  return manifest;
}

/** The manifest of a finished backup of these collections; throws BackupError otherwise. */
export async function readManifest(specs: Specs, from: string): Promise<Manifest> {
  const text = await readFile(path.join(from, MANIFEST), 'utf8').catch(() => {
    throw new BackupError(`${from} har ingen ${MANIFEST}: säkerhetskopian blev inte klar, eller mappen är ingen säkerhetskopia.`);
  });
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(text));
  } catch (e) {
    throw new BackupError(`${path.join(from, MANIFEST)} går inte att läsa (${(e as Error).message.split('\n')[0]}).`);
  }
  const names = new Set(Object.values(specs).map((s) => s.name));
  const extra = Object.keys(manifest.collections).filter((n) => !names.has(n));
  const missing = [...names].filter((n) => !(n in manifest.collections));
  if (extra.length || missing.length)
    throw new BackupError(
      `${from} hör till en annan version av boten (okända samlingar: ${extra.join(', ') || 'inga'}; saknade: ${missing.join(', ') || 'inga'}).`,
    );
  return manifest;
}

/** Refuses a data folder that holds any record or journal: a restore never overwrites. */
export async function assertEmpty(specs: Specs, dataDir: string): Promise<void> {
  const held: string[] = [];
  for (const spec of Object.values(specs))
    if ((await entries(path.join(dataDir, spec.name))).some((f) => f.endsWith('.json'))) held.push(spec.name);
  // A store closed cleanly leaves an empty journal; one with lines holds unwritten records.
  if ((await stat(path.join(dataDir, JOURNAL_FILE)).catch(() => undefined))?.size) held.push(JOURNAL_FILE);
  if (held.length)
    throw new BackupError(`${dataDir} är inte tom (${held.join(', ')}): återställ till en tom mapp, aldrig över en lagring i bruk.`);
}

/** Copies a backup's partition files into an empty data folder (its lock held by the caller). */
export async function copyBackup(specs: Specs, from: string, dataDir: string): Promise<void> {
  for (const spec of Object.values(specs)) {
    const dir = path.join(dataDir, spec.name);
    await mkdir(dir, { recursive: true });
    for (const key of await partitionKeys(path.join(from, spec.name)).catch(() => []))
      await cp(path.join(from, spec.name, `${key}.json`), path.join(dir, `${key}.json`));
    await syncDir(dir);
  }
}
