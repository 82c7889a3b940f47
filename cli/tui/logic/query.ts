import type { SearchQuery, SortKey } from '../../sources/types.js';

/** Search box state beyond the text: filters and order, changed by keys. */
export interface Filters {
  verified: boolean;
  sort: SortKey | undefined;
  /** Undefined: every enabled source. */
  source: string | undefined;
}

export const initialFilters: Filters = { verified: false, sort: undefined, source: undefined };

const SORTS: (SortKey | undefined)[] = [undefined, 'downloads', 'rating', 'updated'];

export function nextSort(sort: SortKey | undefined): SortKey | undefined {
  return SORTS[(SORTS.indexOf(sort) + 1) % SORTS.length];
}

/** All sources, then each one by name, then all again. */
export function nextSource(current: string | undefined, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  if (current === undefined) return names[0];
  const i = names.indexOf(current);
  return i < 0 || i === names.length - 1 ? undefined : names[i + 1];
}

export const sortLabel = (sort: SortKey | undefined) => sort ?? 'relevance';

/**
 * The box text as a query: `tag:x` words filter by tag, `verified` or `is:verified` by badge, the rest is
 * searched. So filters are typed like the words, as in gh-dash.
 */
export function toQuery(text: string, filters: Filters, limit: number): SearchQuery {
  const words: string[] = [];
  const tags: string[] = [];
  let verified = filters.verified;
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const tag = /^tag:(.+)$/i.exec(word);
    if (tag) tags.push(tag[1].toLowerCase());
    else if (/^is:verified$/i.test(word)) verified = true;
    else words.push(word);
  }
  return { text: words.join(' '), ...(tags.length ? { tags } : {}), ...(verified ? { verified } : {}), ...(filters.sort ? { sort: filters.sort } : {}), limit };
}
