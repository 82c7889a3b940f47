import type { CapabilityName, Category } from '../modules/plugin/plugin.entity.js';

export enum PluginSort {
  RELEVANCE = 'RELEVANCE',
  DOWNLOADS = 'DOWNLOADS',
  RATING = 'RATING',
  UPDATED = 'UPDATED',
  NAME = 'NAME',
}

/**
 * ORDER BY of each explicit sort, the same SQL on both databases: a descending key tie-broken by id, each
 * matching one index of the plugin table. `nocase` is SQLite's built-in collation and a case-insensitive ICU
 * collation of that name on PostgreSQL (created by its first migration).
 */
export const SORT_ORDER: Record<Exclude<PluginSort, PluginSort.RELEVANCE>, string> = {
  [PluginSort.DOWNLOADS]: 'p.downloads desc, p.id',
  [PluginSort.RATING]: 'p.rating_score desc, p.rating_count desc, p.id',
  [PluginSort.UPDATED]: 'p.updated_at desc, p.id',
  [PluginSort.NAME]: 'p.name collate nocase, p.id',
};

/** Everything a caller can ask of the catalog listing, already validated. */
export interface PluginQuery {
  search?: string;
  tags?: string[];
  verified?: boolean;
  category?: Category;
  providerType?: string;
  capabilities?: CapabilityName[];
  sort: PluginSort;
  offset: number;
  limit: number;
}

export interface SearchPage {
  /** Plugin ids of the requested page, in order. */
  ids: string[];
  /** Plugins matching the query (for a text search: at most the configured result cap). */
  total: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** The catalog index: SQLite FTS5 here, PostgreSQL tsvector + pg_trgm behind the same interface. */
export interface SearchIndex {
  find(query: PluginQuery): Promise<SearchPage>;
  tagFacets(limit: number): Promise<FacetCount[]>;
  providerTypeFacets(): Promise<FacetCount[]>;
}

/**
 * Splits free text into search terms: letters and digits only, lower-cased, accents kept for the
 * tokenizer to fold. Hyphens separate terms, so `openai-plugin` asks for `openai` and `plugin`.
 */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
}
