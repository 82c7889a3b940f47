import { createHash } from 'node:crypto';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { Review } from '../../server/modules/community/review.entity.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginDetailDocument, PluginSummaryDocument, PluginVersionHashesDocument } from '../gql/graphql.js';
import { expectLoomEntry } from '../helpers/loom.js';
import { restClient, type RestClient } from '../helpers/rest.js';

let t: TestApp;
let rest: RestClient;
const MANY = 'groq-plugin';
const REVIEWS_ADDED = 25;

beforeAll(async () => {
  t = await createTestApp();
  rest = await restClient(t.url);
  // More reviews than one detail page holds, plus a hidden one, as the review service would record them.
  const em = t.em();
  const plugin = await em.findOneOrFail(Plugin, MANY);
  for (let i = 0; i < REVIEWS_ADDED + 1; i++) {
    const user = em.create(User, { username: `reader${i}`, displayName: `Reader ${i}`, email: `reader${i}@example.test` });
    const at = new Date(Date.UTC(2026, 5, 1 + i, 8));
    const hidden = i === REVIEWS_ADDED;
    em.create(Review, { plugin, user, rating: 1 + (i % 5), comment: `Comment ${i}`, createdAt: at, updatedAt: at, hidden });
    if (!hidden) {
      plugin.histogram[i % 5]++;
      plugin.ratingCount++;
      plugin.ratingSum += 1 + (i % 5);
    }
  }
  plugin.histogram = [...plugin.histogram];
  await em.flush();
});
afterAll(() => t.close());

const rangeMap = (list: { pluginId: string; range: string }[]) => Object.fromEntries(list.map((d) => [d.pluginId, d.range]));

describe('GET /api/v1/plugins/:id', () => {
  it('answers the entry fields with versions, stats and reviews as the registry document shows them', async () => {
    const res = await rest.get('/api/v1/plugins/openai-plugin');
    expect(res.status).toBe(200);
    const detail = res.body;
    const { plugins } = (await rest.get('/api/v1/plugins?provider_type=openai')).body;
    const { reviews: ratingCount, ...entry } = plugins[0];
    expect(detail).toMatchObject(entry);
    expectLoomEntry({ ...detail, reviews: ratingCount });
    expect(detail.stats).toEqual({
      downloads: entry.downloads,
      downloads_last_30d: expect.any(Number),
      stars: expect.any(Number),
      rating: entry.rating,
      rating_count: ratingCount,
    });
    expect(detail.stats.downloads_last_30d).toBeGreaterThan(0);
    for (const review of detail.reviews) expect(review).toEqual({ rating: expect.any(Number), comment: expect.any(String), author: expect.any(String), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('lists versions newest semver first, and agrees with GraphQL on versions, stats and reviews', async () => {
    for (const id of ['openai-plugin', 'ollama-plugin', MANY]) {
      const detail = (await rest.get(`/api/v1/plugins/${id}?reviews_limit=100`)).body;
      const gql = (await t.data(PluginDetailDocument, { id })).plugin!;
      const versions = detail.versions.map((v: { version: string }) => v.version);
      expect(versions).toEqual([...versions].sort(semver.rcompare));
      expect(detail.versions).toEqual(
        gql.versions.nodes.map((v) => ({
          version: v.version,
          published_at: v.publishedAt.replace(/\.\d{3}Z$/, 'Z'),
          changes: v.changes,
          prerelease: v.prerelease,
          yanked: v.yankedReason !== null,
          yanked_reason: v.yankedReason,
          quality: null,
          dependencies: rangeMap(v.dependencies),
          conflicts: rangeMap(v.conflicts),
          provides: v.provides,
        })),
      );
      expect(detail.stats).toMatchObject({ downloads: gql.stats.downloads, downloads_last_30d: gql.stats.downloadsLast30d, stars: gql.stats.stars, rating_count: gql.stats.ratingCount });
      expect(detail.reviews).toEqual(gql.reviews.nodes.map((r) => ({ rating: r.rating, comment: r.comment, author: r.author!.username, date: r.createdAt.slice(0, 10) })));
      expect(detail.reviews_total).toBe(gql.reviews.totalCount);
    }
  });

  it('shows a yanked version with its reason', async () => {
    const detail = (await rest.get('/api/v1/plugins/ollama-plugin')).body;
    const yanked = detail.versions.filter((v: { yanked: boolean }) => v.yanked);
    expect(yanked).toHaveLength(1);
    expect(yanked[0].yanked_reason).toEqual(expect.any(String));
  });

  it('shows the latest 20 visible reviews, newest first, and pages further', async () => {
    const detail = (await rest.get(`/api/v1/plugins/${MANY}`)).body;
    expect(detail.reviews).toHaveLength(20);
    expect(detail.reviews_total).toBeGreaterThan(REVIEWS_ADDED);
    const dates = detail.reviews.map((r: { date: string }) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(detail.reviews[0]).toEqual({ rating: 1 + ((REVIEWS_ADDED - 1) % 5), comment: `Comment ${REVIEWS_ADDED - 1}`, author: `reader${REVIEWS_ADDED - 1}`, date: '2026-06-25' });
    expect(detail.reviews.some((r: { comment: string }) => r.comment === `Comment ${REVIEWS_ADDED}`)).toBe(false);

    const all = (await rest.get(`/api/v1/plugins/${MANY}?reviews_limit=100`)).body.reviews;
    expect(all).toHaveLength(detail.reviews_total);
    expect((await rest.get(`/api/v1/plugins/${MANY}?reviews_limit=5&reviews_offset=18`)).body.reviews).toEqual(all.slice(18, 23));
    expect((await rest.get(`/api/v1/plugins/${MANY}?reviews_limit=0`)).body).toMatchObject({ reviews: [], reviews_total: detail.reviews_total });
  });

  it('answers 404 in the error format for an unknown plugin', async () => {
    const res = await rest.get('/api/v1/plugins/no-such-plugin');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'plugin "no-such-plugin" not found', details: { id: 'no-such-plugin' } } });
    expect((await rest.get('/api/v1/plugins/Not%20An%20Id')).status).toBe(404);
  });

  it('answers 404, not 500, for ids and versions no plugin can have, and 400 for control characters, in REST and GraphQL alike', async () => {
    for (const path of ['/api/v1/plugins/%00', '/api/v1/plugins/a%00b/reviews', '/api/v1/plugins/openai-plugin/versions/1.0.0%00/manifest']) {
      expect((await rest.get(path)).status, path).toBe(400);
    }
    expect((await rest.get("/api/v1/plugins/x'--")).status).toBe(404);
    const res = await t.graphql(PluginSummaryDocument, { id: 'open\u0000ai-plugin' });
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers a URL that is not valid percent-encoding with 400 in the error format', async () => {
    const res = await rest.get('/api/v1/plugins/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'malformed URL' } });
  });

  it.each([
    ['reviews_limit', 'reviews_limit=101'],
    ['reviews_limit', 'reviews_limit=x'],
    ['reviews_offset', 'reviews_offset=-1'],
    ['limit', 'limit=5'],
  ])('answers 400 naming %s for ?%s', async (field, query) => {
    const res = await rest.get(`/api/v1/plugins/openai-plugin?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual({ field });
  });
});

describe('GET /api/v1/plugins/:id/reviews', () => {
  it('pages through every visible review, newest first', async () => {
    const all = (await rest.get(`/api/v1/plugins/${MANY}?reviews_limit=100`)).body;
    const first = (await rest.get(`/api/v1/plugins/${MANY}/reviews`)).body;
    expect(first).toMatchObject({ total: all.reviews_total, page: 1, pages: Math.ceil(all.reviews_total / 20) });
    const seen = [];
    for (let offset = 0; offset < all.reviews_total; offset += 8) {
      const page = (await rest.get(`/api/v1/plugins/${MANY}/reviews?limit=8&offset=${offset}`)).body;
      expect(page).toMatchObject({ total: all.reviews_total, page: offset / 8 + 1, pages: Math.ceil(all.reviews_total / 8) });
      seen.push(...page.reviews);
    }
    expect(seen).toEqual(all.reviews);
  });

  it('answers 404 for an unknown plugin and 400 for a bad window', async () => {
    expect((await rest.get('/api/v1/plugins/no-such-plugin/reviews')).status).toBe(404);
    const res = await rest.get(`/api/v1/plugins/${MANY}/reviews?limit=0`);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual({ field: 'limit' });
  });
});

describe('GET /api/v1/plugins/:id/versions/:version/manifest', () => {
  it('serves the stored plugin.yaml with its sha256 as ETag and Repr-Digest', async () => {
    const res = await rest.get('/api/v1/plugins/openai-plugin/versions/1.2.0/manifest', { 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/yaml');
    expect(res.headers.get('content-encoding')).toBeNull();
    const digest = createHash('sha256').update(res.text).digest();
    expect(res.headers.get('etag')).toBe(`"${digest.toString('hex')}"`);
    expect(res.headers.get('repr-digest')).toBe(`sha-256=:${digest.toString('base64')}:`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const manifest = YAML.parse(res.text);
    expect(manifest).toMatchObject({ type: 'http', metadata: { name: 'OpenAI Provider', version: '1.2.0', provider_type: 'openai' } });
    const gql = await t.data(PluginVersionHashesDocument, { id: 'openai-plugin' });
    expect(gql.plugin!.versions.nodes.find((v) => v.version === '1.2.0')!.sha256).toBe(digest.toString('hex'));
  });

  it('answers 304 to its ETag, and serves yanked versions too', async () => {
    const first = await rest.get('/api/v1/plugins/openai-plugin/versions/1.2.0/manifest');
    const again = await rest.get('/api/v1/plugins/openai-plugin/versions/1.2.0/manifest', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const detail = (await rest.get('/api/v1/plugins/ollama-plugin')).body;
    const yanked = detail.versions.find((v: { yanked: boolean }) => v.yanked).version;
    expect((await rest.get(`/api/v1/plugins/ollama-plugin/versions/${yanked}/manifest`)).status).toBe(200);
  });

  it('answers 404 for an unknown plugin or version', async () => {
    const version = await rest.get('/api/v1/plugins/openai-plugin/versions/9.9.9/manifest');
    expect(version.status).toBe(404);
    expect(version.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'version "openai-plugin@9.9.9" not found' });
    const plugin = await rest.get('/api/v1/plugins/no-such-plugin/versions/1.0.0/manifest');
    expect(plugin.status).toBe(404);
    expect(plugin.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'plugin "no-such-plugin" not found' });
  });
});
