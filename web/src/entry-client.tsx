import { hydrateRoot } from 'react-dom/client';
import { createClient } from '../../client/client.js';
import { SearchPageDocument } from '../gql/graphql.js';
import { App, PAGE_DATA_ID, type Page } from './app.js';
import { searchVariables, type SearchState } from './search-params.js';

const page = JSON.parse(document.getElementById(PAGE_DATA_ID)!.textContent!) as Page;
const client = createClient({ url: '/graphql', retries: 1 });
const load = (state: SearchState) => client.request(SearchPageDocument, searchVariables(state));

hydrateRoot(document.getElementById('root')!, <App page={page} load={load} />);
