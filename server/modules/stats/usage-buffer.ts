import type { Logger } from 'pino';
import type { Em, Orm } from '../../orm.js';
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
}

const CHUNK = 400;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * Upserts rows of a rollup table, adding the given counts to what is stored (one statement per chunk;
 * `on conflict … do update` works alike on SQLite and PostgreSQL). Table and column names are constants.
 */
async function addCounts(tx: Em, table: string, keys: string[], counts: string[], rows: [string[], number[]][]): Promise<void> {
  const placeholders = `(${[...keys, ...counts].map(() => '?').join(', ')})`;
  const add = counts.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
  for (const part of chunks(rows)) {
    await tx.execute(
      `insert into ${table} (${[...keys, ...counts].join(', ')}) values ${part.map(() => placeholders).join(', ')}
       on conflict (${keys.join(', ')}) do update set ${add}`,
      part.flatMap(([k, c]) => [...k, ...c]),
    );
  }
}

function tally<K extends string>(map: Map<K, number>, key: K, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/**
 * Download and telemetry events wait here and are written in batches (every `flushMs`, or at `maxBatch`
 * events), one transaction per batch: de-duplication rows, daily rollups, countries and plugin totals,
 * all with upserts that add to what is stored. Counting never waits on the database, `close()` writes
 * everything, and a crash loses at most the events of one flush window.
 */
export class UsageBuffer {
  private downloads: DownloadEvent[] = [];
  private telemetry: TelemetryEvent[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private prunedThrough = '';

  constructor(
    private readonly orm: Orm,
    private readonly settings: BufferSettings,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.flushMs);
    this.timer.unref();
  }

  get pending(): number {
    return this.downloads.length + this.telemetry.length;
  }

  download(event: DownloadEvent): void {
    this.downloads.push(event);
    if (this.pending >= this.settings.maxBatch) void this.flush();
  }

  report(event: TelemetryEvent): void {
    this.telemetry.push(event);
    if (this.pending >= this.settings.maxBatch) void this.flush();
  }

  /** Writes what is buffered; flushes run one after another. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write()).catch((err) => this.log.error({ err }, 'writing download counts failed'));
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    const downloads = this.downloads;
    const telemetry = this.telemetry;
    if (downloads.length === 0 && telemetry.length === 0) return;
    this.downloads = [];
    this.telemetry = [];
    try {
      await this.orm.em.fork().transactional((tx) => this.persist(tx as Em, downloads, telemetry));
    } catch (err) {
      // keep the events for the next flush rather than lose them
      this.downloads.unshift(...downloads);
      this.telemetry.unshift(...telemetry);
      throw err;
    }
  }

  private async persist(tx: Em, downloads: DownloadEvent[], telemetry: TelemetryEvent[]): Promise<void> {
    // 1. de-duplicate: only rows new to download_seen count
    const counted: DownloadEvent[] = [];
    const byKey = new Map(downloads.map((e) => [`${e.pluginId}\n${e.version}\n${e.day}\n${e.client}`, e]));
    for (const part of chunks([...byKey.values()])) {
      const inserted = await tx.execute<{ plugin_id: string; version: string; day: string; client: string }[]>(
        `insert into download_seen (plugin_id, version, day, client) values ${part.map(() => '(?, ?, ?, ?)').join(', ')}
         on conflict do nothing returning plugin_id, version, day, client`,
        part.flatMap((e) => [e.pluginId, e.version, e.day, e.client]),
      );
      for (const row of inserted) counted.push(byKey.get(`${row.plugin_id}\n${row.version}\n${row.day}\n${row.client}`)!);
    }

    // 2. add to the rollups and totals
    const perVersionDay = new Map<string, number>();
    const perCountryDay = new Map<string, number>();
    const perPlugin = new Map<string, number>();
    for (const e of counted) {
      tally(perVersionDay, `${e.pluginId}\n${e.version}\n${e.day}`);
      tally(perCountryDay, `${e.pluginId}\n${e.day}\n${e.country}`);
      tally(perPlugin, e.pluginId);
    }
    await addCounts(tx, 'download_daily', ['plugin_id', 'version', 'day'], ['count'], [...perVersionDay].map(([key, n]) => [key.split('\n'), [n]]));
    await addCounts(tx, 'download_country_daily', ['plugin_id', 'day', 'country'], ['count'], [...perCountryDay].map(([key, n]) => [key.split('\n'), [n]]));
    for (const [pluginId, n] of perPlugin) await tx.execute('update plugin set downloads = downloads + ? where id = ?', [n, pluginId]);

    // 3. telemetry sums
    const perTelemetry = new Map<string, { requests: number; errors: number }>();
    for (const e of telemetry) {
      const key = `${e.pluginId}\n${e.version}\n${e.day}`;
      const sum = perTelemetry.get(key) ?? { requests: 0, errors: 0 };
      sum.requests += e.requests;
      sum.errors += e.errors;
      perTelemetry.set(key, sum);
    }
    await addCounts(tx, 'telemetry_daily', ['plugin_id', 'version', 'day'], ['requests', 'errors'], [...perTelemetry].map(([key, sum]) => [key.split('\n'), [sum.requests, sum.errors]]));

    // 4. yesterday's de-duplication rows are the oldest still needed
    const keepFrom = daysBefore(1);
    if (this.prunedThrough !== keepFrom) {
      await tx.execute('delete from download_seen where day < ?', [keepFrom]);
      this.prunedThrough = keepFrom;
    }
  }
}
