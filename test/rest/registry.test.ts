import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { toRegistryEntry } from '../../server/modules/catalog/registry-entry.js';
import { Plugin } from '../../server/modules/plugin/plugin.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectLoomDocument } from '../helpers/loom.js';
import { restClient, type RestClient } from '../helpers/rest.js';

let t: TestApp;
let rest: RestClient;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, (sql) => statements.push(sql));
  rest = await restClient(t.url);
});
afterAll(() => t.close());

/** The bytes as sent (fetch would decode them), to check each coding decodes on its own. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${t.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('GET /registry.json', () => {
  it("decodes with the exact JSON types of Loom's registry client", async () => {
    const res = await rest.get('/registry.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expectLoomDocument(res.body);
    expect(res.body.plugins).toHaveLength(34);
  });

  it('is the catalog export, at both paths', async () => {
    const exported = await new CatalogService().export(t.em());
    // The export reads rows, not entities, for speed: it must say exactly what the entities say.
    const entities = await t.em().find(Plugin, {}, { orderBy: { downloads: 'desc', id: 'asc' } });
    expect(JSON.stringify(exported)).toBe(JSON.stringify({ version: '1.0', plugins: entities.map(toRegistryEntry) }));
    expect((await rest.get('/registry.json')).body).toEqual(exported);
    expect((await rest.get('/api/v1/registry.json')).text).toBe((await rest.get('/registry.json')).text);
  });

  it('comes precompressed as br or gzip, each decoding to the same document', async () => {
    const plain = await rawGet('/registry.json', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await rawGet('/registry.json', { 'accept-encoding': 'br' });
    const gzip = await rawGet('/registry.json', { 'accept-encoding': 'gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(zlib.gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    for (const r of [plain, br, gzip]) expect(r.headers.vary).toBe('Accept-Encoding');
    expect(new Set([plain, br, gzip].map((r) => r.headers.etag)).size).toBe(3);
  });

  it('is built once per data version, not per request', async () => {
    await rest.get('/registry.json');
    statements.length = 0;
    await rest.get('/registry.json', { 'accept-encoding': 'gzip' });
    await rest.get('/api/v1/registry.json');
    expect(statements.every((s) => /registry_meta/.test(s))).toBe(true);

    await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: 'jan-plugin' }, { downloads: 123_456_789 }));
    statements.length = 0;
    const rebuilt = await rest.get('/registry.json');
    expect(statements.some((s) => /from `?plugin`? /.test(s))).toBe(true);
    expect(rebuilt.body.plugins[0]).toMatchObject({ id: 'jan-plugin', downloads: 123_456_789 });
  });

  it('answers concurrent requests after a write with one build', async () => {
    await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: 'jan-plugin' }, { downloads: 7 }));
    statements.length = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => rest.get('/registry.json')));
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(statements.filter((s) => /from `?plugin`? /.test(s))).toHaveLength(1);
  });
});
