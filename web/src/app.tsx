import type { SearchPageQuery } from '../gql/graphql.js';
import { ErrorPage, NotFoundPage, PluginPage, type PluginData } from './plugin-page.js';
import { SearchPage } from './search-page.js';
import type { SearchState } from './search-params.js';

/** What a page is rendered from: the server puts it in the HTML, the browser hydrates from the same value. */
export type Page =
  | { kind: 'search'; state: SearchState; data: SearchPageQuery }
  | { kind: 'plugin'; plugin: PluginData; reviewsAfter: string }
  | { kind: 'not-found'; id: string }
  | { kind: 'error'; message: string };

export function App({ page, load }: { page: Page; load?: (state: SearchState) => Promise<SearchPageQuery> }) {
  switch (page.kind) {
    case 'search':
      return <SearchPage state={page.state} data={page.data} load={load} />;
    case 'plugin':
      return <PluginPage plugin={page.plugin} reviewsAfter={page.reviewsAfter} />;
    case 'not-found':
      return <NotFoundPage id={page.id} />;
    case 'error':
      return <ErrorPage message={page.message} />;
  }
}

/** The id of the element holding the page's data as JSON. */
export const PAGE_DATA_ID = 'page-data';
