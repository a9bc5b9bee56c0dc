// The store as the bot sees it: the collections the capabilities declare, each behind one of the
// contracts of contract.ts (the small core, the core with a history, or a collection read one
// partition at a time), opened by an implementation that knows nothing of the domain.
// The store imports no capability; src/collections.ts assembles the declarations.
import type { CollectionSpec, HistoryCollectionSpec, HistoryStore, LazyRecordStore, LazySpec, RecordStore, Versioned } from './contract.js';
import { MemoryLazyStore, MemoryRecordStore } from './memory.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of specs of any record type
export type Specs = Record<string, CollectionSpec<any>>;

export interface StoreControl {
  /** True while the store can be read and written and the last write succeeded. */
  healthy(): Promise<boolean>;
  /** Waits for queued writes to finish and lets go of the store (graceful shutdown). */
  close(): Promise<void>;
  /**
   * Catches up with what other processes wrote (a shared database): after it resolves, every
   * write committed before the call is visible to the sync reads. Embedded stores: nothing to do.
   */
  sync(): Promise<void>;
  /** The next number of a named sequence, at least `floor` (numbers may have gaps, never repeat). */
  sequence(name: string, floor: number): Promise<number>;
  /**
   * Runs a job unless another process (or this one) is running the job of that name; undefined
   * when it was. A process that dies lets go of it (the reminder and retention sweeps).
   */
  exclusive<R>(name: string, job: () => Promise<R>): Promise<R | undefined>;
}

/** sequence() and exclusive() for a store held by one process. */
export function singleProcessControl(): Pick<StoreControl, 'sync' | 'sequence' | 'exclusive'> {
  const counters = new Map<string, number>();
  const running = new Set<string>();
  return {
    sync: async () => undefined,
    sequence: async (name, floor) => {
      const next = Math.max((counters.get(name) ?? 0) + 1, floor);
      counters.set(name, next);
      return next;
    },
    exclusive: async (name, job) => {
      if (running.has(name)) return undefined;
      running.add(name);
      try {
        return await job();
      } finally {
        running.delete(name);
      }
    },
  };
}

export type StoresOf<S extends Specs> = {
  [K in keyof S]: S[K] extends LazySpec<infer T>
    ? LazyRecordStore<T>
    : S[K] extends HistoryCollectionSpec<infer T>
      ? HistoryStore<T>
      : S[K] extends CollectionSpec<infer T>
        ? RecordStore<T>
        : never;
} & StoreControl;

/** The same collections in memory, for capability unit tests. */
export function memoryStores<S extends Specs>(specs: S): StoresOf<S> {
  const entries = Object.entries(specs).map(([key, spec]) => {
    const lazy = (spec as LazySpec<Versioned>).lazy === true;
    return [
      key,
      lazy
        ? new MemoryLazyStore(spec.name, spec.partition)
        : new MemoryRecordStore(spec.name, spec.schema, spec.unique, spec.history, spec.order),
    ] as const;
  });
  return {
    ...(Object.fromEntries(entries) as object),
    healthy: async () => true,
    close: async () => undefined,
    ...singleProcessControl(),
  } as StoresOf<S>;
}
