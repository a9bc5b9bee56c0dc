// Group commit: changes waiting for the same partition are written together in one file write,
// so ten concurrent submits cost one rewrite of their month, not ten. Each change is still
// checked on its own, in arrival order, against the record as the changes before it left it;
// each caller's promise settles only after the write that holds its change, and a failed write
// rejects every change in it and keeps none.
import type { Versioned } from '../contract.js';

/** The record after a change (undefined: deleted); throws to refuse the change. */
export type Apply<T> = (current: T | undefined) => T | undefined;

interface Change<T> {
  id: string;
  apply: Apply<T>;
  resolve: (record: T | undefined) => void;
  reject: (error: unknown) => void;
}

/** Serializes every write of the store; close() waits for the queue to drain. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;
  run<R>(job: () => Promise<R>): Promise<R> {
    const next = this.tail.then(job, job);
    this.tail = next.then(
      () => (this.failed = undefined),
      (e: unknown) => (this.failed = e instanceof Error ? e : new Error(String(e))),
    );
    return next;
  }
  async drain(): Promise<void> {
    await this.tail;
  }
  get lastError(): Error | undefined {
    return this.failed;
  }
}

export interface CommitTarget<T> {
  /** The committed record as it stands now. */
  current(id: string): T | undefined;
  /** Writes the staged records of one partition durably; throws if it could not. */
  write(key: string, staged: ReadonlyMap<string, T | undefined>): Promise<void>;
  /** Called after a successful write, before the callers hear of it. */
  committed(key: string, staged: ReadonlyMap<string, T | undefined>): void;
}

export class GroupCommit<T extends Versioned> {
  private readonly pending = new Map<string, Change<T>[]>();
  /** Where records with a change in flight go (a record's partition never changes). */
  private readonly stagedKey = new Map<string, string>();
  /** Changes per partition from staging until they settle (written or refused). */
  private readonly unsettled = new Map<string, number>();

  constructor(
    private readonly queue: WriteQueue,
    private readonly target: CommitTarget<T>,
  ) {}

  keyOf(id: string): string | undefined {
    return this.stagedKey.get(id);
  }

  /** True while a partition has changes that are staged or being written. */
  busy(key: string): boolean {
    return (this.unsettled.get(key) ?? 0) > 0;
  }

  stage(key: string, id: string, apply: Apply<T>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(key);
      if (!batch) {
        this.pending.set(key, (batch = []));
        // A failed write rejects every change in it; the queue keeps the error for /healthz.
        this.queue.run(() => this.commit(key)).catch(() => undefined);
      }
      batch.push({ id, apply, resolve, reject });
      this.stagedKey.set(id, key);
      this.unsettled.set(key, (this.unsettled.get(key) ?? 0) + 1);
    });
  }

  private async commit(key: string): Promise<void> {
    const batch = this.pending.get(key) ?? [];
    this.pending.delete(key);
    try {
      await this.commitBatch(key, batch);
    } finally {
      const left = (this.unsettled.get(key) ?? 0) - batch.length;
      if (left > 0) this.unsettled.set(key, left);
      else this.unsettled.delete(key);
    }
  }

  private async commitBatch(key: string, batch: Change<T>[]): Promise<void> {
    const staged = new Map<string, T | undefined>();
    const accepted: [Change<T>, T | undefined][] = [];
    for (const change of batch) {
      const current = staged.has(change.id) ? staged.get(change.id) : this.target.current(change.id);
      try {
        const next = change.apply(current);
        staged.set(change.id, next);
        accepted.push([change, next]);
      } catch (e) {
        change.reject(e);
      }
    }
    if (!accepted.length) return;
    try {
      await this.target.write(key, staged);
    } catch (e) {
      for (const [change] of accepted) change.reject(e);
      throw e;
    }
    for (const id of staged.keys()) if (!this.pending.get(key)?.some((c) => c.id === id)) this.stagedKey.delete(id);
    this.target.committed(key, staged);
    for (const [change, record] of accepted) change.resolve(record);
  }
}
