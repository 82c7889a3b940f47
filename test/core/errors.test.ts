import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withArticle } from '../../server/errors.js';
import { createTestApp, errorCode, type GraphQLResult, type TestApp } from '../helpers/app.js';
import { FlagReviewDocument, HideReviewDocument, PluginSummaryDocument, RestoreReviewDocument, RevokeApiKeyDocument } from '../gql/graphql.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ maxQueryDepth: 6, maxQueryComplexity: 3000 });
});
afterAll(() => t.close());

const code = async (query: string, variables?: Record<string, unknown>) => errorCode(await t.graphql(query, variables));

describe('bad input answers BAD_USER_INPUT', () => {
  it.each([
    ['first above 100', '{ plugins(first: 101) { totalCount } }'],
    ['negative first', '{ plugins(first: -1) { totalCount } }'],
    ['limit above 100', '{ plugins(limit: 1000) { totalCount } }'],
    ['negative offset', '{ plugins(offset: -1) { totalCount } }'],
    ['both paging styles', '{ plugins(first: 5, offset: 5) { totalCount } }'],
    ['malformed cursor', '{ plugins(after: "not-a-cursor") { totalCount } }'],
    ['cursor of the wrong shape', `{ plugins(after: "${Buffer.from('x:5').toString('base64url')}") { totalCount } }`],
    ['unknown sort literal', '{ plugins(sort: STARS) { totalCount } }'],
    ['wrong argument type', '{ plugins(first: "ten") { totalCount } }'],
    ['too many days of history', '{ plugin(id: "openai-plugin") { stats { daily(days: 5000) { day } } } }'],
    ['nested page too large', '{ plugin(id: "openai-plugin") { versions(first: 500) { totalCount } } }'],
    ['overlong search', `{ plugins(search: "${'a'.repeat(201)}") { totalCount } }`],
    ['a NUL character in an argument', '{ plugin(id: "a\\u0000b") { id } }'],
  ])('%s', async (_name, query) => {
    expect(await code(query)).toBe('BAD_USER_INPUT');
  });

  it('rejects a NUL character in a variable, however deep (no database can store it)', async () => {
    expect(await code('query($id: String!) { plugin(id: $id) { id } }', { id: 'a\u0000b' })).toBe('BAD_USER_INPUT');
    expect(await code('query($t: [String!]) { plugins(tags: $t) { totalCount } }', { t: ['ok', 'x\u0000'] })).toBe('BAD_USER_INPUT');
  });

  it('rejects an unknown enum value given as a variable', async () => {
    expect(await code('query($s: PluginSort) { plugins(sort: $s) { totalCount } }', { s: 'STARS' })).toBe('BAD_USER_INPUT');
    expect(await code('query($c: Category) { plugins(category: $c) { totalCount } }', { c: 'premium' })).toBe('BAD_USER_INPUT');
  });

  it('names the offending argument in the message', async () => {
    const res = await t.graphql('{ plugins(first: 101) { totalCount } }');
    expect(res.body.errors?.[0].message).toMatch(/^first: /);
    expect(res.body.errors?.[0].extensions?.details).toEqual({ field: 'first' });
  });
});

describe('not found', () => {
  it('answers NOT_FOUND for an unknown plugin', async () => {
    const res = await t.graphql(PluginSummaryDocument, { id: 'no-such-plugin' });
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(res.body.data).toEqual({ plugin: null });
  });

  describe.each<[string, (id: string, headers: Record<string, string>) => Promise<GraphQLResult<unknown>>]>([
    ['revokeApiKey', (id, headers) => t.graphql(RevokeApiKeyDocument, { id }, headers)],
    ['flagReview', (id, headers) => t.graphql(FlagReviewDocument, { id, reason: 'spam' }, headers)],
    ['hideReview', (id, headers) => t.graphql(HideReviewDocument, { id, reason: 'spam' }, headers)],
    ['restoreReview', (id, headers) => t.graphql(RestoreReviewDocument, { id, reason: 'appeal' }, headers)],
  ])('%s', (_name, mutate) => {
    it.each(['abc', '1.5', '0', '-1', '', '99999999999', '1e3'])('answers NOT_FOUND for the id "%s", which no row has', async (id) => {
      const moderator = await t.user('reviewer');
      expect(errorCode(await mutate(id, moderator.auth))).toBe('NOT_FOUND');
    });
  });
});

describe('messages', () => {
  it('put the right article before a word they are built around', () => {
    expect(['admin', 'approved', 'in_review', 'unspecified', 'reviewer', 'rejected', 'user', 'unicast'].map(withArticle)).toEqual([
      'an admin', 'an approved', 'an in_review', 'an unspecified', 'a reviewer', 'a rejected', 'a user', 'a unicast',
    ]);
  });
});

describe('query limits', () => {
  it('refuses a query nested deeper than the limit with a clear message', async () => {
    const deep = '{ plugins { edges { node { reviews { edges { node { author { username } } } } } } } }';
    const res = await t.graphql(deep);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].message).toMatch(/exceeds maximum operation depth of 6/);
  });

  it('refuses a query whose cost is above the limit', async () => {
    const costly = '{ plugins(first: 100) { nodes { reviews(first: 100) { nodes { comment author { username } } } } } }';
    const res = await t.graphql(costly);
    expect(errorCode(res)).toBe('QUERY_TOO_COMPLEX');
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].message).toMatch(/complexity \d+ exceeds the limit of 3000/);
  });

  it('costs one document anew for every page size and @include its variables ask for, and checks its variables every time', async () => {
    const paged = 'query Paged($n: Int, $r: Int, $more: Boolean = false, $q: String) { plugins(first: $n, search: $q) { nodes { id reviews(first: $r) @include(if: $more) { nodes { comment } } } } }';
    const ask = (variables: Record<string, unknown>) => t.graphql(paged, variables);
    expect((await ask({ n: 20, r: 100, q: 'a' })).status).toBe(200);
    // a new search is costed like the one before; the reviews included, or a bigger page of them, are not
    expect((await ask({ n: 20, r: 100, q: 'b' })).status).toBe(200);
    expect(errorCode(await ask({ n: 20, r: 100, more: true }))).toBe('QUERY_TOO_COMPLEX');
    expect((await ask({ n: 20, r: 100, more: false })).status).toBe(200);
    expect((await ask({ n: 10, r: 100, more: true })).status).toBe(200);
    expect(errorCode(await ask({ n: 10, r: 200, more: true }))).toBe('QUERY_TOO_COMPLEX');
    // the same page sizes with a variable that does not coerce: refused, though the cost is known
    const bad = await ask({ n: 20, r: 100, q: 7 });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.status).toBe(400);
  });

  it('refuses a control character in a string literal of the same document every time it is sent', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await t.graphql('{ plugins(search: "a\\u0000b") { totalCount } }');
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
      expect(res.status).toBe(400);
    }
  });

  it('still answers a reasonable detail query', async () => {
    const data = await t.data<{ plugin: { id: string } }>(
      '{ plugin(id: "openai-plugin") { id versions(first: 10) { nodes { version } } reviews(first: 5) { nodes { rating author { username } } } stats { daily(days: 30) { day count } } } }',
    );
    expect(data.plugin.id).toBe('openai-plugin');
  });
});

describe('HTTP', () => {
  it('answers GraphQL over GET', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ plugin(id: "openai-plugin") { name } }')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { plugin: { name: 'OpenAI Provider' } } });
  });

  it('refuses mutations over GET and non-JSON bodies', async () => {
    const notJson = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers malformed JSON with 400 and no stack trace', async () => {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers 405 with Allow for other methods, and 404 in the error format', async () => {
    const res = await fetch(`${t.url}/graphql`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD');
    const missing = await fetch(`${t.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /nowhere' } });
  });

  it('answers 413 for an oversized body', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ plugins(search: "${'a'.repeat(2 * 1024 * 1024)}") { totalCount } }` }),
    });
    expect(res.status).toBe(413);
  });

  it('tells a person where things are at /', async () => {
    const body = (await (await fetch(`${t.url}/`)).json()) as Record<string, string>;
    expect(body.graphql).toBe('/graphql');
    expect(body.rest).toBe('/api/v1/plugins');
  });
});
