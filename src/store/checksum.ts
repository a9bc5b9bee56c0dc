// What a copy of a store is checked by (migrate:store, backup, restore): each collection's
// record count and a checksum of its records, independent of where and in which order they lie.
import { createHash } from 'node:crypto';
import { everyRecord, loadAll, type CollectionSpec, type HistoryStore, type LazyRecordStore, type Versioned } from './contract.js';

/** The records in a canonical form (keys sorted) hashed in id order: equal records, equal sum. */
export function checksum(records: readonly Versioned[]): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  const hash = createHash('sha256');
  for (const r of [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    hash.update(JSON.stringify(canonical(r))).update('\n');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Every record of a collection, in memory or on disk, lazy or not (copies, exports). Every
 * implementation scans any collection, with a history or not.
 */
export function recordsOf(spec: CollectionSpec<Versioned> & { lazy?: boolean }, store: unknown): Promise<Versioned[]> {
  return spec.lazy ? loadAll(store as LazyRecordStore<Versioned>) : everyRecord(store as HistoryStore<Versioned>);
}
