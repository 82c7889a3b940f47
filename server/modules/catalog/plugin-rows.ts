import type { Statement } from 'better-sqlite3';
import type { DatabaseConfig } from '../../config.js';
import { sqliteClient, type Orm } from '../../orm.js';
import { ENTRY_COLUMNS, ENTRY_JSON_FIELDS, entryScalars, json } from './catalog.service.js';
import type { User } from '../accounts/user.entity.js';
import type { OptionalProps } from '@mikro-orm/core';
import { Plugin } from './plugin.entity.js';
import { VersionedLru } from '../../cache/versioned-lru.js';

/**
 * The read model of catalog pages and plugin details: plugin rows read with one prepared statement and turned into
 * plain objects of the entity's shape, without the ORM's hydration, identity map or change tracking (which cost most
 * of an uncached page). For reads only: a write loads its entity through the ORM.
 */
export interface PluginRows {
  /** The plugins of these ids that exist, in no particular order. */
  byIds(ids: string[]): Promise<Plugin[]>;
  /** The stored registry entries of the plugins of these ids that exist, in no particular order (`fragment` null where none is stored). */
  entries(ids: string[]): Promise<StoredEntry[]>;
}

/**
 * What a listed plugin's JSON is assembled from: its stored registry.json fragment (`registry_entry`, kept by
 * registry-entry.subscriber.ts), the counts and version it leaves out, and the list's own fields.
 */
export interface StoredEntry {
  id: string;
  version: string;
  downloads: number;
  ratingSum: number;
  ratingCount: number;
  installable: boolean;
  qualityScore: number | null;
  tested: boolean;
  fragment: string | null;
}

const ENTRY_ROW = 'id, version, downloads, rating_sum, rating_count, installable, quality_score, tested, registry_entry';

function storedEntry(row: Record<string, unknown>): StoredEntry {
  // frozen: a kept entry is shared by every request that reads it
  return Object.freeze({
    id: row.id as string,
    version: row.version as string,
    downloads: Number(row.downloads),
    ratingSum: Number(row.rating_sum),
    ratingCount: Number(row.rating_count),
    installable: Boolean(row.installable),
    qualityScore: row.quality_score == null ? null : Number(row.quality_score),
    tested: Boolean(row.tested),
    fragment: typeof row.registry_entry === 'string' ? row.registry_entry : null,
  });
}

/** The JSON columns of a plugin row: kept as the row's text and parsed when the field is read. */
const JSON_FIELDS = [...ENTRY_JSON_FIELDS, 'histogram'] as const;
type JsonField = (typeof JSON_FIELDS)[number];

/** What a JSON field reads as where its column holds SQL null. */
const WHEN_NULL: Partial<Record<JsonField, () => unknown>> = { dependencies: () => ({}), conflicts: () => ({}), provides: () => [] };

/** Where a plain plugin keeps its JSON columns' text (read as text from PostgreSQL too: see PG_COLUMNS). */
const JSON_TEXT = Symbol('json columns');

type PluginScalars = Omit<Plugin, typeof OptionalProps | JsonField>;

/**
 * The prototype of the plain plugins: Plugin's, so that type-graphql takes them for entities (`instanceof`) and does
 * not copy each into a `new Plugin()` for every field resolver, which runs the ORM's property setters; with a data
 * property for every scalar field in front of those setters, so that assigning a field defines it on the object, and
 * a getter for every JSON field. A page of search results shows a few scalars of each plugin: parsing its tags,
 * capabilities, screenshots, declarations and histogram when they are read, each read a fresh value, saves seven
 * `JSON.parse` a row, and a kept row (shared by every request) holds no object a caller could change but its dates.
 */
let view: object | undefined;

function asPlugin(fields: PluginScalars, texts: Record<JsonField, unknown>): Plugin {
  view ??= Object.create(Plugin.prototype, {
    ...Object.fromEntries(Object.keys(fields).map((key) => [key, { value: undefined, writable: true, configurable: true }])),
    ...Object.fromEntries(
      JSON_FIELDS.map((field) => [
        field,
        {
          configurable: true,
          get(this: { [JSON_TEXT]: Record<JsonField, unknown> }) {
            return json(this[JSON_TEXT][field]) ?? WHEN_NULL[field]?.() ?? null;
          },
        },
      ]),
    ),
  }) as object;
  const plugin = Object.assign(Object.create(view) as Plugin, fields);
  (plugin as unknown as Record<symbol, unknown>)[JSON_TEXT] = texts;
  return Object.freeze(plugin);
}

/**
 * The columns `plugin` reads: all of the row but `registry_entry`, the stored JSON fragment of /registry.json (most of
 * a row's bytes), which no read of a plugin needs.
 */
const COLUMNS = `${ENTRY_COLUMNS}, installable, owner_id, deprecated_message, deprecated_replacement, imported_downloads, imported_rating_count, imported_rating_sum, histogram, rating_score, stars, quality_score, tested`;

function plugin(row: Record<string, unknown>): Plugin {
  return asPlugin(
    {
      ...entryScalars(row),
      installable: Boolean(row.installable),
      owner: row.owner_id == null ? null : (Object.freeze({ id: Number(row.owner_id) }) as User),
      deprecatedMessage: row.deprecated_message as string | null,
      deprecatedReplacement: row.deprecated_replacement as string | null,
      importedDownloads: Number(row.imported_downloads),
      importedRatingCount: Number(row.imported_rating_count),
      importedRatingSum: Number(row.imported_rating_sum),
      ratingScore: Number(row.rating_score),
      stars: Number(row.stars),
      qualityScore: row.quality_score == null ? null : Number(row.quality_score),
      tested: Boolean(row.tested),
    },
    Object.freeze({
      tags: row.tags,
      capabilities: row.capabilities,
      screenshots: row.screenshots,
      dependencies: row.dependencies,
      conflicts: row.conflicts,
      provides: row.provides,
      histogram: row.histogram,
    } satisfies Record<JsonField, unknown>),
  );
}

class SqlitePluginRows implements PluginRows {
  constructor(
    private readonly stmt: Statement,
    private readonly entryStmt: Statement,
  ) {}

  async byIds(ids: string[]): Promise<Plugin[]> {
    return (this.stmt.all(JSON.stringify(ids)) as Record<string, unknown>[]).map(plugin);
  }

  async entries(ids: string[]): Promise<StoredEntry[]> {
    return (this.entryStmt.all(JSON.stringify(ids)) as Record<string, unknown>[]).map(storedEntry);
  }
}

/** COLUMNS with the JSON columns as their text, which PostgreSQL's driver would otherwise hand over parsed. */
const PG_COLUMNS = COLUMNS.split(', ')
  .map((column) => ((JSON_FIELDS as readonly string[]).includes(column) ? `"${column}"::text as "${column}"` : column))
  .join(', ');

class PostgresPluginRows implements PluginRows {
  constructor(private readonly orm: Orm) {}

  async byIds(ids: string[]): Promise<Plugin[]> {
    return (await this.orm.em.getConnection().execute<Record<string, unknown>[]>(`select ${PG_COLUMNS} from "plugin" where "id" in (?)`, [ids], 'all')).map(plugin);
  }

  async entries(ids: string[]): Promise<StoredEntry[]> {
    return (await this.orm.em.getConnection().execute<Record<string, unknown>[]>(`select ${ENTRY_ROW} from "plugin" where "id" in (?)`, [ids], 'all')).map(storedEntry);
  }
}

/** Rows kept at most, and their bytes as `rowBytes` counts them (a row is ~1–3 KB: its description, tags, links). */
const ROWS_KEPT = 5000;
const ROWS_KEPT_BYTES = 16 * 1024 * 1024;

function rowBytes(row: { description?: string; fragment?: string | null }): number {
  return 1024 + 2 * ((row.description?.length ?? 0) + (row.fragment?.length ?? 0));
}

/**
 * The rows of the current data version, kept (frozen) for the next read of the same plugins: popular plugins are on
 * every front page and in most searches, and their rows change only when the data version moves (a write, or the
 * publication of counts). The rule of every cache here (VersionedLru): a newer version drops every kept row, and a
 * read at an older one neither reads nor fills.
 */
class KeptPluginRows implements PluginRows {
  private readonly plugins = new VersionedLru<Plugin>({ entries: ROWS_KEPT, maxBytes: ROWS_KEPT_BYTES, size: rowBytes });
  private readonly stored = new VersionedLru<StoredEntry>({ entries: ROWS_KEPT, maxBytes: ROWS_KEPT_BYTES, size: rowBytes });

  constructor(
    private readonly rows: PluginRows,
    private readonly version: () => Promise<number>,
  ) {}

  byIds(ids: string[]): Promise<Plugin[]> {
    return this.read(this.plugins, ids, (missing) => this.rows.byIds(missing));
  }

  entries(ids: string[]): Promise<StoredEntry[]> {
    return this.read(this.stored, ids, (missing) => this.rows.entries(missing));
  }

  private async read<T extends { id: string }>(kept: VersionedLru<T>, ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<T[]> {
    const version = await this.version();
    const found: T[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const row = kept.get(version, id);
      if (row) found.push(row);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    for (const row of await load(missing)) {
      kept.set(version, row.id, row);
      found.push(row);
    }
    return found;
  }
}

/** The read model over the configured database; `version`: the data version, under which rows are kept between reads. */
export async function createPluginRows(orm: Orm, database: DatabaseConfig, version: () => Promise<number>): Promise<PluginRows> {
  if (database.kind === 'sqlite') {
    const client = await sqliteClient(orm);
    const byIds = (columns: string) => client.prepare(`select ${columns} from \`plugin\` where \`id\` in (select value from json_each(?))`);
    return new KeptPluginRows(new SqlitePluginRows(byIds(COLUMNS), byIds(ENTRY_ROW)), version);
  }
  return new KeptPluginRows(new PostgresPluginRows(orm), version);
}
