import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqliteDriver } from '@mikro-orm/sqlite';
import type { PostgreSqlConnection, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { DeadlockException, type MikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlConnection, EntityManager } from '@mikro-orm/sql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import type { Database, Statement } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { Pool } from 'pg';
import type { DatabaseConfig } from './config.js';
import { ENTITIES } from './entities.js';
import { RegistryEntrySubscriber } from './modules/catalog/registry-entry.subscriber.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { bindParameters } from './sqlite-parameters.js';

export type Orm = MikroORM;
export type Em = EntityManager;

/** Any number: it only has to be the same in every replica of this application. */
const MIGRATION_LOCK = 0x4c6f6f6d;

function baseOptions(): Partial<Options> {
  return {
    entities: ENTITIES,
    subscribers: [new RegistryEntrySubscriber()],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Schema comes from migrations only, never from synchronising entities against a live database.
    ensureDatabase: false,
    allowGlobalContext: false,
    // What the migrations manage by hand (the plugin change log, the data version, counts waiting for publication), outside the entity model.
    schemaGenerator: { skipTables: ['plugin_change', 'registry_meta', 'download_pending'] },
    debug: false,
  };
}

export interface OrmOptions {
  /** Called with every SQL statement the database runs (tests count statements with it). */
  onSql?: (sql: string) => void;
  /** Most connections to open (PostgreSQL). */
  poolSize?: number;
}

/**
 * Opens the database named by the config and brings its schema up to date with the bundled migrations.
 * Each driver is loaded only when configured: the one not used would cost tens of megabytes of memory.
 */
export async function initOrm(db: DatabaseConfig, options: OrmOptions = {}): Promise<Orm> {
  let orm: Orm;
  if (db.kind === 'sqlite') {
    if (db.file !== ':memory:') fs.mkdirSync(path.dirname(db.file), { recursive: true });
    const { MikroORM: SqliteORM } = await import('@mikro-orm/sqlite');
    orm = (await SqliteORM.init({
      ...baseOptions(),
      dbName: db.file,
      driverOptions: options.onSql ? { verbose: options.onSql } : {},
      migrations: { migrationsList: SQLITE_MIGRATIONS, transactional: true, snapshot: false, silent: true },
    } as Options<SqliteDriver>)) as unknown as Orm;
    bindParameters(orm.em.getConnection() as unknown as AbstractSqlConnection);
    const native = await sqliteClient(orm);
    keepPreparedStatements(native);
    // first, so that switching to WAL waits for another process opening the same new file
    native.pragma('busy_timeout = 5000');
    // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode. The switch
    // needs the file to itself, and SQLite may refuse it at once (SQLITE_BUSY, no busy wait) while another process is
    // switching or migrating the same new file: seen with three processes on a loaded machine.
    if (db.file !== ':memory:') await retryLostRace(() => native.pragma('journal_mode = WAL'));
    native.pragma('synchronous = NORMAL');
    await retryLostRace(() => orm.migrator.up());
  } else {
    const onSql = options.onSql;
    const { MikroORM: PostgresORM } = await import('@mikro-orm/postgresql');
    orm = (await PostgresORM.init({
      ...baseOptions(),
      clientUrl: postgresUrl(db.url),
      pool: { min: 0, max: options.poolSize ?? 10 },
      // Every statement MikroORM sends, the search index's and the data version's included, passes here.
      ...(onSql ? { onQuery: (sql: string) => (onSql(sql), sql) } : {}),
      migrations: { migrationsList: POSTGRESQL_MIGRATIONS, transactional: true, snapshot: false, silent: true },
    } as Options<PostgreSqlDriver>)) as unknown as Orm;
    try {
      await migrateLocked(orm);
    } catch (err) {
      await orm.close();
      throw err;
    }
  }
  return orm;
}

/** Runs of a transaction that met a deadlock or a serialization failure, the first included. */
const CONFLICT_ATTEMPTS = 5;
/** PostgreSQL's "try again" codes: serialization_failure, deadlock_detected (MikroORM turns both into DeadlockException). */
const CONFLICT_CODES = new Set(['40001', '40P01']);

/**
 * Runs `work` (a whole transaction) again when PostgreSQL aborted it for a deadlock or a serialization failure,
 * after a short random pause so the rivals do not meet again at once.
 */
export async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const conflict = err instanceof DeadlockException || CONFLICT_CODES.has((err as { code?: string }).code ?? '');
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** `em.transactional(work)`, run again on a deadlock or serialization failure. */
export function transactional<T>(em: Em, work: (tx: Em) => Promise<T>): Promise<T> {
  return retryConflicts(() => em.transactional((tx) => work(tx as Em)));
}

/** Distinct statements kept prepared: with values bound (sqlite-parameters.ts), the ORM's query shapes number in the dozens, and a list of n ids is one shape per n. */
const KEPT_STATEMENTS = 1000;

/**
 * MikroORM's SQLite driver (through Kysely) prepares every statement anew, which cost a tenth of an uncached
 * GraphQL request's CPU: keep prepared statements by SQL text instead. A better-sqlite3 statement is reusable
 * once it has run; one still being iterated is busy and a fresh one is prepared. Modes a caller may have set
 * (pluck, expand, raw) are reset, so every caller gets the plain statement `prepare` would have returned.
 */
function keepPreparedStatements(db: Database): void {
  const prepare = db.prepare.bind(db);
  const kept = new LRUCache<string, Statement>({ max: KEPT_STATEMENTS });
  db.prepare = ((sql: string) => {
    let stmt = kept.get(sql);
    if (!stmt || stmt.busy) {
      stmt = prepare(sql);
      kept.set(sql, stmt);
    } else if (stmt.reader) {
      stmt.pluck(false).expand(false).raw(false);
    }
    return stmt;
  }) as Database['prepare'];
}

/**
 * Replicas starting together would each try to apply the same migrations: a session advisory lock,
 * held on its own connection while the migrator works on others, lets one apply them while the rest
 * wait and then find nothing left to do. The lock dies with its session if this process does.
 */
async function migrateLocked(orm: Orm): Promise<void> {
  const client = await (await postgresPool(orm)).connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await orm.migrator.up();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** How long a process waits for another one migrating the same SQLite file before it gives up. */
const SQLITE_MIGRATION_WAIT_MS = 30_000;

/** What SQLite says when another connection migrates the same file at the same moment. */
function lostMigrationRace(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /database is locked|SQLITE_BUSY|already exists/i.test(message) || (err as { name?: string }).name === 'LockWaitTimeoutException';
}

/**
 * Two processes opening one new SQLite file at once (`npm start` beside `npm run admin`, say) would both switch it to
 * WAL and apply the migrations: one meets the other's lock, or a table the other has just created. SQLite has no
 * advisory lock to wait on, and a transaction that read before the other committed cannot write, so the loser starts
 * over once the winner is done: its next attempt finds what the winner did and does the rest, if anything.
 */
async function retryLostRace<T>(work: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_MIGRATION_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!lostMigrationRace(err) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
    }
  }
}

/**
 * The URL with a user name: like psql, a URL without one means PGUSER or the operating-system user
 * (the `pg` driver would send none when USER is unset, as in many containers).
 */
export function postgresUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username) return url;
  parsed.username = encodeURIComponent(process.env.PGUSER || os.userInfo().username);
  return parsed.toString();
}

/** better-sqlite3's handle, for prepared statements the hot paths reuse. */
export async function sqliteClient(orm: Orm): Promise<Database> {
  return (orm.em.getConnection() as unknown as { getNativeClient(): Promise<Database> }).getNativeClient();
}

/** The `pg` pool MikroORM runs on (for pool metrics and the migration lock). */
export async function postgresPool(orm: Orm): Promise<Pool> {
  return (orm.em.getConnection() as unknown as PostgreSqlConnection).getNativeClient() as Promise<Pool>;
}
