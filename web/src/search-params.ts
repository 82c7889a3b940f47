import type { Capability, Category, PluginSort, SearchPageQueryVariables } from '../gql/graphql.js';

/** The catalog page's state, as its URL holds it: `/?q=…&sort=…&verified=1&tested=1&category=…&cap=…&type=…&tag=…&after=…`. */
export interface SearchState {
  q: string;
  sort: PluginSort | '';
  verified: boolean;
  /** Only plugins whose current version passed the conformance tests. */
  tested: boolean;
  category: Category | '';
  capabilities: Capability[];
  providerType: string;
  tags: string[];
  after: string;
}

export const SORTS: { value: PluginSort | ''; label: string }[] = [
  { value: '', label: 'Best match' },
  { value: 'DOWNLOADS', label: 'Most downloaded' },
  { value: 'RATING', label: 'Highest rated' },
  { value: 'UPDATED', label: 'Recently updated' },
  { value: 'NAME', label: 'Name' },
  { value: 'QUALITY', label: 'Quality' },
];
export const CATEGORIES: Category[] = ['OFFICIAL', 'VERIFIED', 'COMMUNITY', 'ENTERPRISE', 'EXPERIMENTAL'];
export const CAPABILITIES: { value: Capability; label: string }[] = [
  { value: 'STREAMING', label: 'Streaming' },
  { value: 'FUNCTION_CALLING', label: 'Function calling' },
  { value: 'VISION', label: 'Vision' },
  { value: 'EMBEDDINGS', label: 'Embeddings' },
  { value: 'FINE_TUNING', label: 'Fine-tuning' },
];

const oneOf = <T extends string>(value: string | null, allowed: readonly T[]): T | '' => (allowed.includes(value as T) ? (value as T) : '');

/** Reads the state from a query string; values the page does not offer are ignored, as a form would never send them. */
export function parseSearch(params: URLSearchParams): SearchState {
  const capabilities = CAPABILITIES.map((c) => c.value);
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    sort: oneOf(params.get('sort'), SORTS.map((s) => s.value).filter((v): v is PluginSort => v !== '')),
    verified: params.get('verified') === '1',
    tested: params.get('tested') === '1',
    category: oneOf(params.get('category'), CATEGORIES),
    capabilities: params.getAll('cap').filter((c): c is Capability => capabilities.includes(c as Capability)),
    providerType: (params.get('type') ?? '').slice(0, 64),
    tags: params.getAll('tag').filter((t) => t.length > 0 && t.length <= 64).slice(0, 10),
    after: (params.get('after') ?? '').slice(0, 200),
  };
}

/** The query string of a state, without empty values: the URL a person would share. */
export function searchQuery(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.sort) params.set('sort', state.sort);
  if (state.verified) params.set('verified', '1');
  if (state.tested) params.set('tested', '1');
  if (state.category) params.set('category', state.category);
  for (const c of state.capabilities) params.append('cap', c);
  if (state.providerType) params.set('type', state.providerType);
  for (const t of state.tags) params.append('tag', t);
  if (state.after) params.set('after', state.after);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function searchVariables(state: SearchState): SearchPageQueryVariables {
  return {
    search: state.q.trim() || null,
    sort: state.sort || null,
    verified: state.verified ? true : null,
    tested: state.tested ? true : null,
    category: state.category || null,
    capabilities: state.capabilities.length > 0 ? state.capabilities : null,
    providerType: state.providerType || null,
    tags: state.tags.length > 0 ? state.tags : null,
    after: state.after || null,
  };
}
