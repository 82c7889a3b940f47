import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { MostDownloadedDocument, PluginDownloadsDocument, ReviewPluginDocument, StarPluginDocument } from '../gql/graphql.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database.js';

/**
 * Counts on their own clock: a counted download is written within a flush window, but shows in catalog answers (and
 * moves their ETags) only at the next publication of counts, at most COUNTS_REFRESH_SECONDS later; what users write
 * (stars, reviews, …) shows at once. And counts stay exact past GraphQL's Int, up to 2^53 − 1.
 */
const PLUGIN = 'cohere-plugin';
const OTHER = 'groq-plugin';
const READS = [
  `/api/v1/plugins/${PLUGIN}`,
  `/api/v1/plugins/${OTHER}`,
  '/api/v1/plugins',
  '/api/v1/plugins?sort=downloads',
  '/api/v1/plugins?search=cohere',
  `/api/v1/plugins/${PLUGIN}/reviews`,
  '/registry.json',
  '/api/v1/registry.json',
];

async function etags(t: TestApp): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of READS) out.set(path, (await fetch(`${t.url}${path}`)).headers.get('etag')!);
  return out;
}

const download = (t: TestApp, plugin: Plugin, installId: string) =>
  fetch(`${t.url}/api/v1/plugins/${plugin.id}/versions/${plugin.version}/manifest`, { headers: { 'x-loom-install-id': installId } });

const detail = async (t: TestApp, id: string) => (await (await fetch(`${t.url}/api/v1/plugins/${id}`)).json()) as { stats: { downloads: number; downloads_last_30d: number; stars: number } };

const pendingCount = async (t: TestApp) => Number((await t.em().execute<{ n: number | string }[]>('select coalesce(sum(count), 0) as n from download_pending'))[0].n);

/** Resolves once the app's flushes have written this many download events to the pending counts. */
async function flushed(t: TestApp, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await pendingCount(t)).toBe(count), { timeout: 5000, interval: 10 });
}

describe('between publications of counts', () => {
  let t: TestApp;
  let plugin: Plugin;
  beforeAll(async () => {
    // flushes every 20 ms, publishes only once an hour: every download below is written, none published
    t = await createTestApp({ statsFlushMs: 20, countsRefreshSeconds: 3600 });
    plugin = await t.em().findOneOrFail(Plugin, PLUGIN);
  });
  afterAll(() => t.close());

  it('a counted download leaves every ETag as it was, and a 304 stays a 304', async () => {
    const before = await etags(t);
    const version = await t.app.dataVersion.current();
    const { stats } = await detail(t, PLUGIN);
    for (let i = 0; i < 5; i++) expect((await download(t, plugin, `between-${i}-aaaaaaaa`)).status).toBe(200);
    await flushed(t, 5);

    expect(await t.app.dataVersion.current()).toBe(version);
    for (const [path, etag] of before) {
      const res = await fetch(`${t.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(res.status, path).toBe(304);
    }
    // the answers themselves, built again (the GraphQL one is not cached for a signed-in caller), show the old counts
    expect((await detail(t, PLUGIN)).stats).toEqual(stats);
    const user = await t.user();
    const res = await t.graphql(PluginDownloadsDocument, { id: PLUGIN }, user.auth);
    expect(res.body.data!.plugin!.stats.downloads).toBe(stats.downloads);
  });

  it('a star or a review changes the ETags at once', async () => {
    const user = await t.user();
    const writes = {
      star: () => t.graphql(StarPluginDocument, { id: PLUGIN }, user.auth),
      review: () => t.graphql(ReviewPluginDocument, { id: PLUGIN, rating: 4, comment: 'fresh' }, user.auth),
    };
    for (const [mutation, write] of Object.entries(writes)) {
      const before = await etags(t);
      const starsBefore = (await detail(t, PLUGIN)).stats.stars;
      expect((await write()).body.errors).toBeUndefined();
      const res = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}`, { headers: { 'if-none-match': before.get(`/api/v1/plugins/${PLUGIN}`)! } });
      expect(res.status, mutation).toBe(200);
      if (mutation === 'star') expect(((await res.json()) as { stats: { stars: number } }).stats.stars).toBe(starsBefore + 1);
      const reviews = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/reviews`, { headers: { 'if-none-match': before.get(`/api/v1/plugins/${PLUGIN}/reviews`)! } });
      expect(reviews.status, mutation).toBe(200);
    }
  });

  it('a flush that fails keeps its events for the next one', async () => {
    const before = await pendingCount(t);
    // behind the app's back, the table flushes write to goes away for a while: every flush meanwhile fails
    await t.em().execute('alter table download_pending rename to download_pending_away');
    try {
      for (let i = 0; i < 3; i++) expect((await download(t, plugin, `failed-flush-${i}-aaaaaaaa`)).status).toBe(200);
      await t.app.services.stats.flush();
      // the failed flushes kept them (in memory, or in the flush trying again)
      const metrics = await (await fetch(`${t.url}/metrics`)).text();
      expect(metrics).toMatch(/registry_queue_depth\{queue="usage_events"\} 3\b/);
    } finally {
      await t.em().execute('alter table download_pending_away rename to download_pending');
    }
    await flushed(t, before + 3);
  });

  it('a stop publishes what is pending', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-counts-'));
    const db = await createTestDatabase({ file: path.join(dir, 'registry.db') });
    const app = await createTestApp({ database: db.config, statsFlushMs: 20, countsRefreshSeconds: 3600 });
    try {
      const before = (await detail(app, PLUGIN)).stats.downloads;
      expect((await download(app, plugin, 'stop-aaaaaaaa')).status).toBe(200);
      await app.app.close();
      const reopened = await createTestApp({ database: db.config, countsRefreshSeconds: 3600 });
      try {
        expect((await detail(reopened, PLUGIN)).stats.downloads).toBe(before + 1);
      } finally {
        await reopened.close();
      }
    } finally {
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('publication of counts', () => {
  const REFRESH_SECONDS = 1;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ statsFlushMs: 50, countsRefreshSeconds: REFRESH_SECONDS });
  });
  afterAll(() => t.close());

  it('shows a counted download in every answer within the refresh, and then moves the ETags', async () => {
    const plugin = await t.em().findOneOrFail(Plugin, PLUGIN);
    const before = await detail(t, PLUGIN);
    const etag = (await fetch(`${t.url}/api/v1/plugins/${PLUGIN}`)).headers.get('etag')!;
    expect((await download(t, plugin, 'published-aaaaaaaa')).status).toBe(200);
    const counted = performance.now();
    await vi.waitFor(
      async () => {
        const { stats } = await detail(t, PLUGIN);
        expect(stats.downloads).toBe(before.stats.downloads + 1);
        expect(stats.downloads_last_30d).toBe(before.stats.downloads_last_30d + 1);
      },
      // the refresh, and slack for a loaded machine
      { timeout: REFRESH_SECONDS * 1000 + 3000, interval: 20 },
    );
    const shownAfter = performance.now() - counted;
    expect(shownAfter).toBeLessThan(REFRESH_SECONDS * 1000 + 3000);
    expect((await fetch(`${t.url}/api/v1/plugins/${PLUGIN}`, { headers: { 'if-none-match': etag } })).status).toBe(200);
    const graphql = await t.data(PluginDownloadsDocument, { id: PLUGIN });
    expect(graphql.plugin!.stats.downloads).toBe(before.stats.downloads + 1);
    const registry = (await (await fetch(`${t.url}/registry.json`)).json()) as { plugins: { id: string; downloads: number }[] };
    expect(registry.plugins.find((p) => p.id === PLUGIN)!.downloads).toBe(before.stats.downloads + 1);
  });
});

describe.runIf(TEST_DIALECT === 'postgresql')('across PostgreSQL replicas', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let bClosed = false;
  beforeAll(async () => {
    if (TEST_DIALECT !== 'postgresql') return;
    db = await createTestDatabase();
    a = await createTestApp({ database: db.config, statsFlushMs: 20, countsRefreshSeconds: 3600 });
    b = await createTestApp({ database: db.config, statsFlushMs: 20, countsRefreshSeconds: 3600 });
  });
  afterAll(async () => {
    if (TEST_DIALECT !== 'postgresql') return;
    if (!bClosed) await b.app.close();
    await a.app.close();
    await db.drop();
  });

  it("shows one replica's star on the other at once, and its published counts there too", async () => {
    const user = await a.user('user', 'replica-starrer');
    const etag = (await fetch(`${b.url}/api/v1/plugins/${OTHER}`)).headers.get('etag')!;
    const stars = (await detail(b, OTHER)).stats.stars;
    await a.graphql(StarPluginDocument, { id: OTHER }, user.auth);
    // "at once": as soon as PostgreSQL delivers the commit's notification to the other replica
    await vi.waitFor(async () => expect((await fetch(`${b.url}/api/v1/plugins/${OTHER}`, { headers: { 'if-none-match': etag } })).status).toBe(200), { timeout: 5000, interval: 10 });
    expect((await detail(b, OTHER)).stats.stars).toBe(stars + 1);

    const plugin = await a.em().findOneOrFail(Plugin, OTHER);
    const downloads = (await detail(b, OTHER)).stats.downloads;
    expect((await download(a, plugin, 'replica-aaaaaaaa')).status).toBe(200);
    await a.app.services.stats.flush();
    await vi.waitFor(async () => expect((await detail(b, OTHER)).stats.downloads).toBe(downloads + 1), { timeout: 5000, interval: 10 });
  });

  it('folds the data-version rows of ended sessions without moving the version backwards', async () => {
    const shards = async () => Number((await a.em().execute<{ n: string }[]>("select count(*) as n from registry_meta where key like 'data_version:%'"))[0].n);
    const user = await b.user('user', 'fold-starrer');
    await b.graphql(StarPluginDocument, { id: PLUGIN }, user.auth);
    const before = await shards();
    const version = await a.app.dataVersion.current();
    // b's sessions end with it (PostgreSQL lists them until their backends are gone); a publication then folds their rows
    await b.app.close();
    bClosed = true;
    const plugin = await a.em().findOneOrFail(Plugin, PLUGIN);
    let n = 0;
    await vi.waitFor(
      async () => {
        expect((await download(a, plugin, `fold-${n++}-aaaaaaaa`)).status).toBe(200);
        await a.app.services.stats.flush();
        expect(await shards()).toBeLessThan(before);
      },
      { timeout: 5000, interval: 50 },
    );
    expect(await a.app.dataVersion.current()).toBeGreaterThan(version);
  });
});

describe('counts past 2^31', () => {
  const MAX = Number.MAX_SAFE_INTEGER;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ statsFlushMs: 20, countsRefreshSeconds: 3600 });
  });
  afterAll(() => t.close());

  it('reads 3,000,000,000 and 2^53 − 1 downloads exactly in GraphQL, REST and registry.json, and counts on from there', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await t.writeBehind(async (em) => {
      await em.nativeUpdate(Plugin, { id: PLUGIN }, { downloads: 3_000_000_000 });
      await em.nativeUpdate(Plugin, { id: OTHER }, { downloads: MAX });
      await em.execute('insert into download_daily (plugin_id, version, day, count) values (?, ?, ?, ?)', [PLUGIN, '0.0.1-big', today, 2 ** 32 + 5]);
    });

    const list = await t.data(MostDownloadedDocument, { first: 2 });
    expect(list.plugins.nodes.map((n) => [n.id, n.stats.downloads])).toEqual([
      [OTHER, MAX],
      [PLUGIN, 3_000_000_000],
    ]);
    expect(list.plugins.nodes[1].stats.downloadsLast30d).toBeGreaterThanOrEqual(2 ** 32 + 5);

    const rest = await detail(t, OTHER);
    expect(rest.stats.downloads).toBe(MAX);
    expect((await detail(t, PLUGIN)).stats.downloads_last_30d).toBeGreaterThanOrEqual(2 ** 32 + 5);
    const sorted = (await (await fetch(`${t.url}/api/v1/plugins?sort=downloads&limit=2`)).json()) as { plugins: { id: string; downloads: number }[] };
    expect(sorted.plugins.map((p) => p.downloads)).toEqual([MAX, 3_000_000_000]);
    const text = await (await fetch(`${t.url}/registry.json`)).text();
    expect(text).toContain(`"downloads":${MAX}`);
    expect(text).toContain('"downloads":3000000000');

    const plugin = await t.em().findOneOrFail(Plugin, PLUGIN);
    expect((await download(t, plugin, 'big-aaaaaaaa')).status).toBe(200);
    await t.app.services.stats.flush();
    expect((await detail(t, PLUGIN)).stats.downloads).toBe(3_000_000_001);
  });
});
