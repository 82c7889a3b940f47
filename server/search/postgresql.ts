import type { Orm } from '../orm.js';
import { PluginSort, SORT_ORDER, searchTerms, type FacetCount, type PluginQuery, type SearchIndex, type SearchPage } from './search.js';

/**
 * How alike (pg_trgm word similarity, 0..1) an id or name must be to a query no word matched: low enough
 * for `antropic` or `opnai`, high enough that gibberish finds nothing. A session setting, because the
 * indexed `<%` operator reads its threshold from there: the ORM sets it on every connection it opens.
 */
export const SEARCH_SESSION_OPTIONS = '-c pg_trgm.word_similarity_threshold=0.4';

/**
 * The text score: ts_rank with weights for {D, C, B, A} (author, description, tags, id and name) in the
 * proportions of the bm25 column weights of SQLite's index, divided by 1 + log(document length) as bm25
 * favours short documents. (Of the ts_rank and ts_rank_cd variants, this one ordered the sample catalog's
 * results most like bm25: the same order for 15 of 25 probe queries, the same top three for 17.)
 */
const TEXT_SCORE = `ts_rank('{0.1, 0.1, 0.4, 1.0}', p.search_vector, tq, 1)`;

/**
 * Relevance, as on SQLite: the text score lifted by popularity (log downloads), the Bayesian rating and the
 * verified badge; an exact id or name match comes first. `lower` under "C" folds ASCII only, like SQLite's.
 */
function relevance(search: string): string {
  return `(case when p.id = ${search} or p.id = ${search} || '-plugin' or lower(p.name collate "C") = ${search} then 1000.0 else 0.0 end)
  + m.r * (1.0 + 0.05 * log(1 + p.downloads) + 0.1 * (p.rating_score - 3.5) / 1.5 + 0.1 * p.verified::int)`;
}

interface PageRow {
  id: string;
  total: string | number;
}

/** An inner query: ids (`id`) and scores (`r`) of the best `maxResults` matches passing the filters. */
type Matches = (where: string) => string;

/**
 * Search on PostgreSQL with the semantics of SqliteSearchIndex: the stored weighted tsvector (GIN) answers
 * prefix queries of every term, ranked by ts_rank in a bounded inner query; then the same filters, sorts,
 * blend, totals and pages. When the text matches nothing, ids and names similar to it (pg_trgm, so typos
 * still find a plugin) are the answer instead: the one place the two databases differ, by answering more.
 *
 * Values are written into the SQL as literals by MikroORM's own quoting, which is what binding `?` through
 * MikroORM does too; a literal can then appear more than once.
 */
export class PostgresSearchIndex implements SearchIndex {
  constructor(
    private readonly orm: Orm,
    private readonly maxResults: number,
  ) {}

  async find(query: PluginQuery): Promise<SearchPage> {
    const terms = query.search === undefined ? undefined : searchTerms(query.search);
    if (terms && terms.length === 0) return { ids: [], total: 0 };
    if (!terms) return this.browse(query);

    const search = query.search!.trim().toLowerCase();
    const k = this.int(this.maxResults);
    const tsquery = this.text(terms.map((t) => `${t}:*`).join(' & '));
    const page = await this.ranked(query, search, (where) =>
      `select p.id, ${TEXT_SCORE} as r from plugin p, to_tsquery('registry_search', ${tsquery}) tq
        where p.search_vector @@ tq${where ? ` and ${where}` : ''} order by r desc, p.id limit ${k}`);
    // trigram similarity needs three characters to say anything
    if (page.total > 0 || search.length < 3) return page;
    const text = this.text(search);
    return this.ranked(query, search, (where) =>
      `select p.id, greatest(word_similarity(${text}, lower(p.id)), word_similarity(${text}, lower(p.name))) as r from plugin p
        where (${text} <% lower(p.id) or ${text} <% lower(p.name))${where ? ` and ${where}` : ''} order by r desc, p.id limit ${k}`);
  }

  async tagFacets(limit: number): Promise<FacetCount[]> {
    return this.all<FacetCount>(`select tag as value, count(*)::int as count from plugin_tag group by tag order by count desc, tag limit ${this.int(limit)}`);
  }

  async providerTypeFacets(): Promise<FacetCount[]> {
    return this.all<FacetCount>('select provider_type as value, count(*)::int as count from plugin group by provider_type order by count desc, provider_type');
  }

  private async ranked(query: PluginQuery, search: string, matches: Matches): Promise<SearchPage> {
    const from = `(${matches(this.filters(query))}) m join plugin p on p.id = m.id`;
    const order = query.sort === PluginSort.RELEVANCE ? `${relevance(this.text(search))} desc, p.id` : SORT_ORDER[query.sort];
    // At most k rows: the window count is cheap here, and saves a second text query.
    const rows = await this.all<PageRow>(`select p.id, count(*) over () as total from ${from} order by ${order} ${this.window(query)}`);
    if (rows.length > 0) return { ids: rows.map((r) => r.id), total: Number(rows[0].total) };
    // Past the end (or nothing at all): the window count has no row to ride on.
    const [{ total }] = await this.all<{ total: number }>(`select count(*)::int as total from ${from}`);
    return { ids: [], total };
  }

  /** Without text the page walks a sort index; a window count would visit every row, so count on its own. */
  private async browse(query: PluginQuery): Promise<SearchPage> {
    const where = this.filters(query);
    const from = `plugin p${where ? ` where ${where}` : ''}`;
    const order = SORT_ORDER[query.sort === PluginSort.RELEVANCE ? PluginSort.DOWNLOADS : query.sort];
    const [rows, [{ total }]] = await Promise.all([
      this.all<{ id: string }>(`select p.id from ${from} order by ${order} ${this.window(query)}`),
      this.all<{ total: number }>(`select count(*)::int as total from ${from}`),
    ]);
    return { ids: rows.map((r) => r.id), total };
  }

  private filters(query: PluginQuery): string {
    const clauses: string[] = [];
    if (query.verified !== undefined) clauses.push(`p.verified = ${query.verified ? 'true' : 'false'}`);
    if (query.category) clauses.push(`p.category = ${this.text(query.category)}`);
    if (query.providerType) clauses.push(`p.provider_type = ${this.text(query.providerType)}`);
    const tags = [...new Set(query.tags ?? [])];
    if (tags.length > 0) {
      clauses.push(`p.id in (select plugin_id from plugin_tag where tag in (${tags.map((t) => this.text(t)).join(', ')}) group by plugin_id having count(*) = ${tags.length})`);
    }
    for (const cap of new Set(query.capabilities ?? [])) {
      // capability names come from a closed enum, so they are safe inside the JSON literal
      clauses.push(`p.capabilities @> '{"${cap}": true}'`);
    }
    return clauses.join(' and ');
  }

  private window(query: PluginQuery): string {
    return `limit ${this.int(query.limit)} offset ${this.int(query.offset)}`;
  }

  private text(value: string): string {
    return this.orm.em.getPlatform().quoteValue(value) as string;
  }

  private int(value: number): string {
    if (!Number.isSafeInteger(value)) throw new TypeError(`not an integer: ${value}`);
    return String(value);
  }

  private all<T>(sql: string): Promise<T[]> {
    return this.orm.em.getConnection().execute<T[]>(sql, [], 'all');
  }
}
