import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { Star } from '../../server/modules/community/community.entity.js';
import { createTestApp, errorCode, type TestApp } from '../helpers/app.js';

/** Regression tests for what an adversarial run found at the edge (issue 20, items 3, 9 and 10). */

let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ statsFlushMs: 60_000, responseCacheSize: 0, maxQueryDepth: 4 });
  auth = (await t.user('user', 'mallory')).auth;
});
afterAll(() => t.close());

interface Answer {
  status: number;
  body: any;
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const gql = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}, extensions?: unknown) =>
  send('POST', '/graphql', { query, variables, extensions }, headers);

/** Watches the server's error-level log for the duration of `run`. */
async function errorLogsDuring(run: () => Promise<void>): Promise<unknown[]> {
  const spy = vi.spyOn(t.app.server.log, 'error');
  try {
    await run();
    return spy.mock.calls;
  } finally {
    spy.mockRestore();
  }
}

describe('GraphQL documents the depth limit could not walk', () => {
  it.each([
    ['a fragment that spreads itself', '{ ...A } fragment A on Query { ...A }', /Cannot spread fragment "A" within itself/],
    ['a fragment cycle through another', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', /Cannot spread fragment "A" within itself via "B"/],
    ['a spread of an undefined fragment', '{ ...Missing }', /Unknown fragment "Missing"/],
    ['an undefined spread in a nested selection', '{ plugins { nodes { ...Missing } } }', /Unknown fragment "Missing"/],
  ])('answers %s with 400 GRAPHQL_VALIDATION_FAILED', async (_name, query, message) => {
    const logged = await errorLogsDuring(async () => {
      const res = await gql(query);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(message);
    });
    expect(logged).toEqual([]);
  });

  it('still limits the depth of a valid document, through its fragments', async () => {
    expect((await gql('{ ...F } fragment F on Query { plugins { nodes { id } } }')).status).toBe(200);
    const res = await gql('{ ...F } fragment F on Query { plugins { nodes { reviews { nodes { author { username } } } } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ message: expect.stringMatching(/exceeds maximum operation depth of 4/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });
});

describe('control characters are refused at the edge with 400', () => {
  it.each([
    ['a path parameter', 'POST', '/api/v1/plugins/a%00b/installs', { version: '1.0.0' }, 'path.id'],
    ['a path parameter of a read', 'GET', '/api/v1/plugins/%00', undefined, 'path.id'],
    ['a query parameter', 'GET', '/api/v1/plugins?search=a%01b', undefined, 'query.search'],
    ['a telemetry field', 'POST', '/api/v1/telemetry', { plugin_id: 'openai-plugin', version: '\u0000', requests: 1, errors: 0 }, 'body.version'],
    ['an install version', 'POST', '/api/v1/plugins/openai-plugin/installs', { version: '1.0.0\u001b' }, 'body.version'],
    ['a submission id', 'PUT', '/api/v1/submissions/sub-%00', {}, 'path.id'],
    ['a submission action id', 'POST', '/api/v1/submissions/a%7f/claim', {}, 'path.id'],
    ['a review comment', 'POST', '/api/v1/plugins/openai-plugin/reviews', { rating: 5, comment: 'ok\u0000' }, 'body.comment'],
    ['a review route id', 'DELETE', '/api/v1/plugins/x%00/reviews', undefined, 'path.id'],
    ['a JSON key', 'POST', '/api/v1/plugins', { 'plug\u0000in': {} }, 'body.plug\u0000in'],
    ['a submission document', 'POST', '/api/v1/plugins', { plugin: { id: 'abc', name: 'x\u0000' } }, 'body.plugin.name'],
  ])('in %s', async (_name, method, path, body, field) => {
    const res = await send(method, path, body, auth);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field }, message: expect.stringMatching(/control characters .* are not allowed/) });
  });

  it('and so is JSON nested deeper than 32 levels, which overflowed the stack behind the parser', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    for (const path of ['/api/v1/plugins', '/api/v1/telemetry', '/api/v1/plugins/openai-plugin/reviews']) {
      const res = await send('POST', path, `{"a":${deep(100_000)}}`, auth);
      expect(res.status, path).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/nested more than 32 deep/) });
    }
    const graphql = await send('POST', '/graphql', `{"query":"{ __typename }","variables":{"v":${deep(30_000)}}}`);
    expect(graphql.status).toBe(400);
    expect(graphql.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // a submission's own nesting is far from the limit
    expect((await send('POST', '/api/v1/telemetry', { plugin_id: 'openai-plugin', version: '1.0.0', requests: 1, errors: 0, extra: JSON.parse(deep(30)) }, auth)).body.error?.message ?? '').not.toMatch(/nested/);
  });

  it('allows tabs and line breaks in text', async () => {
    const res = await send('POST', '/api/v1/plugins/openai-plugin/reviews', { rating: 4, comment: 'line one\nline two\r\n\tindented' }, auth);
    expect(res.status).toBe(200);
  });

  it('in GraphQL variables, string literals and GET variables alike, as GraphQL errors', async () => {
    const byVariable = await gql('query($id: ID!) { plugin(id: $id) { id } }', { id: 'open\u0000ai-plugin' });
    expect(byVariable.status).toBe(400);
    expect(byVariable.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/control characters/) });
    const byLiteral = await gql('{ plugins(search: "a\\u0007b") { totalCount } }');
    expect(byLiteral.status).toBe(400);
    expect(byLiteral.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const search = new URLSearchParams({ query: 'query($s: String) { plugins(search: $s) { totalCount } }', variables: JSON.stringify({ s: '\u0000' }) });
    const byGet = await send('GET', `/graphql?${search}`);
    expect(byGet.status).toBe(400);
    expect(byGet.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const inMutation = await gql('mutation($c: String!) { reviewPlugin(id: "openai-plugin", rating: 3, comment: $c) { rating } }', { c: 'x\u0000' }, auth);
    expect(inMutation.status).toBe(400);
    expect(inMutation.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('client errors are 4xx with a code, never "Internal server error"', () => {
  it.each([
    ['a persisted query whose hash does not match', { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }, 'BAD_REQUEST'],
    ['a persisted query of an unknown version', { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } }, 'BAD_REQUEST'],
    ['a subscription', { query: 'subscription { __typename }' }, 'BAD_REQUEST'],
    ['a subscription to a field that does not exist', { query: 'subscription { pluginAdded }' }, 'BAD_REQUEST'],
  ])('%s', async (_name, body, code) => {
    const logged = await errorLogsDuring(async () => {
      const res = await send('POST', '/graphql', body);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe(code);
      expect(res.body.errors[0].message).not.toBe('Internal server error');
    });
    expect(logged).toEqual([]);
  });

  it('keeps the persisted-query protocol: an unknown hash asks for the query, which then registers', async () => {
    const query = '{ plugin(id: "openai-plugin") { id } }';
    const { createHash } = await import('node:crypto');
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await send('POST', '/graphql', { extensions: { persistedQuery } });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await send('POST', '/graphql', { query, extensions: { persistedQuery } })).body.data.plugin.id).toBe('openai-plugin');
    expect((await send('POST', '/graphql', { extensions: { persistedQuery } })).body.data.plugin.id).toBe('openai-plugin');
  });
});

describe('GraphQL document size', () => {
  it('answers a body over GRAPHQL_BODY_LIMIT with 413, in both error formats', async () => {
    const res = await gql(`{ plugins(search: "${'a'.repeat(200 * 1024)}") { totalCount } }`);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/larger than the 131072 bytes \/graphql takes/) });
    expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stops parsing a document of more than GRAPHQL_MAX_TOKENS tokens, with 400', async () => {
    const many = `{ ${'__typename '.repeat(6000)} }`;
    expect(many.length).toBeLessThan(128 * 1024);
    const res = await gql(many);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' }, message: expect.stringMatching(/more tha. 5000 tokens/) });
  });
});

describe('HEAD', () => {
  it('on a manifest answers its headers and counts no download', async () => {
    const plugin = await t.em().findOneOrFail(Plugin, 'cohere-plugin');
    const url = `${t.url}/api/v1/plugins/${plugin.id}/versions/${plugin.version}/manifest`;
    const downloads = async () => {
      await t.app.services.stats.flush();
      return (await t.em().findOneOrFail(Plugin, plugin.id, { refresh: true })).downloads;
    };
    const before = await downloads();
    const head = await fetch(url, { method: 'HEAD', headers: { 'x-loom-install-id': 'install-head0001' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(await downloads()).toBe(before);
    expect((await fetch(url, { headers: { 'x-loom-install-id': 'install-head0001' } })).status).toBe(200);
    expect(await downloads()).toBe(before + 1);
  });
});

describe('write limits for a whole GraphQL request', () => {
  it('refuses a request of more aliased writes than are left as a whole, writing nothing, and gives back what a request did not use', async () => {
    const limited = await createTestApp({ writesPerKey: 5, writesPerIp: 1000 });
    try {
      const u = await limited.user('user', 'aliaser');
      const ids = (await limited.data<{ plugins: { nodes: { id: string }[] } }>('{ plugins(first: 8) { nodes { id } } }')).plugins.nodes.map((n) => n.id);
      const stars = (n: number) => `mutation { ${ids.slice(0, n).map((id, i) => `s${i}: starPlugin(id: "${id}") { id }`).join(' ')} }`;
      const starred = () => limited.em().count(Star, { user: { username: 'aliaser' } });

      const tooMany = await limited.graphql(stars(8), undefined, u.auth);
      expect(tooMany.status).toBe(429);
      expect(errorCode(tooMany)).toBe('RATE_LIMITED');
      expect(tooMany.body.errors![0].message).toMatch(/makes up to 8, and 5 of 5 a minute are left; nothing was written/);
      expect(tooMany.body.data ?? null).toBeNull();
      expect(await starred()).toBe(0);

      // refused before it wrote anything: its reservation is given back
      const badRating = await limited.graphql('mutation { a: ratePlugin(id: "openai-plugin", rating: 9) { rating } }', undefined, u.auth);
      expect(errorCode(badRating)).toBe('BAD_USER_INPUT');

      const fits = await limited.graphql(stars(5), undefined, u.auth);
      expect(fits.status).toBe(200);
      expect(fits.body.errors).toBeUndefined();
      expect(await starred()).toBe(5);
      const over = await limited.graphql(stars(1), undefined, u.auth);
      expect(over.status).toBe(429);
      expect(await starred()).toBe(5);
    } finally {
      await limited.close();
    }
  });
});

/** A raw connection to the test server, and everything it is sent until it closes. */
function connect(url: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

describe('slow and numerous connections', () => {
  it('answers 408 and closes a connection whose body does not arrive within REQUEST_TIMEOUT_SECONDS', async () => {
    const slow = await createTestApp({ requestTimeoutSeconds: 1, headersTimeoutSeconds: 1 });
    try {
      const c = await connect(slow.url);
      c.socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":');
      // (Node's default would hold it for 300 s, far past this test's timeout)
      await c.closed;
      expect(c.received()).toMatch(/^HTTP\/1\.1 408 [^]*the request took too long to arrive/);
    } finally {
      await slow.close();
    }
  });

  it('accepts at most MAX_CONNECTIONS_PER_IP connections from one address, and another once one closes', async () => {
    const capped = await createTestApp({ maxConnectionsPerIp: 3 });
    try {
      const open = await Promise.all([1, 2, 3].map(() => connect(capped.url)));
      const over = await connect(capped.url);
      await over.closed;
      expect(over.received()).toMatch(/^HTTP\/1\.1 503 [^]*too many connections from this address \(at most 3\)/);
      // the ones within the cap are served
      open[0].socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await open[0].closed;
      expect(open[0].received()).toMatch(/^HTTP\/1\.1 200 /);
      await vi.waitFor(async () => {
        const again = await connect(capped.url);
        again.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        await again.closed;
        expect(again.received()).toMatch(/^HTTP\/1\.1 200 /);
      }, { timeout: 5000, interval: 20 });
      for (const c of open) c.socket.destroy();
    } finally {
      await capped.close();
    }
  });
});

describe('the edge settings', () => {
  it('are read from the environment and validated', () => {
    const config = loadConfig([], {
      HEADERS_TIMEOUT_SECONDS: '5',
      REQUEST_TIMEOUT_SECONDS: '20',
      KEEP_ALIVE_TIMEOUT_SECONDS: '65',
      MAX_CONNECTIONS_PER_IP: '0',
      GRAPHQL_BODY_LIMIT: '65536',
      GRAPHQL_MAX_TOKENS: '2000',
    });
    expect(config).toMatchObject({ headersTimeoutSeconds: 5, requestTimeoutSeconds: 20, keepAliveTimeoutSeconds: 65, maxConnectionsPerIp: 0, graphqlBodyLimit: 65536, maxQueryTokens: 2000 });
    expect(loadConfig([], {})).toMatchObject({ headersTimeoutSeconds: 10, requestTimeoutSeconds: 30, maxConnectionsPerIp: 256, graphqlBodyLimit: 131072, maxQueryTokens: 5000 });
    expect(() => loadConfig([], { MAX_CONNECTIONS_PER_IP: '-1' })).toThrow(ConfigError);
    expect(() => loadConfig([], { REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(/requestTimeoutSeconds/);
  });
});
