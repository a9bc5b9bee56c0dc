// A RecordStore on PostgreSQL: the database holds the records (and decides every version and
// unique key), and each instance keeps all of them in memory for the same sync reads and
// indexes the embedded store offers, following the other instances' writes by NOTIFY.
import { createHash } from 'node:crypto';
import { Indexes } from '../indexes.js';
import type { CollectionSpec, Draft, Index, KeysOf, PutOptions, HistoryStore, Tally, TallyIndex, Versioned } from '../contract.js';
import { ConflictError, historyIndex, historyInMemory } from '../contract.js';
import type { ChangeTarget, Database } from './database.js';
import { decode, deleteRow, SELECT_ROWS, writeRow, writeRows, type Row } from './rows.js';

export class PgCollection<T extends Versioned> implements HistoryStore<T>, ChangeTarget {
  readonly name: string;
  private readonly byId = new Map<string, T>();
  private readonly indexes: Indexes<T>;
  /** The indexes the capabilities declared: their keys are written to store_keys with each record. */
  readonly declared = new Map<string, KeysOf<T>>();
  private readonly wanted = new Set<string>();
  private fetching: Promise<void> = Promise.resolve();
  private building: Promise<void> = Promise.resolve();

  private constructor(
    readonly spec: CollectionSpec<T>,
    private readonly db: Database,
  ) {
    this.name = spec.name;
    this.indexes = new Indexes<T>(spec.order);
    db.register(spec.name, this);
    // Every instance holds every record (it follows the others by NOTIFY), old ones too.
    Object.assign(this, historyInMemory(this, spec));
  }
  declare load: HistoryStore<T>['load'];
  declare find: HistoryStore<T>['find'];
  declare count: HistoryStore<T>['count'];
  declare keys: HistoryStore<T>['keys'];
  declare scan: HistoryStore<T>['scan'];
  declare tally: HistoryStore<T>['tally'];

  static async open<T extends Versioned>(spec: CollectionSpec<T>, db: Database): Promise<PgCollection<T>> {
    const col = new PgCollection(spec, db);
    await col.reload();
    return col;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  all(): readonly T[] {
    return [...this.byId.values()];
  }

  index(name: string, keysOf: KeysOf<T>): Index<T> {
    if (!this.declared.has(name)) {
      this.declared.set(name, keysOf);
      this.building = this.building.then(() => this.ensureBuilt(name, keysOf)).catch((err: unknown) => this.db.reportError(err, this.name));
    }
    return this.indexes.define(name, keysOf, () => this.byId.values());
  }

  tallied(tally: Tally<T>): TallyIndex {
    return this.indexes.tally(tally, historyIndex(this.spec, tally.index), () => this.byId.values());
  }

  recount(id: string): void {
    const record = this.byId.get(id);
    if (record) this.indexes.recount(record);
  }

  watch(changed: (id: string) => void): void {
    this.indexes.watch(changed);
  }

  /** Index builds in progress (tests and migrate:store wait for them). */
  built(): Promise<void> {
    return this.building;
  }

  /**
   * The SQL rows of a declared index, built once for its key function (by whichever instance
   * gets there first): records copied in by migrate:store, or keys that changed in a release.
   */
  private async ensureBuilt(name: string, keysOf: KeysOf<T>): Promise<void> {
    const signature = createHash('sha256').update(keysOf.toString()).digest('hex').slice(0, 16);
    const def = await this.db.pool.query<{ signature: string }>(
      'SELECT signature FROM store_index_defs WHERE collection = $1 AND index_name = $2',
      [this.name, name],
    );
    if (def.rows[0]?.signature === signature) return;
    await this.db.exclusive(`index ${this.name} ${name}`, async () => {
      await this.db.pool.query('DELETE FROM store_keys WHERE collection = $1 AND index_name = $2', [this.name, name]);
      // Everything committed before the delete is here after sync: no record's keys are missed.
      await this.db.sync();
      const rows = [...this.byId.values()].flatMap((r) => keysOf(r).map((key) => ({ key, id: r.id })));
      for (let i = 0; i < rows.length; i += 5000) {
        await this.db.pool.query(
          `INSERT INTO store_keys (collection, index_name, key, id)
           SELECT $1, $2, r.key, r.id FROM jsonb_to_recordset($3::jsonb) AS r(key text, id text) ON CONFLICT DO NOTHING`,
          [this.name, name, JSON.stringify(rows.slice(i, i + 5000))],
        );
      }
      await this.db.pool.query(
        `INSERT INTO store_index_defs (collection, index_name, signature) VALUES ($1, $2, $3)
         ON CONFLICT (collection, index_name) DO UPDATE SET signature = EXCLUDED.signature, built_at = now()`,
        [this.name, name, signature],
      );
    });
  }

  keysOf(record: T): (readonly [string, string])[] {
    return [...this.declared].flatMap(([name, keysOf]) => keysOf(record).map((key) => [name, key] as const));
  }

  /** A newer record replaces the one held (a late notification never rolls one back). */
  private apply(id: string, record: T | undefined): void {
    const before = this.byId.get(id);
    if (record && before && before.version >= record.version) return;
    if (record) this.byId.set(id, record);
    else this.byId.delete(id);
    this.indexes.replace(before, record);
  }

  async put(draft: Draft<T>, options?: PutOptions): Promise<T> {
    try {
      const stored = await writeRow(this.db, this.spec, draft, options, this.keysOf({ ...draft, version: 0 } as T));
      this.apply(stored.id, stored);
      return stored;
    } catch (err) {
      // Someone else wrote first: hold what they wrote, so the caller's fresh card shows it.
      if (err instanceof ConflictError) await this.fetch([draft.id]);
      throw err;
    }
  }

  async putMany(drafts: readonly Draft<T>[]): Promise<void> {
    for (const r of await writeRows(this.db, this.spec, drafts, (r) => this.keysOf(r))) this.apply(r.id, r);
  }

  async delete(id: string, options?: PutOptions): Promise<void> {
    try {
      await deleteRow(this.db, this.spec as CollectionSpec<Versioned>, id, options);
      this.apply(id, undefined);
    } catch (err) {
      if (err instanceof ConflictError) await this.fetch([id]);
      throw err;
    }
  }

  /** Reads the named records again (a change another instance made, or a conflict). */
  private async fetch(ids: readonly string[]): Promise<void> {
    const res = await this.db.pool.query<Row>(`${SELECT_ROWS} WHERE collection = $1 AND id = ANY($2)`, [this.name, ids]);
    const found = new Map(res.rows.map((r) => [r.id, decode(this.spec, r)]));
    for (const id of ids) {
      const record = found.get(id);
      this.apply(id, record);
    }
  }

  changed(id: string, version: number): void {
    if (id === '*') {
      this.fetching = this.fetching.then(() => this.reload()).catch((err: unknown) => this.db.reportError(err, this.name));
      return;
    }
    if (version > 0 && (this.byId.get(id)?.version ?? 0) >= version) return;
    this.wanted.add(id);
    // Changes that arrive together are read together.
    this.fetching = this.fetching
      .then(async () => {
        if (!this.wanted.size) return;
        const ids = [...this.wanted];
        this.wanted.clear();
        await this.fetch(ids);
      })
      .catch((err: unknown) => this.db.reportError(err, this.name));
  }

  settled(): Promise<void> {
    return this.fetching;
  }

  async reload(): Promise<void> {
    const res = await this.db.pool.query<Row>(`${SELECT_ROWS} WHERE collection = $1`, [this.name]);
    const seen = new Set<string>();
    for (const row of res.rows) {
      seen.add(row.id);
      const record = decode(this.spec, row);
      const before = this.byId.get(row.id);
      if (before?.version !== record.version) {
        this.byId.set(row.id, record);
        this.indexes.replace(before, record);
      }
    }
    for (const [id, record] of this.byId) {
      if (seen.has(id)) continue;
      this.byId.delete(id);
      this.indexes.replace(record, undefined);
    }
  }
}
