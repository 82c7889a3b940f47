import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { restClient, type RestClient } from '../helpers/rest.js';
import { SearchListDocument, type SearchListQueryVariables } from '../gql/graphql.js';

let t: TestApp;
let rest: RestClient;
beforeAll(async () => {
  t = await createTestApp();
  rest = await restClient(t.url);
});
afterAll(() => t.close());

/** The same filters, as REST query parameters and as GraphQL variables. */
const CASES: [string, SearchListQueryVariables][] = [
  ['', {}],
  ['sort=rating', { sort: 'RATING' }],
  ['sort=updated&limit=7&offset=3', { sort: 'UPDATED', limit: 7, offset: 3 }],
  ['search=open', { search: 'open' }],
  ['search=chat&sort=downloads', { search: 'chat', sort: 'DOWNLOADS' }],
  ['search=embeddings&limit=5&offset=2', { search: 'embeddings', limit: 5, offset: 2 }],
  ['tags=open-source', { tags: ['open-source'] }],
  ['tags=local,self-hosted&sort=rating', { tags: ['local', 'self-hosted'], sort: 'RATING' }],
  ['verified=true&sort=updated', { verified: true, sort: 'UPDATED' }],
  ['verified=false&limit=3&offset=4', { verified: false, limit: 3, offset: 4 }],
  ['search=fast&tags=llama&verified=false', { search: 'fast', tags: ['llama'], verified: false }],
  ['category=enterprise&capabilities=streaming', { category: 'ENTERPRISE', capabilities: ['STREAMING'] }],
  ['provider_type=openai', { providerType: 'openai' }],
  ['search=chat&tags=chat&verified=true&sort=rating&limit=2&offset=1', { search: 'chat', tags: ['chat'], verified: true, sort: 'RATING', limit: 2, offset: 1 }],
];

describe('REST and GraphQL list the same plugins in the same order', () => {
  it.each(CASES)('?%s', async (query, variables) => {
    const gql = await t.data(SearchListDocument, variables);
    const res = await rest.get(`/api/v1/plugins?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(gql.plugins.totalCount);
    expect(res.body.plugins.map((p: { id: string }) => p.id)).toEqual(gql.plugins.edges.map((e) => e.node.id));
  });

  it('covers cases that return something', async () => {
    const nonEmpty = await Promise.all(CASES.map(async ([query]) => (await rest.get(`/api/v1/plugins?${query}`)).body.plugins.length > 0));
    expect(nonEmpty.every(Boolean)).toBe(true);
  });
});
