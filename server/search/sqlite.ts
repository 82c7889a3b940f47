import type { Database, Statement } from 'better-sqlite3';
import { PluginSort, SORT_ORDER, searchTerms, type FacetCount, type PluginQuery, type SearchIndex, type SearchPage } from './search.js';

/**
 * Relevance: the bm25 text score (weights in the FTS table's rank setting), lifted by popularity
 * (log downloads), the Bayesian rating and the verified badge; an exact id or name match comes first.
 */
const RELEVANCE = `(case when p.id = :q or p.id = :q || '-plugin' or lower(p.name) = :q then 1000.0 else 0.0 end)
  + (-m.r) * (1.0 + 0.05 * log10(1 + p.downloads) + 0.1 * (p.rating_score - 3.5) / 1.5 + 0.1 * p.verified)`;

/** Search on SQLite FTS5 through better-sqlite3 prepared statements (cached by SQL text). */
export class SqliteSearchIndex implements SearchIndex {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly maxResults: number,
  ) {}

  async find(query: PluginQuery): Promise<SearchPage> {
    const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
    const where = this.filters(query, params);
    const terms = query.search === undefined ? undefined : searchTerms(query.search);
    if (terms && terms.length === 0) return { ids: [], total: 0 };

    let from: string;
    let order: string;
    if (terms) {
      // Bounded inner query: FTS5 ranks the matches (filters applied inside) and keeps the best k.
      params.match = terms.map((t) => `"${t}"*`).join(' ');
      params.k = this.maxResults;
      params.q = query.search!.trim().toLowerCase();
      const inner = `select plugin_id as id, rank as r from plugin_fts where plugin_fts match :match
        ${where ? `and plugin_id in (select p.id from plugin p where ${where})` : ''} order by rank limit :k`;
      from = `(${inner}) m join plugin p on p.id = m.id`;
      order = query.sort === PluginSort.RELEVANCE ? `${RELEVANCE} desc, p.id` : SORT_ORDER[query.sort];
    } else {
      from = `plugin p${where ? ` where ${where}` : ''}`;
      order = SORT_ORDER[query.sort === PluginSort.RELEVANCE ? PluginSort.DOWNLOADS : query.sort];
    }
    if (terms) {
      // At most k rows: the window count is cheap here, and saves a second FTS query.
      const rows = this.prepare(`select p.id as id, count(*) over () as total from ${from} order by ${order} limit :limit offset :offset`)
        .all(params) as { id: string; total: number }[];
      if (rows.length > 0) return { ids: rows.map((r) => r.id), total: rows[0].total };
    } else {
      // Without text the page walks an index; a window count would visit every row, so count on its own.
      const ids = this.prepare(`select p.id from ${from} order by ${order} limit :limit offset :offset`).pluck().all(params) as string[];
      const total = this.prepare(`select count(*) from ${from}`).pluck().get(params) as number;
      return { ids, total };
    }
    // Past the end of a search: the window count has no row to ride on.
    const total = this.prepare(`select count(*) from ${from}`).pluck().get(params) as number;
    return { ids: [], total };
  }

  async tagFacets(limit: number): Promise<FacetCount[]> {
    return this.prepare('select tag as value, count(*) as count from plugin_tag group by tag order by count desc, tag limit ?').all(limit) as FacetCount[];
  }

  async providerTypeFacets(): Promise<FacetCount[]> {
    return this.prepare('select provider_type as value, count(*) as count from plugin group by provider_type order by count desc, provider_type').all() as FacetCount[];
  }

  private filters(query: PluginQuery, params: Record<string, unknown>): string {
    const clauses: string[] = [];
    if (query.verified !== undefined) {
      clauses.push('p.verified = :verified');
      params.verified = query.verified ? 1 : 0;
    }
    if (query.category) {
      clauses.push('p.category = :category');
      params.category = query.category;
    }
    if (query.providerType) {
      clauses.push('p.provider_type = :providerType');
      params.providerType = query.providerType;
    }
    const tags = [...new Set(query.tags ?? [])];
    if (tags.length > 0) {
      const names = tags.map((tag, i) => {
        params[`tag${i}`] = tag;
        return `:tag${i}`;
      });
      clauses.push(`p.id in (select plugin_id from plugin_tag where tag in (${names.join(', ')}) group by plugin_id having count(*) = ${tags.length})`);
    }
    for (const cap of new Set(query.capabilities ?? [])) {
      // capability names come from a closed enum, so they are safe inside the JSON path
      clauses.push(`json_extract(p.capabilities, '$.${cap}') = 1`);
    }
    return clauses.join(' and ');
  }

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}
