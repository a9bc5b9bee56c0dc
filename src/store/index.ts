// The store as the bot sees it: the collections the capabilities declare, each behind one of
// two contracts (contract.ts), opened by an implementation that knows nothing of the domain.
// The store imports no capability; src/collections.ts assembles the declarations.
import type { CollectionSpec, LazyRecordStore, LazySpec, RecordStore, Versioned } from './contract.js';
import { MemoryLazyStore, MemoryRecordStore } from './memory.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table of specs of any record type
export type Specs = Record<string, CollectionSpec<any>>;

interface StoreControl {
  /** True while the store can be read and written and the last write succeeded. */
  healthy(): Promise<boolean>;
  /** Waits for queued writes to finish and lets go of the store (graceful shutdown). */
  close(): Promise<void>;
}

export type StoresOf<S extends Specs> = {
  [K in keyof S]: S[K] extends LazySpec<infer T> ? LazyRecordStore<T> : S[K] extends CollectionSpec<infer T> ? RecordStore<T> : never;
} & StoreControl;

/** The same collections in memory, for capability unit tests. */
export function memoryStores<S extends Specs>(specs: S): StoresOf<S> {
  const entries = Object.entries(specs).map(([key, spec]) => {
    const lazy = (spec as LazySpec<Versioned>).lazy === true;
    return [key, lazy ? new MemoryLazyStore(spec.name, spec.partition) : new MemoryRecordStore(spec.name, spec.schema)] as const;
  });
  return { ...(Object.fromEntries(entries) as object), healthy: async () => true, close: async () => undefined } as StoresOf<S>;
}
