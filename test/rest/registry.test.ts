import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { registryDocumentSchema, toRegistryEntry } from '../../domain/registry-entry.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { RegistryFiles, type EntryWriter } from '../../server/rest/registry.js';
import { SqliteRegistryScan } from '../../server/modules/catalog/registry-scan.js';
import { DATA_VERSION, read as readCounter } from '../../server/cache/data-version.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_DIALECT } from '../helpers/database.js';
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
function rawGet(path: string, headers: Record<string, string>): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${t.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ statusCode: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** The statement a build of the document starts with: the installable plugins' ids in the document's order. */
const BUILD = /select `?id`?(, rowid)? from `?plugin`? where `?installable`? order by/;

describe('GET /registry.json', () => {
  it("decodes with the exact JSON types of Loom's registry client", async () => {
    const res = await rest.get('/registry.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expectLoomDocument(res.body);
    expect(res.body.plugins).toHaveLength(34);
  });

  it('is the entry schema of domain/ to the letter: no key more or less, each of its type', async () => {
    const { body } = await rest.get('/registry.json');
    expect(registryDocumentSchema.safeParse(body).error?.issues).toBeUndefined();
  });

  it('is the catalog export, at every path, byte for byte what the serializer makes of the entities', async () => {
    const exported = await new CatalogService().export(t.em(), t.app.services.links.registry);
    // Assembled from each plugin's stored fragment: it must say exactly what serialising the entities says.
    const entities = await t.em().find(Plugin, {}, { orderBy: { downloads: 'desc', id: 'asc' } });
    const text = JSON.stringify({ version: '1.0', plugins: entities.filter((p) => p.installable).map((p) => toRegistryEntry(p, t.app.services.links.registry)) });
    expect((await rest.get('/registry.json')).text).toBe(text);
    expect(JSON.stringify(exported)).toBe(text);
    expect((await rest.get('/api/v1/registry.json')).text).toBe(text);
    // Loom requests <source url> + "/registry.json": a source written with a trailing slash asks for //registry.json
    expect((await rawGet('//registry.json', {})).body.toString()).toBe(text);
  });

  it('stores the fragments plugins written behind the app lack, and the document stays the same', async () => {
    const before = (await rest.get('/registry.json')).text;
    await t.writeBehind((em) => em.execute('update plugin set registry_entry = null'));
    expect(await t.app.services.catalog.fillEntryFragments(t.em())).toBe(34);
    expect(await t.em().count(Plugin, { registryEntry: null })).toBe(0);
    await vi.waitFor(async () => expect((await rest.get('/registry.json')).text).toBe(before), { timeout: 5000, interval: 10 });
  });

  it.runIf(TEST_DIALECT === 'sqlite')('finds a row by id again when its rowid moved during a build (a VACUUM renumbers them)', async () => {
    const expected = await new CatalogService().export(t.em(), t.app.services.links.registry);
    const batches = new CatalogService().entryBatches(t.em(), t.app.services.links.registry, 1);
    const first = await batches.next();
    const next = expected.plugins[1].id;
    await t.writeBehind((em) => em.execute('update plugin set rowid = (select max(rowid) + 1 from plugin) where id = ?', [next]));
    const rest: string[] = [];
    for await (const batch of batches) rest.push(...batch);
    expect([...(first.value as string[]), ...rest].map((text) => JSON.parse(text))).toEqual(expected.plugins);
  });

  it("names the registry's own immutable manifest snapshot of each entry's version, with the sha256 of its bytes", async () => {
    const { body } = await rest.get('/registry.json');
    for (const entry of body.plugins.slice(0, 5)) {
      expect(entry.install.manifest_url).toBe(`${t.url}/api/v1/plugins/${entry.id}/versions/${encodeURIComponent(entry.version)}/manifest`);
      const manifest = await fetch(entry.install.manifest_url);
      expect(manifest.status).toBe(200);
      expect(createHash('sha256').update(Buffer.from(await manifest.arrayBuffer())).digest('hex')).toBe(entry.install.sha256);
    }
  });

  it('decodes in Loom whatever the database holds: rows written behind the app, before the rules, of the wrong types', async () => {
    const caps = { streaming: 'yes', vision: 1, Custom_Capabilities: true, custom_capabilities: { Streaming: true, custom_capabilities: true, ſtreaming: true, ok: true, odd: 'x' } };
    await t.writeBehind((em) =>
      em.execute('update plugin set capabilities = ?, tags = ?, screenshots = ?, downloads = ?, rating_count = ?, rating_sum = ? where id = ?', [
        JSON.stringify(caps), JSON.stringify({ not: 'a list' }), JSON.stringify(['https://example.com/a.png', 7]), 2_000_000_000, 3, 99, 'jan-plugin',
      ]),
    );
    const { body } = await rest.get('/registry.json');
    expectLoomDocument(body);
    expect(registryDocumentSchema.safeParse(body).error?.issues).toBeUndefined();
    const jan = body.plugins.find((p: { id: string }) => p.id === 'jan-plugin');
    expect(jan).toMatchObject({
      downloads: 2_000_000_000,
      rating: 5,
      reviews: 3,
      tags: [],
      screenshots: ['https://example.com/a.png'],
      capabilities: { streaming: false, function_calling: false, vision: true, embeddings: false, fine_tuning: false, custom_capabilities: { ok: true } },
    });
    expect(Object.keys(jan.capabilities).sort()).toEqual(['custom_capabilities', 'embeddings', 'fine_tuning', 'function_calling', 'streaming', 'vision']);
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

  it('answers 304 to the ETag of any coding of the current document: identity bytes stay valid once br is written', async () => {
    const plain = await rawGet('/registry.json', {});
    const again = await rawGet('/registry.json', { 'accept-encoding': 'br', 'if-none-match': plain.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.headers.etag).toBe(plain.headers.etag);
    expect((await rawGet('/registry.json', { 'accept-encoding': 'br', 'if-none-match': '"v0-stale"' })).headers['content-encoding']).toBe('br');
  });

  it('is built once per data version, not per request', async () => {
    await rest.get('/registry.json');
    statements.length = 0;
    await rest.get('/registry.json', { 'accept-encoding': 'gzip' });
    await rest.get('/api/v1/registry.json');
    // other statements may run meanwhile (the check queue's and the counters' timers): none of them is a build
    expect(statements.filter((s) => BUILD.test(s))).toEqual([]);

    await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: 'jan-plugin' }, { downloads: 123_456_789 }));
    statements.length = 0;
    const rebuilt = await rest.get('/registry.json');
    expect(statements.filter((s) => BUILD.test(s))).toHaveLength(1);
    expect(rebuilt.body.plugins[0]).toMatchObject({ id: 'jan-plugin', downloads: 123_456_789 });
  });

  it('answers concurrent requests after a write with one build', async () => {
    await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: 'jan-plugin' }, { downloads: 7 }));
    statements.length = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => rest.get('/registry.json')));
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
    expect(statements.filter((s) => BUILD.test(s))).toHaveLength(1);
  });
});

describe.runIf(TEST_DIALECT === 'sqlite')('GET /registry.json from an SQLite file: one scan of a read-only connection', () => {
  let f: TestApp;
  let fileRest: RestClient;
  let dir: string;
  const fileStatements: string[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-registry-scan-'));
    f = await createTestApp({ database: { kind: 'sqlite', file: path.join(dir, 'registry.db') } }, (sql) => fileStatements.push(sql));
    fileRest = await restClient(f.url);
  });
  afterAll(async () => {
    await f.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What serialising the entities makes of the catalog. */
  const serialised = async () => {
    const entities = await f.em().find(Plugin, {}, { orderBy: { downloads: 'desc', id: 'asc' } });
    return JSON.stringify({ version: '1.0', plugins: entities.filter((p) => p.installable).map((p) => toRegistryEntry(p, f.app.services.links.registry)) });
  };
  const dataVersion = async () => Number((await f.em().execute<{ value: number }[]>(readCounter(DATA_VERSION)))[0].value);
  /** A writer that keeps the text and runs `between` at each flush: after every entry, since it is always full. */
  const collect = (between: () => Promise<void> = async () => {}) => {
    const parts: string[] = [];
    const writer: EntryWriter = { text: (text) => void parts.push(text), full: true, flush: between };
    return { writer, text: () => parts.join('') };
  };

  it('is byte for byte what the serializer makes of the entities, in every coding', async () => {
    const text = await serialised();
    fileStatements.length = 0;
    expect((await fileRest.get('/registry.json')).text).toBe(text);
    // read on the scan's own connection, not in the app's batches
    expect(fileStatements.filter((s) => BUILD.test(s))).toEqual([]);
    const br = await fetch(`${f.url}/registry.json`, { headers: { 'accept-encoding': 'br' } });
    await vi.waitFor(async () => expect((await fetch(`${f.url}/registry.json`, { headers: { 'accept-encoding': 'br' } })).headers.get('content-encoding')).toBe('br'), { timeout: 20_000, interval: 10 });
    expect(await br.text()).toBe(text);
  });

  it('serialises a plugin without a stored fragment from its columns, and the document stays the same', async () => {
    const before = await serialised();
    await f.writeBehind((em) => em.execute("update plugin set registry_entry = null where id in ('jan-plugin', ?)", [JSON.parse(before).plugins[0].id]));
    await vi.waitFor(async () => expect((await fileRest.get('/registry.json')).text).toBe(before), { timeout: 20_000, interval: 10 });
  });

  it('reads one snapshot: writes committed during a scan are not in it, and it claims the data version it read', async () => {
    const scan = await SqliteRegistryScan.of(f.app.orm, path.join(dir, 'registry.db'), f.app.services.links.registry as never);
    try {
      const expected = JSON.parse(await serialised()).plugins as { id: string; downloads: number }[];
      const version = await dataVersion();
      let writes = 0;
      const during = collect(async () => {
        // after the first entry: the last plugin becomes the most downloaded, and the first is gone from the catalog
        if (writes++ > 0) return;
        await f.em().execute('update plugin set downloads = ? where id = ?', [999_999_999, expected[expected.length - 1].id]);
        await f.em().execute('update plugin set installable = false where id = ?', [expected[1].id]);
      });
      expect(await scan.scan(during.writer)).toBe(version);
      expect(JSON.parse(`[${during.text()}]`)).toEqual(expected);
      expect(await dataVersion()).toBeGreaterThan(version);

      const after = collect();
      expect(await scan.scan(after.writer)).toBe(await dataVersion());
      const plugins = JSON.parse(`[${after.text()}]`) as { id: string; downloads: number }[];
      expect(plugins[0]).toMatchObject({ id: expected[expected.length - 1].id, downloads: 999_999_999 });
      expect(plugins.map((p) => p.id)).not.toContain(expected[1].id);
    } finally {
      scan.close();
    }
  });
});

describe('RegistryFiles: stale-while-revalidate', () => {
  /** A catalog whose builds wait until the test lets them through, counting them. */
  function gatedSource() {
    let open!: () => void;
    let gate = Promise.resolve();
    const source = {
      builds: 0,
      entries: ['{"id":"a"}'],
      close() {
        gate = new Promise<void>((resolve) => (open = resolve));
      },
      open: () => open(),
      async *batches() {
        source.builds++;
        await gate;
        yield source.entries;
      },
    };
    return source;
  }
  const silent = { error() {} } as never;
  const read = async (files: RegistryFiles, version: number) => {
    const g = await files.generation(version);
    return { version: g.version, text: fs.readFileSync(g.files.identity!.path, 'utf8') };
  };

  it('gives readers the previous document while a rebuild is blocked, after a bounded wait, and the new one once it is built', async () => {
    const source = gatedSource();
    const files = new RegistryFiles(source, (v) => `v${v}`, silent, 30);
    try {
      expect(await read(files, 1)).toEqual({ version: 1, text: '{"version":"1.0","plugins":[{"id":"a"}]}' });
      // served as soon as its identity bytes are written; done once its codings are too
      await vi.waitFor(async () => expect((await files.generation(1)).files.br).toBeDefined(), { timeout: 5000, interval: 5 });
      source.entries = ['{"id":"b"}'];
      source.close();
      // the rebuild for version 2 cannot finish: readers still get version 1, after at most the fresh wait
      const stale = await Promise.all([read(files, 2), read(files, 2), read(files, 3)]);
      expect(stale.map((r) => r.version)).toEqual([1, 1, 1]);
      // the rebuild is under way, held at the gate (on a loaded machine it may reach the gate after the fresh wait)
      await vi.waitFor(() => expect(source.builds).toBe(2), { timeout: 5000, interval: 5 });
      source.open();
      // Versions 2 and 3 were asked for while a build was under way: at most one more build follows, for 3. (When the
      // first build's loop had not quite ended as 2 and 3 were asked for, the held build is already the one for 3.)
      await vi.waitFor(async () => expect(await read(files, 3)).toEqual({ version: 3, text: '{"version":"1.0","plugins":[{"id":"b"}]}' }), { timeout: 5000, interval: 10 });
      expect([2, 3]).toContain(source.builds);
      const fresh = await files.generation(3);
      expect(zlib.gunzipSync(fs.readFileSync(fresh.files.gzip!.path)).toString()).toBe('{"version":"1.0","plugins":[{"id":"b"}]}');
      expect(zlib.brotliDecompressSync(fs.readFileSync(fresh.files.br!.path)).toString()).toBe('{"version":"1.0","plugins":[{"id":"b"}]}');
    } finally {
      source.open();
      await files.close();
    }
  });

  it('makes the very first reader wait for the first build, which several readers share', async () => {
    const source = gatedSource();
    source.close();
    const files = new RegistryFiles(source, (v) => `v${v}`, silent, 30);
    try {
      const readers = [read(files, 5), read(files, 5)];
      source.open();
      expect((await Promise.all(readers)).map((r) => r.version)).toEqual([5, 5]);
      expect(source.builds).toBe(1);
    } finally {
      await files.close();
    }
  });
});
