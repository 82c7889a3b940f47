import type { CapabilityName } from '../../domain/capabilities.js';
import type { Category } from '../../domain/plugin.js';

export enum PluginSort {
  RELEVANCE = 'RELEVANCE',
  DOWNLOADS = 'DOWNLOADS',
  RATING = 'RATING',
  UPDATED = 'UPDATED',
  NAME = 'NAME',
  QUALITY = 'QUALITY',
}

/** Everything a caller can ask of the catalog listing, already validated. */
export interface PluginQuery {
  search?: string;
  tags?: string[];
  verified?: boolean;
  category?: Category;
  providerType?: string;
  capabilities?: CapabilityName[];
  /** Only plugins whose current version scores at least this (0–100); a plugin with no score never matches. */
  minQuality?: number;
  /** Only plugins whose current version passed (true) or did not pass (false) conformance. */
  tested?: boolean;
  sort: PluginSort;
  offset: number;
  limit: number;
}

export interface SearchPage {
  /** Plugin ids of the requested page, in order. */
  ids: string[];
  /** Plugins matching the query (for a text search: at most the configured result cap). */
  total: number;
  /** The query with its misspelt words corrected, when some word matched nothing as typed (the page is the correction's). */
  didYouMean?: string;
}

export interface FacetCount {
  value: string;
  count: number;
}

/** The catalog index behind listing, search and facets. */
export interface SearchIndex {
  find(query: PluginQuery): Promise<SearchPage>;
  tagFacets(limit: number): Promise<FacetCount[]>;
  providerTypeFacets(): Promise<FacetCount[]>;
  categoryFacets(): Promise<FacetCount[]>;
  close(): Promise<void>;
}

/**
 * Splits free text into search terms: letters and digits only, lower-cased, accents kept (the index folds
 * them). Hyphens separate terms, so `openai-plugin` asks for `openai` and `plugin`.
 */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
}
