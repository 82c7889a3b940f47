import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { etagMatches, negotiate } from '../../server/cache/rest-cache.js';
import { BAD_CREDENTIALS } from '../../server/modules/accounts/auth.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginCountDocument } from '../gql/graphql.js';
import { restClient, type RestClient } from '../helpers/rest.js';

let t: TestApp;
let rest: RestClient;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, (sql) => statements.push(sql));
  rest = await restClient(t.url);
});
afterAll(() => t.close());

const READS = [
  '/api/v1/plugins',
  '/api/v1/plugins?search=openai&limit=5',
  '/api/v1/plugins/openai-plugin',
  '/api/v1/plugins/openai-plugin/reviews?limit=2',
  '/api/v1/plugins/openai-plugin/versions/1.3.0/manifest',
  '/registry.json',
  '/api/v1/registry.json',
  '/api/v1/openapi.json',
];

describe('ETags and revalidation', () => {
  it.each(READS)('GET %s carries a strong ETag and public caching, and answers 304 to it without a body', async (path) => {
    // the first registry.json build is served uncompressed until the variant fetch accepts is written
    if (path.endsWith('registry.json')) await vi.waitFor(async () => expect((await rest.get(path)).headers.get('etag')).toMatch(/-(br|gz)"$/), { timeout: 5000, interval: 10 });
    const first = await rest.get(path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');

    for (const condition of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const again = await rest.get(path, { 'if-none-match': condition });
      expect(again.status, condition).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.get('etag')).toBe(etag);
      expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    }
    expect((await rest.get(path, { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await rest.get('/api/v1/plugins/openai-plugin');
    const head = await rest.request('HEAD', '/api/v1/plugins/openai-plugin');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
  });

  it('changes every ETag at once on any write', async () => {
    const before = await rest.get('/api/v1/plugins/groq-plugin');
    const list = await rest.get('/api/v1/plugins');
    const registry = await rest.get('/registry.json');
    await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: 'groq-plugin' }, { description: 'Rewritten just now' }));

    const after = await rest.get('/api/v1/plugins/groq-plugin', { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.body.description).toBe('Rewritten just now');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await rest.get('/api/v1/plugins', { 'if-none-match': list.headers.get('etag')! })).status).toBe(200);
    const newRegistry = await rest.get('/registry.json', { 'if-none-match': registry.headers.get('etag')! });
    expect(newRegistry.status).toBe(200);
    expect(newRegistry.body.plugins.find((p: { id: string }) => p.id === 'groq-plugin').description).toBe('Rewritten just now');

    const settled = await rest.get('/api/v1/plugins/groq-plugin', { 'if-none-match': after.headers.get('etag')! });
    expect(settled.status).toBe(304);
  });

  it('serves a repeated read from memory: at most the data version is read', async () => {
    // kept from the second request on
    await rest.get('/api/v1/plugins/anthropic-plugin');
    await rest.get('/api/v1/plugins/anthropic-plugin');
    statements.length = 0;
    const again = await rest.get('/api/v1/plugins/anthropic-plugin');
    expect(again.status).toBe(200);
    // the data version is remembered between notifications (PostgreSQL) or for a moment (SQLite), then read again
    expect(statements.filter((sql) => !/registry_meta/.test(sql))).toEqual([]);
  });

  it('marks answers to a request with credentials private', async () => {
    const { auth } = await t.user();
    const anonymous = await rest.get('/api/v1/plugins');
    const res = await rest.get('/api/v1/plugins', auth);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.body).toEqual(anonymous.body);
  });

  // Issue 14: a bad key answered 200 on the REST reads (which skipped the request context) and 401 on GraphQL.
  it.each(READS)('answers 401 to a bad key on GET %s, as GraphQL does', async (path) => {
    for (const authorization of ['Bearer loom_invalid', 'Bearer someone', 'Basic YTpi', '']) {
      const res = await rest.get(path, { authorization });
      expect(res.status, authorization).toBe(401);
      expect(res.body, authorization).toEqual({ error: { code: 'UNAUTHENTICATED', message: BAD_CREDENTIALS } });
      expect(res.headers.get('cache-control'), authorization).toBe('no-store');
    }
    const graphql = await t.graphql(PluginCountDocument, { first: 1 }, { authorization: 'Bearer loom_invalid' });
    expect(graphql.status).toBe(401);
  });

  it('gives each content coding its own ETag and says the answer varies by Accept-Encoding', async () => {
    const plain = await rest.get('/api/v1/plugins', { 'accept-encoding': 'identity' });
    const br = await rest.get('/api/v1/plugins', { 'accept-encoding': 'br' });
    const gzip = await rest.get('/api/v1/plugins', { 'accept-encoding': 'gzip' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(new Set([plain, br, gzip].map((r) => r.headers.get('etag'))).size).toBe(3);
    for (const r of [plain, br, gzip]) expect(r.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.body).toEqual(plain.body);
    expect(gzip.body).toEqual(plain.body);
    const crossed = await rest.get('/api/v1/plugins', { 'accept-encoding': 'br', 'if-none-match': plain.headers.get('etag')! });
    expect(crossed.status).toBe(200);
  });

  it('keeps ETags and 304s with the response cache turned off', async () => {
    const uncached = await createTestApp({ responseCacheSize: 0 });
    try {
      const client = await restClient(uncached.url);
      const first = await client.get('/api/v1/plugins/openai-plugin');
      const again = await client.get('/api/v1/plugins/openai-plugin', { 'if-none-match': first.headers.get('etag')! });
      expect(again.status).toBe(304);
    } finally {
      await uncached.close();
    }
  });
});

describe('content negotiation and conditions', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['gzip', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['*', 'br'],
    ['*;q=0', undefined],
    ['gzip;q=0, *', 'br'],
    ['deflate', undefined],
  ])('Accept-Encoding %j → %s', (header, coding) => {
    expect(negotiate(header)).toBe(coding);
  });

  it('compares If-None-Match weakly against one ETag', () => {
    expect(etagMatches('"a"', '"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"b" , "a"', '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches('"a-gz"', '"a"')).toBe(false);
    expect(etagMatches(undefined, '"a"')).toBe(false);
  });
});

describe('CORS', () => {
  it('lets any origin read, with the validators exposed', async () => {
    const res = await rest.get('/api/v1/plugins/openai-plugin/versions/1.3.0/manifest', { origin: 'https://example.test' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Repr-Digest/);
  });

  it('answers a preflight that asks to send If-None-Match', async () => {
    const res = await fetch(`${t.url}/api/v1/plugins`, {
      method: 'OPTIONS',
      headers: { origin: 'https://example.test', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/if-none-match/i);
  });
});

describe('one error format', () => {
  it.each([
    ['/api/v1/plugins', 'GET, POST, HEAD'],
    ['/api/v1/plugins/openai-plugin', 'GET, HEAD'],
    ['/api/v1/plugins/openai-plugin/reviews', 'GET, POST, DELETE, HEAD'],
    ['/registry.json', 'GET, HEAD'],
    ['/api/v1/openapi.json', 'GET, HEAD'],
  ])('answers 405 with Allow to PATCH %s', async (path, allow) => {
    const res = await rest.request('PATCH', path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers 404 for an unknown REST path', async () => {
    const res = await rest.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /api/v1/nothing-here' } });
  });

  it('answers 413 for an oversized body and 415 for a non-JSON one', async () => {
    const big = await rest.request('POST', '/api/v1/plugins', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await rest.request('POST', '/api/v1/plugins', { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const json = await rest.request('POST', '/api/v1/plugins', { headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(401);
  });

  it('answers a request Node cannot parse in the same format, never with a stack trace', async () => {
    const { port } = new URL(t.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('GET /api/v1/plugins HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1.1 400 Bad Request/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'malformed HTTP request' } });
  });
});
