// What every PostgreSQL collection of one process shares: the connection pool, the process's
// name (its origin on every change it writes), and one listening connection that hears the
// changes other instances commit (NOTIFY in store_put) and hands each to its collection, so
// the in-memory reads of every instance follow the database within milliseconds. sync() makes
// that exact: it waits until every change committed before the call has been applied here.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * Runs work on a client taken from the pool and held across awaits. pg-pool listens for errors
 * only on idle clients: a held one whose connection ends (a server restart, an operator's
 * pg_terminate_backend) would emit an unhandled 'error' and end the process. Here the error is
 * heard and logged, the work's own query fails as it would anyway, and the broken client is
 * destroyed on release, never handed out again.
 */
export async function held<R>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, lost: () => boolean) => Promise<R>,
  log?: Pick<Logger, 'warn'>,
): Promise<R> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
    log?.warn({ err }, 'postgres connection lost while held');
  };
  client.on('error', onError);
  try {
    return await work(client, () => broken !== undefined);
  } finally {
    client.off('error', onError);
    // A broken client is destroyed, and what its socket still says is heard by nobody else.
    if (broken) client.on('error', () => undefined);
    client.release(broken);
  }
}

/** The ssl modes pg 8 reads as verify-full (with a many-line warning on stderr that buried our own message). */
const VERIFY_FULL_ALIASES = ['prefer', 'require', 'verify-ca'];

/**
 * The URL as pg 8 reads it, said outright: sslmode=prefer, require or verify-ca become
 * verify-full (what pg does with them today; the server's certificate is checked), unless the
 * operator asked for libpq's meaning (uselibpqcompat=true). The note says what was changed.
 */
function explicitSslMode(url: string): { url: string; note?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  const mode = parsed.searchParams.get('sslmode');
  if (!mode || !VERIFY_FULL_ALIASES.includes(mode) || parsed.searchParams.get('uselibpqcompat') === 'true') return { url };
  parsed.searchParams.set('sslmode', 'verify-full');
  return {
    url: parsed.toString(),
    note: `DATABASE_URL: sslmode=${mode} read as verify-full, as pg 8 does (the server's certificate is checked); write sslmode=verify-full to say so, or uselibpqcompat=true&sslmode=${mode} for libpq's meaning`,
  };
}

/** A collection as the listener sees it. */
export interface ChangeTarget {
  /** Another instance changed a record (version 0: deleted); '*' as id: reload everything. */
  changed(id: string, version: number, partition: string): void;
  /** Every change handed over has been applied (fetches done). */
  settled(): Promise<void>;
  /** Read everything again (after the listener lost its connection and may have missed changes). */
  reload(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /** The instance's name in logs and on its changes. */
  instance: string;
  /** How long opening waits for a database that does not answer yet (0: not at all). */
  startWaitMs?: number;
}

export class Database {
  readonly pool: pg.Pool;
  /** Unique per process start, so an instance ignores its own changes and nobody else's. */
  readonly origin = `${randomUUID().slice(0, 8)}`;
  private listener: pg.Client | undefined;
  private readonly targets = new Map<string, ChangeTarget>();
  private readonly markers = new Map<string, () => void>();
  private closing = false;
  /** True while the listener hears every change and the collections hold what it has handed over. */
  private listening = false;
  private reconnecting: Promise<void> | undefined;
  /** Per schema, so stores in two schemas of one database never hear each other (store_put uses the same name). */
  channel = 'avvikelseboten_store_public';

  private readonly options: DatabaseOptions;

  constructor(
    options: DatabaseOptions,
    private readonly log: Logger,
  ) {
    const ssl = explicitSslMode(options.url);
    if (ssl.note) log.warn(ssl.note);
    this.options = { ...options, url: ssl.url };
    this.pool = new pg.Pool({
      connectionString: this.options.url,
      max: options.poolMax,
      idleTimeoutMillis: options.idleTimeoutMs,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      application_name: `avvikelseboten ${options.instance}`,
    });
    // An idle client's error (the server went away) must not crash the process; the next query reports it.
    this.pool.on('error', (err) => this.log.warn({ err }, 'postgres pool client error'));
    // And every client hears its own errors from birth: pg-pool listens only while a client is idle,
    // and under load one was seen emitting 'error' between owners (a query still gets its error).
    this.pool.on('connect', (client) => client.on('error', (err) => this.log.debug({ err }, 'postgres client error')));
  }

  /** A change could not be read back (the database is away): the reads stay as they were. */
  reportError(err: unknown, collection: string): void {
    this.log.error({ err, collection }, 'postgres: a change could not be read; reads may be stale until the next change');
  }

  register(collection: string, target: ChangeTarget): void {
    this.targets.set(collection, target);
  }

  /** A connection of its own that listens on the schema's channel (never one of the pool's). */
  private async connectListener(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: this.options.connectTimeoutMs });
    client.on('notification', (n) => this.notified(n.payload ?? ''));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      const schema = await client.query<{ s: string }>('SELECT current_schema() AS s');
      this.channel = `avvikelseboten_store_${schema.rows[0]!.s}`;
      await client.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    this.listener = client;
    return client;
  }

  /** At start, before the collections read: nothing committed after this is missed. */
  async listen(): Promise<void> {
    await this.connectListener();
    this.listening = true;
  }

  /**
   * Listens again and reads everything again (changes made meanwhile were not heard); one
   * attempt at a time, shared by the retry loop and the turns that cannot wait for it.
   */
  private reconnect(): Promise<void> {
    this.reconnecting ??= (async () => {
      const client = await this.connectListener();
      for (const t of this.targets.values()) await t.reload();
      if (this.listener !== client) throw new Error('postgres listener lost again while reading');
      this.listening = true;
      this.log.info('postgres listener back; collections reloaded');
    })().finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }

  /**
   * The listener's connection broke: reads may miss changes until it is back. Tried again
   * every second at most (not on a growing back-off: the first turn after the server is back
   * must not wait for it), and by every turn meanwhile (sync()).
   */
  private lost(client: pg.Client, err?: Error): void {
    if (this.listener !== client || this.closing) return;
    this.listener = undefined;
    this.listening = false;
    this.log.warn({ err }, 'postgres listener lost; reconnecting');
    const retry = async (attempt: number): Promise<void> => {
      if (this.closing || this.listening) return;
      try {
        await this.reconnect();
      } catch (e) {
        setTimeout(() => void retry(attempt + 1), Math.min(1_000, 250 * 2 ** attempt)).unref();
        if (attempt === 0) this.log.error({ err: e }, 'postgres listener reconnect failed; retrying');
      }
    };
    void retry(0);
  }

  private notified(payload: string): void {
    // "<origin> <collection> <version> <partition> <id>" or "<origin> sync <marker>".
    const [origin, collection, third, partition, ...rest] = payload.split(' ');
    if (collection === 'sync') {
      if (origin === this.origin) this.markers.get(third ?? '')?.();
      return;
    }
    if (origin === this.origin || !collection) return;
    this.targets.get(collection)?.changed(rest.join(' '), Number(third), partition ?? '');
  }

  /**
   * Waits until every change committed before this call has been applied here: a marker sent
   * on the same channel arrives after them (PostgreSQL delivers in commit order). While the
   * listener is down the reads may be stale: the caller waits for it to listen and read again,
   * or gets the database's error (a turn then answers "try again"). The marker goes on the
   * listener's own connection, so a busy pool never holds up a read-only turn.
   */
  async sync(timeoutMs = 2_000): Promise<void> {
    if (this.closing) return;
    if (!this.listening) await this.reconnect();
    const marker = randomUUID();
    const arrived = new Promise<void>((resolve) => this.markers.set(marker, resolve));
    let timer: NodeJS.Timeout | undefined;
    try {
      await this.listener!.query('SELECT pg_notify($1, $2)', [this.channel, `${this.origin} sync ${marker}`]);
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([arrived, late]);
    } finally {
      clearTimeout(timer);
      this.markers.delete(marker);
    }
    await Promise.all([...this.targets.values()].map((t) => t.settled()));
  }

  async healthy(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return this.listening;
    } catch {
      return false;
    }
  }

  /** The next number of a sequence, at least `floor`: one row per name, raised atomically. */
  async sequence(name: string, floor: number): Promise<number> {
    const res = await this.pool.query<{ value: string }>(
      `INSERT INTO store_sequences (name, value) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET value = GREATEST(store_sequences.value + 1, EXCLUDED.value)
       RETURNING value`,
      [name, floor],
    );
    return Number(res.rows[0]!.value);
  }

  /**
   * Runs the job while holding a session advisory lock named after it, or returns undefined when
   * another session holds it. The lock lives on one connection: if the process dies, PostgreSQL
   * ends the session and lets go, and the next instance to try takes over.
   */
  async exclusive<R>(name: string, job: () => Promise<R>): Promise<R | undefined> {
    return this.held(async (client, lost) => {
      const got = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name]);
      if (!got.rows[0]?.ok) return undefined;
      try {
        return await job();
      } finally {
        // A lost connection already let go of the lock (its session ended): nothing to unlock.
        if (!lost()) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
      }
    });
  }

  /** Work on one client held across awaits (a transaction): see held(). */
  held<R>(work: (client: pg.PoolClient, lost: () => boolean) => Promise<R>): Promise<R> {
    return held(this.pool, work, this.log);
  }

  /** Stops listening and drains the pool (waits for queries in flight); once, however often asked (a second signal). */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
