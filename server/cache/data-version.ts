import type { Statement } from 'better-sqlite3';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../config.js';
import { postgresUrl, sqliteClient, type Orm } from '../orm.js';

/**
 * The data version: a counter in `registry_meta` that database triggers bump on every write to what the
 * public reads. Response caches and ETags are keyed by it, so they follow writes from any process. Download
 * counts move it only when they are published, once per counts refresh (see usage-buffer.ts).
 */
export interface DataVersion {
  current(): Promise<number>;
  /** The counter when it is known without waiting for the database, else undefined. */
  peek(): number | undefined;
  close(): Promise<void>;
}

/** A counter in `registry_meta` that triggers bump, and the channel PostgreSQL's triggers NOTIFY on. */
export interface Counter {
  key: string;
  channel: string;
}

/** What the public reads (migrations 0001 and 0007). */
export const DATA_VERSION: Counter = { key: 'data_version', channel: 'registry_data_version' };
/** Who may sign in with which key: bumped by revoking a key, changing its scopes or expiry, changing a user (migration 0019). */
export const AUTH_VERSION: Counter = { key: 'auth_version', channel: 'registry_auth_version' };

/** The counter's value on SQLite (one row). */
export const read = (counter: Counter) => `select value from registry_meta where key = '${counter.key}'`;
/** PostgreSQL keeps a counter in shards, one row per session beside the base row (see migration 0007): its value is their sum. */
const readShards = (counter: Counter) => `select sum(value) as value from registry_meta where key = '${counter.key}' or key like '${counter.key}:%'`;

export async function createDataVersion(orm: Orm, db: DatabaseConfig, log: Logger, counter: Counter = DATA_VERSION): Promise<DataVersion> {
  if (db.kind === 'sqlite') return new SqliteDataVersion(orm, (await sqliteClient(orm)).prepare(read(counter)).pluck());
  const version = new PostgresDataVersion(orm, db.url, log, counter);
  await version.start();
  return version;
}

/** Calls `forget` after every commit through this process's ORM, so a caller reads its own writes at once. */
function forgetOnCommit(orm: Orm, forget: () => void): void {
  orm.em.getEventManager().registerSubscriber({ afterFlush: forget, afterTransactionCommit: forget });
}

/**
 * How long the embedded database's counter is trusted before it is read again. Writes through this process's
 * ORM are seen at once; another process writing the same file (an import, the admin tool) within this time.
 */
const SQLITE_VERSION_FRESH_MS = 100;

/**
 * The counter of the embedded database, read synchronously (a prepared statement, microseconds) and remembered
 * for a moment: at tens of thousands of cached answers a second even microseconds per request are most of the cost.
 */
class SqliteDataVersion implements DataVersion {
  private known: number | undefined;
  private readAt = 0;

  constructor(
    orm: Orm,
    private readonly stmt: Statement,
  ) {
    forgetOnCommit(orm, () => (this.known = undefined));
  }

  peek(): number {
    const now = Date.now();
    if (this.known === undefined || now - this.readAt >= SQLITE_VERSION_FRESH_MS) {
      this.known = this.stmt.get() as number;
      this.readAt = now;
    }
    return this.known;
  }

  async current(): Promise<number> {
    return this.peek();
  }

  async close(): Promise<void> {}
}

const RECONNECT_MS = 1000;

/**
 * Remembers the counter and forgets it when PostgreSQL announces a commit that bumped it (the triggers
 * NOTIFY), so a cached response costs no query. Writes made through this process's ORM are forgotten at
 * once, so a caller reads its own writes; other processes' writes show within one notification's delivery.
 * While the listening connection is down, every call reads the counter from the database.
 */
class PostgresDataVersion implements DataVersion {
  private known: number | undefined;
  /** Bumped by every invalidation: a read that started before one must not be remembered. */
  private generation = 0;
  private listener: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  /** Clients whose loss was handled: one connection reports its end more than once. */
  private readonly gone = new WeakSet<pg.Client>();
  private closed = false;

  constructor(
    private readonly orm: Orm,
    private readonly url: string,
    private readonly log: Logger,
    private readonly counter: Counter,
  ) {
    forgetOnCommit(orm, () => this.forget());
  }

  peek(): number | undefined {
    return this.known;
  }

  async current(): Promise<number> {
    if (this.known !== undefined) return this.known;
    const generation = this.generation;
    const [row] = await this.orm.em.getConnection().execute<{ value: string | number }[]>(readShards(this.counter));
    const value = Number(row.value);
    if (this.listener && generation === this.generation) this.known = value;
    return value;
  }

  async start(): Promise<void> {
    const { Client } = (await import('pg')).default;
    const client = new Client({ connectionString: postgresUrl(this.url) });
    client.on('notification', () => this.forget());
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`listen ${this.counter.channel}`);
    } catch (err) {
      await client.end().catch(() => {});
      this.lost(client, err as Error);
      return;
    }
    if (this.closed) return void (await client.end());
    this.listener = client;
    // whatever was committed while nobody listened
    this.forget();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      this.gone.add(client);
      await client.end();
    }
  }

  private forget(): void {
    this.generation++;
    this.known = undefined;
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.gone.has(client)) return;
    this.gone.add(client);
    if (this.listener === client) this.listener = undefined;
    this.forget();
    if (this.closed) return;
    this.log.warn({ err }, `${this.counter.key}: lost the PostgreSQL LISTEN connection; reading it per request until it is back`);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.start();
    }, RECONNECT_MS);
    this.reconnect.unref();
  }
}
