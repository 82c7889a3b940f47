import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { daysBefore, lastDays, utcDay } from '../../server/modules/stats/days.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import { createTestApp, errorCode, type TestApp } from '../helpers/app.js';
import {
  DownloadManifestDocument, PluginAnalyticsDocument, PluginDownloadsDocument, PluginErrorRateDocument, PluginInstallsDocument, PluginReviewsDocument,
  PluginVersionsDocument, ReviewPluginDocument,
} from '../gql/graphql.js';

let t: TestApp;
const PLUGIN = 'cohere-plugin';
let version: string;

const download = (headers: Record<string, string> = {}, v = version, id = PLUGIN) => fetch(`${t.url}/api/v1/plugins/${id}/versions/${v}/manifest`, { headers });
const totals = async () => (await t.data(PluginDownloadsDocument, { id: PLUGIN })).plugin!.stats;
const flush = () => t.app.services.stats.flush();

beforeAll(async () => {
  t = await createTestApp({ responseCacheSize: 0, countryHeader: 'cf-ipcountry', statsFlushMs: 60_000 });
  version = (await t.em().findOneOrFail(Plugin, PLUGIN)).version;
});
afterAll(() => t.close());

describe('downloads', () => {
  it('serves the manifest snapshot with its sha256 as ETag and digest', async () => {
    const res = await download({ 'x-loom-install-id': 'install-aaaaaaaa' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const text = await res.text();
    const sha = (await import('node:crypto')).createHash('sha256').update(text).digest();
    expect(res.headers.get('etag')).toBe(`"${sha.toString('hex')}"`);
    expect(res.headers.get('repr-digest')).toBe(`sha-256=:${sha.toString('base64')}:`);
    expect((await download({}, '99.0.0')).status).toBe(404);
    await flush();
  });

  it('counts one download per client per version per day', async () => {
    const before = await totals();
    for (let i = 0; i < 3; i++) await download({ 'x-loom-install-id': 'install-bbbbbbbb' });
    await download({ 'x-loom-install-id': 'install-cccccccc' });
    // without an install id the client is a salted hash of IP and user agent
    await download({ 'user-agent': 'curl/8' });
    await download({ 'user-agent': 'curl/8' });
    await download({ 'user-agent': 'wget/1' });
    await flush();
    const after = await totals();
    expect(after.downloads - before.downloads).toBe(4);
    expect(after.downloadsLast30d - before.downloadsLast30d).toBe(4);
    const stored = await t.em().getConnection().execute<{ client: string }[]>('select client from download_seen');
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.client))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('127.0.0.1');
  });

  it('counts the same client again on another version', async () => {
    const versions = await t.data(PluginVersionsDocument, { id: PLUGIN });
    const older = versions.plugin!.versions.nodes[1].version;
    const before = await totals();
    await download({ 'x-loom-install-id': 'install-bbbbbbbb' }, older);
    await flush();
    expect((await totals()).downloads - before.downloads).toBe(1);
  });

  it('is also a GraphQL mutation, counted the same way', async () => {
    const before = await totals();
    const res = await t.graphql(DownloadManifestDocument, { pluginId: PLUGIN, version }, { 'x-loom-install-id': 'install-dddddddd' });
    expect(res.body.data!.downloadManifest.manifest).toContain('provider_type');
    await flush();
    expect((await totals()).downloads - before.downloads).toBe(1);
  });
});

describe('UTC days and the 30-day window', () => {
  it('cuts days at UTC midnight', () => {
    expect(utcDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-03-02T00:00:00.000Z'))).toBe('2026-03-02');
    expect(utcDay(new Date('2026-03-01T23:30:00-02:00'))).toBe('2026-03-02');
    expect(daysBefore(1, new Date('2026-03-01T05:00:00Z'))).toBe('2026-02-28');
    const window = lastDays(30, new Date('2026-03-15T12:00:00Z'));
    expect(window).toHaveLength(30);
    expect(window[0]).toBe('2026-02-14');
    expect(window[29]).toBe('2026-03-15');
  });

  it('counts day 29 back in the last 30 days and day 30 back out', async () => {
    const em = t.em();
    const before = await totals();
    await em.getConnection().execute('insert into download_daily (plugin_id, version, day, count) values (?, ?, ?, 7), (?, ?, ?, 1000) on conflict do nothing', [
      PLUGIN, '0.0.1-inside', daysBefore(29), PLUGIN, '0.0.1-outside', daysBefore(30),
    ]);
    expect((await totals()).downloadsLast30d - before.downloadsLast30d).toBe(7);
  });
});

describe('installs, telemetry and analytics', () => {
  let owner: Awaited<ReturnType<TestApp['user']>>;

  beforeAll(async () => {
    owner = await t.user('user', 'cohere-owner');
    const em = t.em();
    const plugin = await em.findOneOrFail(Plugin, PLUGIN);
    plugin.owner = await em.findOneOrFail(User, { username: 'cohere-owner' });
    await em.flush();
  });

  it('tracks active installations from install and uninstall reports, with countries', async () => {
    const post = (id: string, country: string) =>
      fetch(`${t.url}/api/v1/plugins/${PLUGIN}/installs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-loom-install-id': id, 'cf-ipcountry': country }, body: JSON.stringify({ version }) });
    expect((await post('install-11111111', 'DE')).status).toBe(204);
    expect((await post('install-22222222', 'us')).status).toBe(204);
    expect((await post('install-33333333', 'not a country')).status).toBe(204);
    const removed = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/installs`, { method: 'DELETE', headers: { 'x-loom-install-id': 'install-33333333' } });
    expect(removed.status).toBe(204);
    const bad = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/installs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(400);
    await download({ 'x-loom-install-id': 'install-11111111', 'cf-ipcountry': 'DE' });
    await flush();

    const a = await t.graphql(PluginInstallsDocument, { id: PLUGIN }, owner.auth);
    expect(a.body.data!.pluginAnalytics.activeInstalls).toBe(2);
    expect(a.body.data!.pluginAnalytics.countries).toEqual(expect.arrayContaining([{ key: 'DE', count: 1 }]));
  });

  it('marks reviews from users who installed the plugin', async () => {
    const user = await t.user('user', 'installer');
    await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/installs`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-loom-install-id': 'install-44444444', ...user.auth }, body: JSON.stringify({ version }) });
    await t.graphql(ReviewPluginDocument, { id: PLUGIN, rating: 4, comment: 'solid' }, user.auth);
    const stranger = await t.user('user', 'never-installed');
    await t.graphql(ReviewPluginDocument, { id: PLUGIN, rating: 3, comment: 'meh' }, stranger.auth);
    const data = await t.data(PluginReviewsDocument, { id: PLUGIN });
    const byAuthor = Object.fromEntries(data.plugin!.reviews.nodes.map((n) => [n.author!.username, n.installed]));
    expect(byAuthor).toMatchObject({ installer: true, 'never-installed': false });
  });

  it('accepts bounded, validated telemetry and reports an error rate', async () => {
    const send = (body: unknown) => fetch(`${t.url}/api/v1/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await send({ plugin_id: PLUGIN, version, requests: 200, errors: 5 })).status).toBe(202);
    expect((await send({ plugin_id: PLUGIN, version, requests: 100, errors: 3 })).status).toBe(202);
    expect((await send({ plugin_id: PLUGIN, version, requests: 10, errors: 11 })).status).toBe(400);
    expect((await send({ plugin_id: PLUGIN, version, requests: -1, errors: 0 })).status).toBe(400);
    expect((await send({ plugin_id: PLUGIN, version, requests: 1e12, errors: 0 })).status).toBe(400);
    expect((await send({ plugin_id: PLUGIN, version: '99.9.9', requests: 1, errors: 0 })).status).toBe(404);
    await flush();
    const a = await t.graphql(PluginErrorRateDocument, { id: PLUGIN }, owner.auth);
    expect(a.body.data!.pluginAnalytics.errorRate).toEqual({ requests: 300, errors: 8, rate: 0.0267 });
  });

  it('gives the author daily and monthly series, versions and a rating trend; nobody else', async () => {
    const range = { id: PLUGIN, from: daysBefore(59), to: daysBefore(0) };
    const a = await t.graphql(PluginAnalyticsDocument, range, owner.auth);
    const result = a.body.data!.pluginAnalytics;
    expect(result.daily).toHaveLength(60);
    expect(result.monthly.reduce((s, m) => s + m.count, 0)).toBe(result.downloads);
    expect(result.versions.reduce((s, v) => s + v.count, 0)).toBe(result.downloads);
    expect(result.ratingTrend.length).toBeGreaterThan(0);

    expect(errorCode(await t.graphql(PluginAnalyticsDocument, range))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.graphql(PluginAnalyticsDocument, range, (await t.user()).auth))).toBe('FORBIDDEN');
    expect(errorCode(await t.graphql(PluginAnalyticsDocument, range, (await t.user('admin')).auth))).toBeUndefined();
    expect(errorCode(await t.graphql(PluginAnalyticsDocument, { id: PLUGIN, from: '2020-01-01', to: '2026-01-01' }, owner.auth))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.graphql(PluginAnalyticsDocument, { id: PLUGIN, from: 'yesterday' }, owner.auth))).toBe('BAD_USER_INPUT');
  });
});

describe('analytics date ranges', () => {
  let owner: Awaited<ReturnType<TestApp['user']>>;
  const analytics = (range: { from?: string; to?: string }) => t.graphql(PluginAnalyticsDocument, { id: PLUGIN, ...range }, owner.auth);

  beforeAll(async () => {
    owner = await t.user('admin', 'range-admin');
  });

  it('refuses every bad range with BAD_USER_INPUT before counting a day, the last day of year 9999 too', async () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const bad = [
      ['9999-12-31', '9999-12-31', 'from'],
      [`${nextYear + 1}-01-01`, `${nextYear + 1}-01-01`, 'from'],
      ['2026-01-01', '+010000-01-01', 'to'],
      ['1969-12-31', '1970-01-01', 'from'],
      ['2026-02-31', '2026-03-01', 'from'],
      ['2026-02-01', '2026-02-30', 'to'],
      ['2026-13-01', '2026-12-01', 'from'],
      ['2026-01-01', '2026-01-32', 'to'],
      ['2026-00-10', '2026-01-01', 'from'],
      ['2026-1-01', '2026-02-01', 'from'],
      ['2026-03-02', '2026-03-01', 'from'],
      ['2025-01-01', '2026-01-02', 'from'],
    ];
    for (const [from, to, field] of bad) {
      const res = await analytics({ from, to });
      expect(errorCode(res), `${from}..${to}`).toBe('BAD_USER_INPUT');
      expect(res.status).toBe(200);
      expect(res.body.errors![0].message).toMatch(new RegExp(`^${field}: `));
    }
    expect(errorCode(await analytics({ to: '9999-12-31' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await analytics({ from: '9999-12-31' }))).toBe('BAD_USER_INPUT');
  });

  it('answers every good range in full: one day, 366 days, a leap day, up to the end of next year', async () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    for (const [from, to, days] of [
      ['2025-01-01', '2026-01-01', 366],
      ['2024-02-29', '2024-02-29', 1],
      [`${nextYear}-12-31`, `${nextYear}-12-31`, 1],
      ['1970-01-01', '1970-01-31', 31],
    ] as const) {
      const res = await analytics({ from, to });
      expect(res.body.errors, `${from}..${to}`).toBeUndefined();
      expect(res.body.data!.pluginAnalytics).toMatchObject({ from, to });
      expect(res.body.data!.pluginAnalytics.daily).toHaveLength(days);
    }
  });
});

describe('graceful shutdown', () => {
  it('writes every buffered download before the database closes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-flush-'));
    const file = path.join(dir, 'registry.db');
    const config = loadConfig([], {}, { port: 0, host: '127.0.0.1', database: { kind: 'sqlite', file }, logLevel: 'silent', statsFlushMs: 60_000, statsMaxBatch: 100_000 });
    const app = await createApp(config);
    const url = await app.listen();
    const plugin = await app.orm.em.fork().findOneOrFail(Plugin, PLUGIN);
    const before = plugin.downloads;
    await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${url}/api/v1/plugins/${PLUGIN}/versions/${plugin.version}/manifest`, { headers: { 'x-loom-install-id': `shutdown-${String(i).padStart(4, '0')}` } })));
    await app.close();

    const reopened = await createApp(config);
    try {
      expect((await reopened.orm.em.fork().findOneOrFail(Plugin, PLUGIN)).downloads).toBe(before + 50);
    } finally {
      await reopened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
