// What core asks of a collection it is handed. The store's RecordStore (store/contract.ts) gives
// this and more; declared here so that core imports no store: the composition root wires them.

/** A stored record: an id, and the version the store bumps on each write. */
interface Versioned {
  id: string;
  version: number;
}

/** The records under one key of an index. */
export interface Keyed<T> {
  get(key: string): readonly T[];
}

export interface Records<T extends Versioned> {
  get(id: string): T | undefined;
  all(): readonly T[];
  /** Writes durably; `expectedVersion` 0 means "must not exist yet". */
  put(record: Omit<T, 'version'>, options?: { expectedVersion?: number }): Promise<T>;
  index(name: string, keysOf: (record: T) => readonly string[]): Keyed<T>;
}
