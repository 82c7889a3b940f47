import type { Logger } from 'pino';
import type { DatabaseConfig } from '../../config.js';
import { postgresUrl, retryConflicts, transactional, type Em, type Orm } from '../../orm.js';
import { daysBefore } from './days.js';

export interface DownloadEvent {
  pluginId: string;
  version: string;
  day: string;
  client: string;
  country: string;
}

export interface TelemetryEvent {
  pluginId: string;
  version: string;
  day: string;
  requests: number;
  errors: number;
}

export interface BufferSettings {
  /** Flush at least this often. */
  flushMs: number;
  /** Flush as soon as this many events wait. */
  maxBatch: number;
  /** Publish flushed counts at most this often, across every process on the database (and at least this often while any wait). */
  publishMs: number;
  /** PostgreSQL: publications of several replicas take turns through an advisory lock. */
  postgres: boolean;
}

const CHUNK = 400;
/** The advisory lock of a publication (PostgreSQL): any number, the same in every replica. */
const PUBLISH_LOCK = 0x4c6f6f6e;

/** One statement of a transaction: `?` placeholders, the rows it returns. */
type Sql = <T>(text: string, params?: unknown[]) => Promise<T[]>;

/** Where flushes write: one transaction of plain statements at a time, run again on a deadlock or serialization failure. */
export interface SqlWriter {
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function ormWriter(orm: Orm): SqlWriter {
  return {
    transaction: (work) => transactional(orm.em.fork() as Em, (tx) => work((text, params = []) => tx.execute(text, params))),
    close: async () => {},
  };
}

/**
 * The writer of flushes: on PostgreSQL a connection of their own, so counting never queues for the request pool
 * behind transactions that wait on each other's row locks (which let flushes fall seconds behind, and a crash lose
 * all of that); on SQLite the ORM's one connection.
 */
export async function usageWriter(orm: Orm, db: DatabaseConfig, log: Logger): Promise<SqlWriter> {
  if (db.kind === 'sqlite') return ormWriter(orm);
  const { Pool } = (await import('pg')).default;
  const pool = new Pool({ connectionString: postgresUrl(db.url), max: 1 });
  pool.on('error', (err) => log.warn({ err }, 'usage counting: lost its PostgreSQL connection; the next flush opens another'));
  return {
    transaction: (work) =>
      retryConflicts(async () => {
        const client = await pool.connect();
        // a connection that cannot even roll back is dropped from the pool, not handed to the next flush
        let broken = false;
        try {
          await client.query('begin');
          const result = await work(async (text, params = []) => {
            let n = 0;
            return (await client.query(text.replace(/\?/g, () => `$${++n}`), params)).rows;
          });
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => (broken = true));
          throw err;
        } finally {
          client.release(broken);
        }
      }),
    close: () => pool.end(),
  };
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Rows in key order: concurrent writers of overlapping keys then lock them in the same order, and never deadlock. */
function sorted<T>(rows: [string, T][]): [string, T][] {
  return rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Upserts rows of a rollup table, adding the given counts to what is stored (one statement per chunk, rows in key
 * order; `on conflict … do update` works alike on SQLite and PostgreSQL). Table and column names are constants.
 */
async function addCounts(sql: Sql, table: string, keys: string[], counts: string[], rows: Map<string, number[]>): Promise<void> {
  const placeholders = `(${[...keys, ...counts].map(() => '?').join(', ')})`;
  const add = counts.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
  for (const part of chunks(sorted([...rows]))) {
    await sql(
      `insert into ${table} (${[...keys, ...counts].join(', ')}) values ${part.map(() => placeholders).join(', ')}
       on conflict (${keys.join(', ')}) do update set ${add}`,
      part.flatMap(([k, c]) => [...k.split('\n'), ...c]),
    );
  }
}

function tally(map: Map<string, number[]>, key: string, n: number[]): void {
  const sum = map.get(key);
  if (sum) n.forEach((v, i) => (sum[i] += v));
  else map.set(key, [...n]);
}

interface PendingRow {
  plugin_id: string;
  version: string;
  day: string;
  country: string;
  count: number | string;
}

/**
 * Download and telemetry events wait here and are written in batches (every `flushMs`, or at `maxBatch` events),
 * one transaction per batch: de-duplication rows, telemetry sums, and the counted downloads appended to
 * `download_pending`. Counting never waits on the database, `close()` writes everything, a flush that fails keeps
 * its events for the next one, and a crash loses at most the events of one flush window.
 *
 * The counts the catalog shows (plugin totals, daily and per-country rollups) move on their own clock: once per
 * `publishMs` one process moves everything pending into them in one transaction, and only that bumps the data
 * version, so between publications every ETag and cached answer stays valid however many installs are counted.
 *
 * No flush locks a row any other writer locks: de-duplication and telemetry rows are written in key order, pending
 * counts only appended, and a publication (one at a time) updates plugins in id order; transactions that still
 * meet a deadlock or serialization failure are run again. Nor does a flush wait for a connection behind the requests
 * (see usageWriter) or for a publication.
 */
export class UsageBuffer {
  private downloads: DownloadEvent[] = [];
  private telemetry: TelemetryEvent[] = [];
  private timer?: NodeJS.Timeout;
  /** Flushes run one after another, and so do publications: each on its own chain, so neither waits for the other. */
  private flushes: Promise<unknown> = Promise.resolve();
  private publications: Promise<unknown> = Promise.resolve();
  /** A flush is queued and has not started: a new event will be in it. */
  private flushQueued = false;
  /** A publication of the clock's is queued or running: the clock adds none. */
  private publishing = false;
  /** Publications go through the ORM, whose commits tell this process's data version at once. */
  private readonly publisher: SqlWriter;
  private lastPublishAttempt = Date.now();
  private prunedThrough = '';
  /** Events in the flush under way. */
  private writing = 0;

  constructor(
    orm: Orm,
    private readonly settings: BufferSettings,
    private readonly log: Logger,
    private readonly writer: SqlWriter = ormWriter(orm),
  ) {
    this.publisher = ormWriter(orm);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.settings.flushMs);
    this.timer.unref();
  }

  /** Events not written yet: waiting, or in a flush under way. */
  get pending(): number {
    return this.waiting + this.writing;
  }

  private get waiting(): number {
    return this.downloads.length + this.telemetry.length;
  }

  download(event: DownloadEvent): void {
    this.downloads.push(event);
    if (this.waiting >= this.settings.maxBatch) void this.flush();
  }

  report(event: TelemetryEvent): void {
    this.telemetry.push(event);
    if (this.waiting >= this.settings.maxBatch) void this.flush();
  }

  /** Writes what is buffered (to the pending counts, the catalog shows them at the next publication). */
  flush(): Promise<void> {
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.flushes = this.flushes
        .then(() => {
          this.flushQueued = false;
          return this.write();
        })
        .catch((err) => this.log.error({ err }, 'writing download counts failed'));
    }
    return this.flushes.then(() => undefined);
  }

  /**
   * Moves the pending counts of every process into what the catalog shows, and bumps the data version once, unless
   * another process published less than `publishMs` ago (`force` publishes anyway). Resolves to whether it did.
   */
  publish(force = false): Promise<boolean> {
    const done = this.publications
      .then(() => this.publisher.transaction((sql) => this.movePending(sql, force)))
      .catch((err) => (this.log.error({ err }, 'publishing download counts failed'), false));
    this.publications = done;
    return done;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.publish(true);
    await this.writer.close();
  }

  private tick(): void {
    void this.flush();
    if (this.publishing || Date.now() - this.lastPublishAttempt < this.settings.publishMs) return;
    this.publishing = true;
    void this.publish().finally(() => (this.publishing = false));
  }

  private async write(): Promise<void> {
    const downloads = this.downloads;
    const telemetry = this.telemetry;
    if (downloads.length === 0 && telemetry.length === 0) return;
    this.downloads = [];
    this.telemetry = [];
    this.writing = downloads.length + telemetry.length;
    try {
      await this.writer.transaction((sql) => this.persist(sql, downloads, telemetry));
    } catch (err) {
      // keep the events for the next flush rather than lose them
      this.downloads.unshift(...downloads);
      this.telemetry.unshift(...telemetry);
      throw err;
    } finally {
      this.writing = 0;
    }
  }

  private async persist(sql: Sql, downloads: DownloadEvent[], telemetry: TelemetryEvent[]): Promise<void> {
    // 1. de-duplicate: only rows new to download_seen count
    const byKey = new Map(downloads.map((e) => [`${e.pluginId}\n${e.version}\n${e.day}\n${e.client}`, e]));
    const perKey = new Map<string, number[]>();
    for (const part of chunks(sorted([...byKey]))) {
      const inserted = await sql<{ plugin_id: string; version: string; day: string; client: string }>(
        `insert into download_seen (plugin_id, version, day, client) values ${part.map(() => '(?, ?, ?, ?)').join(', ')}
         on conflict do nothing returning plugin_id, version, day, client`,
        part.flatMap(([, e]) => [e.pluginId, e.version, e.day, e.client]),
      );
      for (const row of inserted) {
        const e = byKey.get(`${row.plugin_id}\n${row.version}\n${row.day}\n${row.client}`)!;
        tally(perKey, `${e.pluginId}\n${e.version}\n${e.day}\n${e.country}`, [1]);
      }
    }

    // 2. the counted downloads wait for the next publication (appended: no row to lock)
    for (const part of chunks([...perKey])) {
      await sql(
        `insert into download_pending (plugin_id, version, day, country, count) values ${part.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        part.flatMap(([key, [n]]) => [...key.split('\n'), n]),
      );
    }

    // 3. telemetry sums (the author's analytics only, not the catalog)
    const perTelemetry = new Map<string, number[]>();
    for (const e of telemetry) tally(perTelemetry, `${e.pluginId}\n${e.version}\n${e.day}`, [e.requests, e.errors]);
    await addCounts(sql, 'telemetry_daily', ['plugin_id', 'version', 'day'], ['requests', 'errors'], perTelemetry);

    // 4. yesterday's de-duplication rows are the oldest still needed
    const keepFrom = daysBefore(1);
    if (this.prunedThrough !== keepFrom) {
      await sql('delete from download_seen where day < ?', [keepFrom]);
      this.prunedThrough = keepFrom;
    }
  }

  /** One publication, in one transaction: the pending counts into the rollups and totals, plugins in id order. */
  private async movePending(sql: Sql, force: boolean): Promise<boolean> {
    // the clock of the next attempt starts with the one compared below, so that attempt passes the check
    const now = Date.now();
    this.lastPublishAttempt = now;
    if (this.settings.postgres) {
      const [lock] = await sql<{ locked: boolean }>('select pg_try_advisory_xact_lock(?) as locked', [PUBLISH_LOCK]);
      // another replica is publishing right now: what is pending goes with its publication or the next
      if (!lock.locked) return false;
    }
    if (!force) {
      const [last] = await sql<{ value: number | string }>("select value from registry_meta where key = 'counts_published_at'");
      if (now - Number(last.value) < this.settings.publishMs) return false;
    }
    const rows = await sql<PendingRow>('delete from download_pending returning plugin_id, version, day, country, count');
    if (rows.length === 0) return false;
    const perVersionDay = new Map<string, number[]>();
    const perCountryDay = new Map<string, number[]>();
    const perPlugin = new Map<string, number[]>();
    for (const r of rows) {
      const n = [Number(r.count)];
      tally(perVersionDay, `${r.plugin_id}\n${r.version}\n${r.day}`, n);
      tally(perCountryDay, `${r.plugin_id}\n${r.day}\n${r.country}`, n);
      tally(perPlugin, r.plugin_id, n);
    }
    await addCounts(sql, 'download_daily', ['plugin_id', 'version', 'day'], ['count'], perVersionDay);
    await addCounts(sql, 'download_country_daily', ['plugin_id', 'day', 'country'], ['count'], perCountryDay);
    for (const [pluginId, [n]] of sorted([...perPlugin])) await sql('update plugin set downloads = downloads + ? where id = ?', [n, pluginId]);
    await sql("update registry_meta set value = ? where key = 'counts_published_at'", [now]);
    if (this.settings.postgres) await foldEndedSessions(sql);
    return true;
  }
}

/**
 * Folds the data-version shards of sessions that have ended into the base row, in one statement (the sum, the
 * version, stays the same), so the shards number the live sessions rather than every session there ever was.
 */
async function foldEndedSessions(sql: Sql): Promise<void> {
  await sql(`with ended as (
      delete from registry_meta where key like 'data_version:%' and substr(key, 14)::int not in (select pid from pg_stat_activity) returning value
    )
    update registry_meta set value = value + (select coalesce(sum(value), 0) from ended) where key = 'data_version'`);
}
