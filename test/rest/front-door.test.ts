import http from 'node:http';
import type { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Raw {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
}

function send(method: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .request(`${t.url}${path}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject)
      .end();
  });
}

/** The same request through Fastify's routes (inject never passes the HTTP server, so never the front door). */
async function routed(method: string, path: string, headers: Record<string, string>): Promise<Raw> {
  const res = await t.app.server.inject({ method: method as 'GET', url: path, headers });
  return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
}

/** Headers Node's server adds to every answer, which an injected request does not get. */
const TRANSPORT = ['date', 'connection', 'keep-alive', 'transfer-encoding'];
const own = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !TRANSPORT.includes(name)));
const fromMemory = async () => (await t.app.metrics.fromMemory.get()).values[0].value;

// not /registry.json: it is streamed from files by its route (server/rest/registry.ts), never kept in memory
const PATHS = ['/api/v1/plugins', '/api/v1/plugins?search=openai&limit=5', '/api/v1/plugins/openai-plugin', '/api/v1/plugins/openai-plugin/reviews?limit=2', '/api/v1/openapi.json'];

describe('the front door', () => {
  it.each(PATHS)('answers a repeated anonymous read of %s from memory exactly as the route does', async (path) => {
    // kept from the second request on (versioned-lru.ts)
    await send('GET', path, {});
    const first = await send('GET', path, {});
    expect(first.status).toBe(200);
    const etag = first.headers.etag as string;
    const variants: [string, Record<string, string>][] = [
      ['GET', {}],
      ['GET', { 'accept-encoding': 'gzip' }],
      ['GET', { 'accept-encoding': 'br, gzip' }],
      ['GET', { 'if-none-match': etag }],
      ['GET', { 'if-none-match': '"stale"' }],
      ['GET', { origin: 'https://example.test' }],
      ['HEAD', {}],
    ];
    for (const [method, headers] of variants) {
      const before = await fromMemory();
      const fast = await send(method, path, headers);
      expect(await fromMemory(), `${method} ${JSON.stringify(headers)} was answered from memory`).toBe(before + 1);
      const slow = await routed(method, path, headers);
      expect({ status: fast.status, headers: own(fast.headers) }, `${method} ${JSON.stringify(headers)}`).toEqual({ status: slow.status, headers: own(slow.headers) });
      expect(fast.body.equals(slow.body)).toBe(true);
    }
  });

  it('leaves to the routes what it does not keep: credentials, other methods, first reads and errors', async () => {
    const { auth } = await t.user();
    await send('GET', '/api/v1/plugins/ollama-plugin', {});
    const before = await fromMemory();
    expect((await send('GET', '/api/v1/plugins/ollama-plugin', auth)).headers['cache-control']).toBe('private, no-cache');
    expect((await send('GET', '/api/v1/plugins/ollama-plugin', { authorization: 'Bearer loom_invalid' })).status).toBe(401);
    expect((await send('OPTIONS', '/api/v1/plugins/ollama-plugin', { origin: 'https://example.test', 'access-control-request-method': 'GET' })).status).toBe(204);
    expect((await send('GET', '/api/v1/plugins/ollama-plugin?reviews_limit=1', {})).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await send('GET', '/api/v1/plugins/no-such-plugin', {})).status).toBe(404);
    expect(await fromMemory()).toBe(before);
  });

  it('keeps a read from its second request on: queries asked once each are never kept', async () => {
    const before = await fromMemory();
    for (const q of ['ol', 'oll', 'olla', 'ollam', 'ollama']) expect((await send('GET', `/api/v1/plugins?search=${q}`, {})).status).toBe(200);
    for (const q of ['ol', 'oll', 'olla', 'ollam', 'ollama']) expect((await send('GET', `/api/v1/plugins?search=${q}&limit=3`, {})).status).toBe(200);
    expect(await fromMemory()).toBe(before);
    await send('GET', '/api/v1/plugins?search=ollama', {});
    await send('GET', '/api/v1/plugins?search=ollama', {});
    expect(await fromMemory()).toBe(before + 1);
  });

  it('counts what it answers under the route pattern, like any request the routes answer', async () => {
    const detail = async () => {
      const metric = await (t.app.metrics.registry.getSingleMetric('http_requests_total') as Counter).get();
      return metric.values.find((v) => v.labels.route === '/api/v1/plugins/:id' && v.labels.status === '200' && v.labels.method === 'GET')?.value ?? 0;
    };
    const before = await detail();
    await send('GET', '/api/v1/plugins/vllm-plugin', {});
    await send('GET', '/api/v1/plugins/vllm-plugin', {});
    expect(await detail()).toBe(before + 2);
  });
});
