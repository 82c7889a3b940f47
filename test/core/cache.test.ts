import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginNameDocument } from '../gql/graphql.js';
import { VersionedLru } from '../../server/cache/versioned-lru.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/database.js';

let t: TestApp;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, (sql) => statements.push(sql));
});
afterAll(() => t.close());

const GROQ = { id: 'groq-plugin' };

async function rename(app: TestApp, id: string, name: string, downloads: number): Promise<void> {
  const em = app.em();
  const plugin = await em.findOneOrFail(Plugin, { id });
  em.assign(plugin, { name, downloads });
  await em.flush();
}

it('serves a repeated anonymous query from the response cache, and a write invalidates it at once', async () => {
  const first = await t.data(PluginNameDocument, GROQ);
  expect(first.plugin!.name).toBe('Groq Provider');
  // kept from the second request on: one asked once is not kept
  const once = await fromCache();
  expect(await t.data(PluginNameDocument, GROQ)).toEqual(first);
  expect(await fromCache()).toBe(once);

  statements.length = 0;
  expect(await t.data(PluginNameDocument, GROQ)).toEqual(first);
  expect(await fromCache()).toBe(once + 1);
  // The answer came from the cache: no SQL ran but, at most, the data-version lookup (PostgreSQL keeps the
  // version in memory between notifications, SQLite for SQLITE_VERSION_FRESH_MS), and the submission checks' queue,
  // which polls on its own clock every 2 s (on a loaded machine its turn can fall between these two lines).
  expect(statements.filter((s) => !/registry_meta|checks_state/.test(s))).toEqual([]);

  await rename(t, 'groq-plugin', 'Groq Cloud Provider', 9);
  const after = await t.data(PluginNameDocument, GROQ);
  expect(after.plugin).toEqual({ name: 'Groq Cloud Provider', stats: { downloads: 9 } });
});

it('keeps a value from its key\'s second request on, remembering keys across data versions', () => {
  const lru = new VersionedLru<{ n: number }>({ entries: 100, maxBytes: 1 << 20, size: () => 1, secondRequest: true });
  lru.get(1, 'seed');
  for (let n = 0; n < 10_000; n++) lru.set(1, `distinct ${n}`, { n });
  expect(Array.from({ length: 10_000 }, (_, n) => lru.peek(1, `distinct ${n}`)).filter(Boolean)).toEqual([]);
  lru.set(1, 'popular', { n: 1 });
  expect(lru.get(1, 'popular')).toBeUndefined();
  lru.set(1, 'popular', { n: 2 });
  expect(lru.get(1, 'popular')).toEqual({ n: 2 });
  // a write drops every kept value, but a key asked before is kept at its next request
  expect(lru.get(2, 'popular')).toBeUndefined();
  lru.set(2, 'popular', { n: 3 });
  expect(lru.get(2, 'popular')).toEqual({ n: 3 });
});

/** GraphQL answers sent from the response cache so far. */
async function fromCache(): Promise<number> {
  return Number(/^graphql_responses_from_cache_total (\d+)/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1] ?? 0);
}

it('never caches a response that carries errors, nor an authenticated request', async () => {
  await t.graphql(PluginNameDocument, { id: 'no-such' });
  const before = await fromCache();
  const missing = await t.graphql(PluginNameDocument, { id: 'no-such' });
  expect(missing.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  expect(await fromCache()).toBe(before);

  // kept from the second request on
  await t.data(PluginNameDocument, GROQ);
  await t.data(PluginNameDocument, GROQ);
  const { auth } = await t.user();
  const kept = await fromCache();
  const res = await t.graphql(PluginNameDocument, GROQ, auth);
  expect(res.status).toBe(200);
  expect(res.body.data).toEqual({ plugin: { name: 'Groq Cloud Provider', stats: { downloads: 9 } } });
  expect(await fromCache()).toBe(kept);
  // the anonymous answer was kept all along
  await t.data(PluginNameDocument, GROQ);
  expect(await fromCache()).toBe(kept + 1);
});

it('follows writes made by another replica on the same database', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-replicas-'));
  const db = await createTestDatabase({ file: path.join(dir, 'registry.db') });
  const a = await createTestApp({ database: db.config });
  const b = await createTestApp({ database: db.config });
  try {
    expect((await b.data(PluginNameDocument, GROQ)).plugin!.name).toBe('Groq Provider');
    await rename(a, 'groq-plugin', 'Groq Elsewhere', 5);
    // SQLite: once b reads the version again (SQLITE_VERSION_FRESH_MS). PostgreSQL: when b hears the NOTIFY of a's commit.
    await vi.waitFor(async () => expect((await b.data(PluginNameDocument, GROQ)).plugin!.name).toBe('Groq Elsewhere'), { timeout: 5000, interval: 20 });
  } finally {
    await b.close();
    await a.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it.runIf(TEST_DIALECT === 'postgresql')('keeps the version right when the LISTEN connection drops, and listens again', async () => {
  const before = await t.app.dataVersion.current();
  const conn = t.em().getConnection();
  await conn.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'listen registry_data_version'");
  // a write no notification announces and this process's ORM does not see
  await conn.execute("update plugin set downloads = downloads + 1 where id = 'groq-plugin'");
  await vi.waitFor(async () => expect(await t.app.dataVersion.current()).toBeGreaterThan(before), { timeout: 5000, interval: 20 });
  // listening again (it retries every second): the version is remembered, so reading it runs no SQL
  await vi.waitFor(async () => {
    await t.app.dataVersion.current();
    statements.length = 0;
    await t.app.dataVersion.current();
    expect(statements).toEqual([]);
  }, { timeout: 5000, interval: 50 });
  // and a write from outside this process's ORM is announced to it
  const second = await t.app.dataVersion.current();
  await conn.execute("update plugin set downloads = downloads + 1 where id = 'groq-plugin'");
  await vi.waitFor(async () => expect(await t.app.dataVersion.current()).toBeGreaterThan(second), { timeout: 5000, interval: 20 });
});

it('keeps plugin rows for the data version they were read at: read once however many callers, read again after a write', async () => {
  const { auth } = await t.user();
  const rows = () => statements.filter((s) => /from [`"]plugin[`"] where [`"]id[`"] in/.test(s));
  const first = (await t.graphql(PluginNameDocument, GROQ, auth)).body.data;
  expect(first).toMatchObject({ plugin: { name: 'Groq Cloud Provider' } });
  statements.length = 0;
  // signed in: no response cache, so these run the resolvers
  for (let i = 0; i < 3; i++) expect((await t.graphql(PluginNameDocument, GROQ, auth)).body.data).toEqual(first);
  expect(rows()).toEqual([]);

  await rename(t, 'groq-plugin', 'Groq Kept Provider', 21);
  expect((await t.graphql(PluginNameDocument, GROQ, auth)).body.data).toEqual({ plugin: { name: 'Groq Kept Provider', stats: { downloads: 21 } } });
  expect(rows()).toHaveLength(1);
});

it('shares kept rows frozen, and reads their JSON fields afresh, so no request can change what the next one reads', async () => {
  const read = async () => (await t.app.services.plugins.list(t.app.services.plugins.query({ first: 1 }))).plugins[0];
  const plugin = await read();
  expect(Object.isFrozen(plugin)).toBe(true);
  expect(() => {
    (plugin as { name: string }).name = 'changed';
  }).toThrow(TypeError);
  const tags = [...plugin.tags];
  expect(tags.length).toBeGreaterThan(0);
  plugin.tags.push('changed');
  plugin.capabilities.vision = !plugin.capabilities.vision;
  const again = await read();
  expect(again).toBe(plugin);
  expect(again.tags).toEqual(tags);
  expect(again.capabilities).toEqual((await read()).capabilities);
  expect(again.capabilities.vision).toBe(plugin.capabilities.vision);
});

it('shows a new or removed maintainer at once, to the response cache and to signed-out readers alike', async () => {
  const MAINTAINERS = '{ plugin(id: "groq-plugin") { maintainers { username } } }';
  const maintainers = async () => ((await t.graphql<{ plugin: { maintainers: { username: string }[] } }>(MAINTAINERS)).body.data!.plugin.maintainers).map((m) => m.username);
  const admin = (await t.user('admin')).auth;
  const helper = await t.user('user');
  const before = await maintainers();
  expect(await maintainers()).toEqual(before);
  const added = await t.graphql('mutation($u: String!) { addMaintainer(pluginId: "groq-plugin", username: $u) { id } }', { u: helper.username }, admin);
  expect(added.body.errors).toBeUndefined();
  expect(await maintainers()).toEqual([...before, helper.username]);
  const removed = await t.graphql('mutation($u: String!) { removeMaintainer(pluginId: "groq-plugin", username: $u) { id } }', { u: helper.username }, admin);
  expect(removed.body.errors).toBeUndefined();
  expect(await maintainers()).toEqual(before);
});

it('shows a review author\'s new display name at once, to the response cache and to the REST validators', async () => {
  const REVIEWS = '{ plugin(id: "openai-plugin") { reviews(first: 100) { nodes { author { username displayName } } } } }';
  type Reviews = { plugin: { reviews: { nodes: { author: { username: string; displayName: string } }[] } } };
  const authors = async () => (await t.graphql<Reviews>(REVIEWS)).body.data!.plugin.reviews.nodes.map((n) => n.author);
  const rest = async () => fetch(`${t.url}/api/v1/plugins/openai-plugin/reviews?limit=100`);
  const before = await authors();
  expect(before.length).toBeGreaterThan(0);
  // asked twice, so both answers are kept (from a key's second request on)
  expect(await authors()).toEqual(before);
  await rest();
  const etag = (await rest()).headers.get('etag')!;
  const { username } = before[0];
  // as an operator's SQL or another replica would
  await t.writeBehind((em) => em.nativeUpdate(User, { username }, { displayName: 'Renamed Reviewer' }));
  expect((await authors()).filter((a) => a.username === username).map((a) => a.displayName)).toEqual(before.filter((a) => a.username === username).map(() => 'Renamed Reviewer'));
  const renamed = await fetch(`${t.url}/api/v1/plugins/openai-plugin/reviews?limit=100`, { headers: { 'if-none-match': etag } });
  // REST names authors by handle: the body is the same, but it is answered anew under the new data version
  expect(renamed.status).toBe(200);
  expect(renamed.headers.get('etag')).not.toBe(etag);
});
