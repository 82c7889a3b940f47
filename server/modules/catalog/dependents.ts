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
const JOIN = `from "plugin_dependency" d
  join "plugin_version" v on v."id" = d."version_id"
  join "plugin" p on p."id" = v."plugin_id" and p."version" = v."version"`;
const FROM = `${JOIN} where d."dependency_id" = ? and p."installable"`;

/** The plugins whose current installable version depends on `pluginId`, by id, `limit` after the plugin id `after`. */
export async function dependentsOf(em: Em, pluginId: string, limit: number, after: string | null): Promise<DependentsPage> {
  return (await dependentsOfEach(em, [pluginId], limit, after)).get(pluginId)!;
}

/**
 * The same page of dependents for each of several plugins, in two statements however many they are (a list of
 * plugins asking for their dependents: see the `dependents` loader).
 */
export async function dependentsOfEach(em: Em, pluginIds: string[], limit: number, after: string | null): Promise<Map<string, DependentsPage>> {
  const connection = em.getConnection();
  const where = `where d."dependency_id" in (${pluginIds.map(() => '?').join(', ')}) and p."installable"`;
  const [rows, counted] = await Promise.all([
    limit === 0
      ? Promise.resolve([])
      : connection.execute<{ dependency_id: string; plugin_id: string; version: string; range: string }[]>(
          `select "dependency_id", "plugin_id", "version", "range" from (
            select d."dependency_id" as "dependency_id", v."plugin_id" as "plugin_id", v."version" as "version", d."range" as "range",
              row_number() over (partition by d."dependency_id" order by v."plugin_id") as "n"
            ${JOIN} ${where} and v."plugin_id" > ?
          ) ranked where "n" <= ? order by "dependency_id", "plugin_id"`,
          [...pluginIds, after ?? '', limit + 1],
        ),
    connection.execute<{ dependency_id: string; n: number | string }[]>(`select d."dependency_id" as "dependency_id", count(*) as "n" ${JOIN} ${where} group by d."dependency_id"`, pluginIds),
  ]);
  const totals = new Map(counted.map((c) => [c.dependency_id, Number(c.n)]));
  const found = new Map<string, Dependent[]>(pluginIds.map((id) => [id, []]));
  for (const r of rows) found.get(r.dependency_id)?.push({ pluginId: r.plugin_id, version: r.version, range: r.range });
  const pages = new Map<string, DependentsPage>();
  for (const [id, all] of found) {
    const items = all.slice(0, limit);
    pages.set(id, { items, total: totals.get(id) ?? 0, next: all.length > limit && items.length > 0 ? dependentCursor(items[items.length - 1].pluginId) : null });
  }
  return pages;
}

/** Every dependent of `pluginId` (for the warnings of a yank: a plugin has few). */
export async function allDependentsOf(em: Em, pluginId: string): Promise<Dependent[]> {
  const rows = await em
    .getConnection()
    .execute<{ plugin_id: string; version: string; range: string }[]>(`select v."plugin_id" as "plugin_id", v."version" as "version", d."range" as "range" ${FROM} order by v."plugin_id"`, [pluginId]);
  return rows.map((r) => ({ pluginId: r.plugin_id, version: r.version, range: r.range }));
}
