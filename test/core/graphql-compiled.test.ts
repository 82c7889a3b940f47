import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  CatalogPageDocument,
  FacetsDocument,
  PluginDetailDocument,
  PluginSummaryDocument,
  SearchListDocument,
  ViewerCanPublishDocument,
  ViewerReviewDocument,
} from '../gql/graphql.js';

let t: TestApp;
let signedIn: Record<string, string>;
beforeAll(async () => {
  // no answer cache: every request executes
  t = await createTestApp({ responseCacheSize: 0 });
  signedIn = (await t.user('user', 'compiled-reader')).auth;
});
afterAll(() => t.close());

/**
 * A query runs through graphql-js the first time Apollo sees its document and compiled (graphql-jit) from the second
 * on (server/graphql-executor.ts): the answers must be the same, status, data, errors and their codes alike.
 */
async function sameEveryTime(send: () => Promise<unknown>): Promise<void> {
  const first = await send();
  for (let i = 0; i < 2; i++) expect(await send()).toEqual(first);
}

describe('compiled queries answer as graphql-js does', () => {
  it.each<[string, () => Promise<unknown>]>([
    ['a page of the catalog', () => t.graphql(CatalogPageDocument, { first: 5 })],
    ['a search with filters', () => t.graphql(SearchListDocument, { search: 'openai', first: 3 })],
    ['a plugin with its versions', () => t.graphql(PluginDetailDocument, { id: 'openai-plugin' })],
    ['facets', () => t.graphql(FacetsDocument)],
    ['NOT_FOUND, a field error with its path and code', () => t.graphql(PluginSummaryDocument, { id: 'no-such-plugin' })],
    ['BAD_USER_INPUT from a nested resolver', () => t.graphql('query($n: Int) { plugin(id: "openai-plugin") { id versions(first: $n) { totalCount } } }', { n: 500 })],
    ['fragments, @skip and __typename', () => t.graphql('query($s: Boolean!) { plugins(first: 2) { ...P nodes { __typename stats @skip(if: $s) { downloads } } } } fragment P on PluginConnection { totalCount }', { s: true })],
    ['introspection', () => t.graphql('{ __type(name: "PluginStats") { name fields { name } } __schema { queryType { name } } }')],
    ['a signed-in caller', () => t.graphql(ViewerCanPublishDocument, { id: 'openai-plugin' }, signedIn)],
    ["a signed-in caller's own review (none)", () => t.graphql(ViewerReviewDocument, { id: 'openai-plugin' }, signedIn)],
    ['a bad variable, refused before execution', () => t.graphql('query($s: PluginSort) { plugins(sort: $s) { totalCount } }', { s: 'STARS' })],
  ])('%s', async (_name, send) => {
    await sameEveryTime(send);
  });
});
