import { CAPABILITY_NAMES, type CapabilityName } from '../../../domain/capabilities.js';
import { CATEGORY_NAMES, type Category } from '../../../domain/plugin.js';
import type { SearchQuery, SortKey } from '../../sources/types.js';

/** Search box state beyond the text: filters and order, changed by keys. */
export interface Filters {
  verified: boolean;
  /** Cycled by a key; a `cat:` word in the box wins over it. */
  category: Category | undefined;
  sort: SortKey | undefined;
  /** Undefined: every enabled source. */
  source: string | undefined;
}

export const initialFilters: Filters = { verified: false, category: undefined, sort: undefined, source: undefined };

const SORTS: (SortKey | undefined)[] = [undefined, 'downloads', 'rating', 'updated', 'quality'];

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

/** Every category, then each one in the spec's order, then every category again. */
export function nextCategory(current: Category | undefined): Category | undefined {
  const all = [undefined, ...CATEGORY_NAMES];
  return all[(all.indexOf(current) + 1) % all.length];
}

export const sortLabel = (sort: SortKey | undefined) => sort ?? 'relevance';

/** Filters on what is installed here, which no source knows: the rows are filtered after the search. */
export type Local = 'installed' | 'outdated';

/** The box read as a query; `problem` names a word that asks for no known category or capability. */
export interface Parsed {
  query: SearchQuery;
  problem: string | null;
  local?: Local;
}

/** `cat:foo` → `no category "foo": cat: takes official, …`; a bare `cat:` (still being typed) just lists them. */
function unknown(what: string, key: string, value: string, names: readonly string[]): string {
  const choices = `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return `${value ? `no ${what} "${value}": ` : ''}${key}: takes ${choices}`;
}

function known<T extends string>(names: readonly T[], value: string): T | undefined {
  return names.find((n) => n === value);
}

/**
 * The box text as a query, so filters are typed like the words, as in gh-dash: `tag:x` filters by tag,
 * `is:verified` by badge, `cat:x` (or `category:x`) by category, `has:x` (or `cap:x`) by capability; the
 * rest is searched. `is:tested` keeps plugins whose current version passed conformance, `quality:N` (or
 * `quality>=N`) those scoring at least N (0-100). `is:installed` and `is:outdated` keep the plugins installed here (with a newer version). An unknown category or capability is a problem to show, not a word to search for.
 */
export function toQuery(text: string, filters: Filters, limit: number | undefined): Parsed {
  const words: string[] = [];
  const tags: string[] = [];
  const capabilities: CapabilityName[] = [];
  let verified = filters.verified;
  let tested = false;
  let minQuality: number | undefined;
  let category = filters.category;
  let problem: string | null = null;
  let local: Local | undefined;
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const [, key = '', raw = ''] = /^([a-z]+):(.*)$/i.exec(word) ?? /^(quality)>=(.*)$/i.exec(word) ?? [];
    const value = raw.toLowerCase();
    switch (key.toLowerCase()) {
      case 'tag':
        if (value) tags.push(value);
        else words.push(word);
        break;
      case 'is':
        if (value === 'verified') verified = true;
        else if (value === 'tested') tested = true;
        else if (value === 'installed' || value === 'outdated') local = value;
        else problem ??= `is: takes verified, tested, installed or outdated${value ? `, not "${raw}"` : ''}`;
        break;
      case 'quality':
        if (/^\d{1,3}$/.test(value) && Number(value) <= 100) minQuality = Number(value);
        else problem ??= `quality: takes a score from 0 to 100${value ? `, not "${raw}"` : ''}`;
        break;
      case 'cat':
      case 'category': {
        const named = known(CATEGORY_NAMES, value);
        if (named) category = named;
        else problem ??= unknown('category', key, raw, CATEGORY_NAMES);
        break;
      }
      case 'cap':
      case 'has': {
        // `has:function-calling` reads as well as the registry's own `function_calling`.
        const capability = known(CAPABILITY_NAMES, value.replace(/-/g, '_'));
        if (!capability) problem ??= unknown('capability', key, raw, CAPABILITY_NAMES);
        else if (!capabilities.includes(capability)) capabilities.push(capability);
        break;
      }
      default:
        words.push(word);
    }
  }
  const query: SearchQuery = {
    text: words.join(' '),
    ...(tags.length ? { tags } : {}),
    ...(verified ? { verified } : {}),
    ...(tested ? { tested } : {}),
    ...(minQuality === undefined ? {} : { minQuality }),
    ...(category ? { category } : {}),
    ...(capabilities.length ? { capabilities } : {}),
    ...(filters.sort ? { sort: filters.sort } : {}),
    ...(limit === undefined ? {} : { limit }),
  };
  return { query, problem, ...(local ? { local } : {}) };
}

/** The filters a query applies, written the way they are typed, for the status line and the help. */
export function activeFilters(query: SearchQuery, local?: Local): string[] {
  return [
    ...(local ? [`is:${local}`] : []),
    ...(query.verified ? ['is:verified'] : []),
    ...(query.tested ? ['is:tested'] : []),
    ...(query.minQuality === undefined ? [] : [`quality>=${query.minQuality}`]),
    ...(query.category ? [`cat:${query.category}`] : []),
    ...(query.capabilities ?? []).map((c) => `has:${c}`),
    ...(query.tags ?? []).map((t) => `tag:${t}`),
  ];
}
