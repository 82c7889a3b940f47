import { BadInputError } from '../../errors.js';
import type { Em } from '../../orm.js';

/** A plugin whose current installable version depends on another: the "used by" list of that other plugin. */
export interface Dependent {
  pluginId: string;
  version: string;
  range: string;
}

export interface DependentsPage {
  items: Dependent[];
  total: number;
  /** The cursor of the next page; null on the last. */
  next: string | null;
}

const CURSOR_PREFIX = 'd:';

/** Cursors are opaque to callers: the id of the last dependent of a page (each plugin has one current version). */
export function dependentCursor(pluginId: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${pluginId}`).toString('base64url');
}

export function decodeDependentCursor(cursor: string, field: string): string {
  const text = /^[A-Za-z0-9_-]{1,120}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  if (!text.startsWith(CURSOR_PREFIX) || dependentCursor(text.slice(CURSOR_PREFIX.length)) !== cursor) throw new BadInputError(field, 'malformed cursor; use a cursor from a previous page');
  return text.slice(CURSOR_PREFIX.length);
}

// Written once for both databases: identifiers in double quotes (SQLite takes them too), `range` being a keyword.
const FROM = `from "plugin_dependency" d
  join "plugin_version" v on v."id" = d."version_id"
  join "plugin" p on p."id" = v."plugin_id" and p."version" = v."version"
  where d."dependency_id" = ? and p."installable"`;

/** The plugins whose current installable version depends on `pluginId`, by id, `limit` after the plugin id `after`. */
export async function dependentsOf(em: Em, pluginId: string, limit: number, after: string | null): Promise<DependentsPage> {
  const connection = em.getConnection();
  const [rows, counted] = await Promise.all([
    limit === 0
      ? Promise.resolve([])
      : connection.execute<{ plugin_id: string; version: string; range: string }[]>(
          `select v."plugin_id" as "plugin_id", v."version" as "version", d."range" as "range" ${FROM} and v."plugin_id" > ? order by v."plugin_id" limit ?`,
          [pluginId, after ?? '', limit + 1],
        ),
    connection.execute<{ n: number | string }[]>(`select count(*) as "n" ${FROM}`, [pluginId]),
  ]);
  const items = rows.slice(0, limit).map((r) => ({ pluginId: r.plugin_id, version: r.version, range: r.range }));
  return { items, total: Number(counted[0]?.n ?? 0), next: rows.length > limit && items.length > 0 ? dependentCursor(items[items.length - 1].pluginId) : null };
}

/** Every dependent of `pluginId` (for the warnings of a yank: a plugin has few). */
export async function allDependentsOf(em: Em, pluginId: string): Promise<Dependent[]> {
  const rows = await em
    .getConnection()
    .execute<{ plugin_id: string; version: string; range: string }[]>(`select v."plugin_id" as "plugin_id", v."version" as "version", d."range" as "range" ${FROM} order by v."plugin_id"`, [pluginId]);
  return rows.map((r) => ({ pluginId: r.plugin_id, version: r.version, range: r.range }));
}
