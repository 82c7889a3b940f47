import type { Database, Statement } from 'better-sqlite3';
import { json } from '../modules/catalog/catalog.service.js';
import type { Orm } from '../orm.js';
import type { IndexedPlugin } from './catalog-index.js';

/** How long the change log keeps a row; a reader that fell further behind than half of it loads everything again. */
export const CHANGE_RETENTION_MS = 10 * 60_000;

/** Plugins changed since the previous read: their rows now, and the ids that no longer exist. */
export interface Changes {
  /** Every plugin (a first read, or one after falling behind the log): the index is rebuilt from these. */
  all: boolean;
  /** Every plugin comes page by page (at most PAGE rows held at once): a 100,000-row array would double the memory a build needs. */
  rows: IndexedPlugin[] | AsyncIterable<IndexedPlugin>;
  removed: string[];
}

/** The database side of the in-memory search index: the plugin change log (migration 0010) and the plugin rows. */
export interface ChangeFeed {
  /** `everything`: every plugin, whatever changed (for a rebuild). */
  read(everything?: boolean): Promise<Changes>;
  /** Removes log rows older than the retention. */
  prune(): Promise<void>;
}

/** Plugins read at once when the feed reads every plugin. */
const PAGE = 2000;

/** Every plugin, in pages by id after the last id of the page before. */
async function* pages(page: (after: string) => Promise<Record<string, unknown>[]>): AsyncIterable<IndexedPlugin> {
  for (let after = ''; ; ) {
    const rows = await page(after);
    for (const row of rows) yield indexed(row);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id as string;
  }
}

const COLUMNS = 'id, name, description, author, tags, provider_type, category, verified, capabilities, downloads, rating_score, rating_count, updated_at, quality_score, tested';

function indexed(row: Record<string, unknown>): IndexedPlugin {
  return {
    id: row.id as string,
    name: row.name as string,
    description: row.description as string,
    author: row.author as string,
    tags: json(row.tags),
    providerType: row.provider_type as string,
    category: row.category as string,
    verified: Boolean(row.verified),
    capabilities: json(row.capabilities),
    downloads: Number(row.downloads),
    ratingScore: Number(row.rating_score),
    ratingCount: Number(row.rating_count),
    updatedAt: new Date(row.updated_at as number | string | Date).getTime(),
    qualityScore: row.quality_score == null ? null : Number(row.quality_score),
    tested: Boolean(row.tested),
  };
}

/** The ids asked for that came back with no row: deleted plugins. */
function missing(ids: string[], rows: IndexedPlugin[]): string[] {
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/** A reader more than half the retention behind may have lost rows to pruning. */
class Position {
  private readAt = 0;

  stale(now: number): boolean {
    return now - this.readAt > CHANGE_RETENTION_MS / 2;
  }

  read(now: number): void {
    this.readAt = now;
  }
}

/**
 * SQLite: one writer at a time, so log rows commit in `seq` order and "after the last seq read" misses nothing.
 * Synchronous statements: the log position and the rows are read at one moment.
 */
export class SqliteChangeFeed implements ChangeFeed {
  private seq = 0;
  private readonly position = new Position();
  private readonly last: Statement;
  private readonly since: Statement;
  private readonly everything: Statement;
  private readonly some: Statement;
  private readonly old: Statement;

  constructor(db: Database) {
    this.last = db.prepare('select coalesce(max(seq), 0) from plugin_change').pluck();
    this.since = db.prepare('select seq, plugin_id from plugin_change where seq > ? order by seq');
    this.everything = db.prepare(`select ${COLUMNS} from plugin where id > ? order by id limit ${PAGE}`);
    this.some = db.prepare(`select ${COLUMNS} from plugin where id in (select value from json_each(?))`);
    this.old = db.prepare('delete from plugin_change where at < ?');
  }

  async read(everything = false): Promise<Changes> {
    const now = Date.now();
    const all = everything || this.position.stale(now);
    this.position.read(now);
    if (all) {
      this.seq = this.last.get() as number;
      // rows changed after the position are read again at the next read, whichever page they were in
      return { all, rows: pages(async (after) => this.everything.all(after) as Record<string, unknown>[]), removed: [] };
    }
    const log = this.since.all(this.seq) as { seq: number; plugin_id: string }[];
    if (log.length === 0) return { all, rows: [], removed: [] };
    this.seq = log[log.length - 1].seq;
    const ids = [...new Set(log.map((r) => r.plugin_id))];
    const rows = (this.some.all(JSON.stringify(ids)) as Record<string, unknown>[]).map(indexed);
    return { all, rows, removed: missing(ids, rows) };
  }

  async prune(): Promise<void> {
    this.old.run(Date.now() - CHANGE_RETENTION_MS);
  }
}

/**
 * PostgreSQL: transactions commit in any order, so a reader remembers the xmin of the snapshot of its previous
 * read (every transaction not yet visible then has an id at least that) and reads the log rows of transactions
 * from there on: some twice, none missed. The position is taken in the same statement as the log rows.
 */
export class PostgresChangeFeed implements ChangeFeed {
  private xmin: string | undefined;
  private readonly position = new Position();

  constructor(private readonly orm: Orm) {}

  async read(everything = false): Promise<Changes> {
    const now = Date.now();
    if (everything || this.xmin === undefined || this.position.stale(now)) {
      this.position.read(now);
      const [{ xmin }] = await this.all<{ xmin: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as xmin');
      this.xmin = xmin;
      const rows = pages((after) => this.all<Record<string, unknown>>(`select ${COLUMNS} from plugin where id > ? order by id limit ${PAGE}`, [after]));
      return { all: true, rows, removed: [] };
    }
    this.position.read(now);
    const [{ xmin, ids }] = await this.all<{ xmin: string; ids: string[] }>(
      `select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
        array(select distinct plugin_id from plugin_change where xid >= ?::xid8) as ids`,
      [this.xmin],
    );
    this.xmin = xmin;
    if (ids.length === 0) return { all: false, rows: [], removed: [] };
    const rows = (await this.all<Record<string, unknown>>(`select ${COLUMNS} from plugin where id in (?)`, [ids])).map(indexed);
    return { all: false, rows, removed: missing(ids, rows) };
  }

  async prune(): Promise<void> {
    await this.all(`delete from plugin_change where at < now() - interval '${CHANGE_RETENTION_MS / 1000} seconds'`);
  }

  private all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.orm.em.getConnection().execute<T[]>(sql, params, 'all');
  }
}
