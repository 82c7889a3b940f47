import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, createClient } from '../../client/client.js';
import { PluginDetailDocument, SearchPluginsDocument, TypedDocumentString } from '../../client/gql/graphql.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { StaticHost } from '../helpers/cli.js';

let t: TestApp;
let host: StaticHost;
beforeAll(async () => {
  t = await createTestApp();
  host = await new StaticHost().start();
});
afterAll(async () => {
  await host.close();
  await t.close();
});

const ok = JSON.stringify({ data: { plugin: null } });
const mutation = new TypedDocumentString<{ ping: boolean }, Record<string, never>>('mutation Ping { ping }');

async function failure(work: Promise<unknown>): Promise<ClientError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClientError);
  return err as ClientError;
}

describe('against the registry', () => {
  it('runs a generated document and returns typed data', async () => {
    const client = createClient({ url: `${t.url}/graphql` });
    const { plugins } = await client.request(SearchPluginsDocument, { search: 'openai', first: 3 });
    expect(plugins.nodes.map((p) => p.id)).toContain('openai-plugin');
    expect(plugins.nodes[0].stats.downloads).toBeGreaterThan(0);
  });

  it('carries the server code of a GraphQL error', async () => {
    const client = createClient({ url: `${t.url}/graphql` });
    const notFound = await failure(client.request(PluginDetailDocument, { id: 'no-such-plugin' }));
    expect(notFound.code).toBe('NOT_FOUND');
    const bad = await failure(client.request(SearchPluginsDocument, { search: 'a'.repeat(201) }));
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.details).toEqual({ field: 'search' });
  });
});

describe('transport', () => {
  const client = (path: string, extra = {}) => createClient({ url: `${host.url}${path}`, backoffMs: 1, ...extra });

  it('retries a read after 5xx answers, with the token on every attempt', async () => {
    let calls = 0;
    const auth: (string | undefined)[] = [];
    host.routes.set('/flaky', (req, res) => {
      auth.push(req.headers.authorization);
      if (++calls < 3) return void res.writeHead(503).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' }).end(ok);
    });
    await expect(client('/flaky', { token: 'k1' }).request(PluginDetailDocument, { id: 'x' })).resolves.toEqual({ plugin: null });
    expect(calls).toBe(3);
    expect(auth).toEqual(['Bearer k1', 'Bearer k1', 'Bearer k1']);
  });

  it('retries a read after a dropped connection', async () => {
    let calls = 0;
    host.routes.set('/drop', (req, res) => {
      if (++calls === 1) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json' }).end(ok);
    });
    await expect(client('/drop').request(PluginDetailDocument, { id: 'x' })).resolves.toEqual({ plugin: null });
    expect(calls).toBe(2);
  });

  it('gives up after the retries, and never retries a mutation', async () => {
    let calls = 0;
    host.routes.set('/down', (_req, res) => {
      calls++;
      res.writeHead(502).end('bad gateway');
    });
    const read = await failure(client('/down', { retries: 2 }).request(PluginDetailDocument, { id: 'x' }));
    expect([read.code, read.status, calls]).toEqual(['INTERNAL_SERVER_ERROR', 502, 3]);
    calls = 0;
    const write = await failure(client('/down').request(mutation, {}));
    expect([write.status, calls]).toEqual([502, 1]);
  });

  it('times out', async () => {
    host.routes.set('/silent', () => {});
    const err = await failure(client('/silent', { timeoutMs: 100, retries: 0 }).request(PluginDetailDocument, { id: 'x' }));
    expect(err.code).toBe('TIMEOUT');
  });

  it('reports an answer that is not GraphQL', async () => {
    host.text('/html', '<html>hello</html>', { 'content-type': 'text/html' });
    const err = await failure(client('/html').request(PluginDetailDocument, { id: 'x' }));
    expect([err.code, err.status]).toEqual(['BAD_RESPONSE', 200]);
    const refused = await failure(createClient({ url: 'http://127.0.0.1:1/graphql', retries: 0 }).request(PluginDetailDocument, { id: 'x' }));
    expect(refused.code).toBe('NETWORK_ERROR');
  });
});
