import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { BadInputError, NotFoundError } from '../../errors.js';
import type { Em } from '../../orm.js';
import type { WriteLimiter } from '../../rate-limit.js';
import semver from 'semver';
import { Plugin } from '../catalog/plugin.entity.js';
import { PLUGIN_ID_PATTERN } from '../../../domain/plugin.js';
import { Review } from '../community/review.entity.js';
import type { Viewer } from '../accounts/auth.js';
import { authorize, gate, stakeIn } from '../../policy.js';
import { PluginVersion } from '../publishing/version.entity.js';
import { dayRange, daysBefore, daysBetween, FIRST_YEAR, isUtcDay, lastYear, utcDay } from './days.js';
import { Installation } from './usage.entity.js';
import type { UsageBuffer } from './usage-buffer.js';
import { ManifestDownload, PluginAnalytics } from './stats.types.js';

/** Who is downloading or installing: never a raw address, only a salted hash of one. */
export interface ClientInfo {
  /** sha256(salt, install id) or sha256(salt, IP, user agent). */
  client: string;
  /** Two-letter country from the trusted proxy's header, or "unknown". */
  country: string;
}

const INSTALL_ID = /^[A-Za-z0-9_-]{8,128}$/;
const COUNTRY = /^[A-Z]{2}$/;
export const MAX_ANALYTICS_DAYS = 366;
/** Largest counts one telemetry report may carry. */
export const MAX_TELEMETRY_REQUESTS = 10_000_000;

/** One telemetry report, checked by the caller's transport (the REST body schema). */
export interface TelemetryReport {
  pluginId: string;
  version: string;
  requests: number;
  errors: number;
}

export function clientInfo(salt: string, countryHeader: string | undefined, headers: Record<string, string | string[] | undefined>, ip: string): ClientInfo {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const installId = header('x-loom-install-id');
  const identity = installId && INSTALL_ID.test(installId) ? `install:${installId}` : `ip:${ip}\n${header('user-agent') ?? ''}`;
  const country = (countryHeader && header(countryHeader)?.toUpperCase()) || '';
  return { client: createHash('sha256').update(`${salt}\n${identity}`).digest('hex'), country: COUNTRY.test(country) ? country : 'unknown' };
}

/**
 * The analytics range: both ends real days in sane years, `from` first, at most MAX_ANALYTICS_DAYS, all checked
 * before a single day is counted (a day in year 10000 would never end a loop). Without `to`: today; without `from`:
 * the 30 days ending at `to`.
 */
export function analyticsRange(from?: string | null, to?: string | null, now: Date = new Date()): { first: string; last: string } {
  const day = `a UTC day from ${FIRST_YEAR}-01-01 to ${lastYear(now)}-12-31, as YYYY-MM-DD`;
  if (from != null && !isUtcDay(from, now)) throw new BadInputError('from', day);
  if (to != null && !isUtcDay(to, now)) throw new BadInputError('to', day);
  const last = to ?? utcDay(now);
  const first = from ?? daysBefore(29, new Date(`${last}T00:00:00Z`));
  if (first > last) throw new BadInputError('from', 'must not be after to');
  if (daysBetween(first, last) > MAX_ANALYTICS_DAYS) throw new BadInputError('from', `at most ${MAX_ANALYTICS_DAYS} days at a time`);
  return { first, last };
}

/**
 * Downloads, installations, telemetry and analytics. Usage counting stays out of the audit log: it is anonymous
 * (nobody to name), changes nothing but counters, and comes at the rate of installs, which would bury the writes
 * people answer for.
 */
export class StatsService {
  /** Published manifests never change (versions are immutable), so the hot install path keeps them in memory. */
  private readonly manifests = new LRUCache<string, { sha256: string; manifest: string }>({ max: 5000 });

  constructor(
    private readonly buffer: UsageBuffer,
    private readonly limiter: WriteLimiter,
  ) {}

  /** Writes buffered counts and publishes them now (both happen on their own clocks anyway): for tests and tools. */
  async flush(): Promise<void> {
    await this.buffer.flush();
    await this.buffer.publish(true);
  }

  /** A version's manifest snapshot, counting nothing (HEAD). */
  async manifest(em: Em, pluginId: string, version: string): Promise<ManifestDownload> {
    const key = `${pluginId}@${version}`;
    let snapshot = this.manifests.get(key);
    if (!snapshot) {
      // Ids and versions no plugin can have are not looked up (the ORM's SQLite queries fail on a NUL byte).
      if (!PLUGIN_ID_PATTERN.test(pluginId)) throw new NotFoundError('plugin', pluginId);
      const row = semver.valid(version) ? await em.findOne(PluginVersion, { plugin: pluginId, version }, { populate: ['manifest'] }) : null;
      if (!row) throw (await em.count(Plugin, { id: pluginId })) ? new NotFoundError('version', key) : new NotFoundError('plugin', pluginId);
      snapshot = { sha256: row.sha256, manifest: row.manifest };
      this.manifests.set(key, snapshot);
    }
    return { pluginId, version, ...snapshot };
  }

  /** Serves a version's manifest snapshot and counts one download (once per client per version per day). */
  async download(em: Em, client: ClientInfo, pluginId: string, version: string): Promise<ManifestDownload> {
    const served = await this.manifest(em, pluginId, version);
    this.buffer.download({ pluginId, version, day: utcDay(new Date()), client: client.client, country: client.country });
    return served;
  }

  /** An installation the CLI reports; signed-in installs mark the user's reviews as from an installer. */
  async install(em: Em, viewer: Viewer, client: ClientInfo, pluginId: string, version: string): Promise<void> {
    await this.limiter.consumeUsage(viewer);
    if (!(await em.count(PluginVersion, { plugin: pluginId, version }))) throw new NotFoundError('version', `${pluginId}@${version}`);
    const userId = viewer.user?.id ?? null;
    // A signed-in install claims the row; an anonymous one keeps whoever claimed it.
    const merge: ('version' | 'country' | 'installedAt' | 'removedAt' | 'userId')[] = ['version', 'country', 'installedAt', 'removedAt', ...(userId ? (['userId'] as const) : [])];
    await em.upsert(
      Installation,
      { pluginId, client: client.client, version, country: client.country, userId, installedAt: new Date(), removedAt: null },
      { onConflictFields: ['pluginId', 'client'], onConflictAction: 'merge', onConflictMergeFields: merge },
    );
  }

  /** The uninstall; false when this client had no active installation. */
  async uninstall(em: Em, viewer: Viewer, client: ClientInfo, pluginId: string): Promise<boolean> {
    await this.limiter.consumeUsage(viewer);
    if (!(await em.count(Plugin, { id: pluginId }))) throw new NotFoundError('plugin', pluginId);
    return (await em.nativeUpdate(Installation, { pluginId, client: client.client, removedAt: null }, { removedAt: new Date() })) > 0;
  }

  /** Opt-in error telemetry: counts of requests and errors for one plugin version (whole numbers, errors at most requests). */
  async telemetry(em: Em, viewer: Viewer, report: TelemetryReport): Promise<void> {
    await this.limiter.consumeUsage(viewer);
    const { pluginId, version, requests, errors } = report;
    if (!(await em.count(PluginVersion, { plugin: pluginId, version }))) throw new NotFoundError('version', `${pluginId}@${version}`);
    this.buffer.report({ pluginId, version, day: utcDay(new Date()), requests, errors });
  }

  /** The author's view: owners, maintainers and admins only. */
  async analytics(em: Em, viewer: Viewer, pluginId: string, from?: string | null, to?: string | null): Promise<PluginAnalytics> {
    const user = gate(viewer, 'plugin.analytics');
    const plugin = await em.findOne(Plugin, { id: pluginId }, { populate: ['owner'] });
    if (!plugin) throw new NotFoundError('plugin', pluginId);
    authorize(viewer, 'plugin.analytics', { pluginId, stake: await stakeIn(em, user, plugin) });
    const { first, last } = analyticsRange(from, to);
    const days = dayRange(first, last);

    const q = <T>(sql: string, params: unknown[]) => em.execute<T[]>(sql, params);
    const [byDay, byVersion, byCountry, installs, errors] = await Promise.all([
      q<{ day: string; n: number }>('select day, sum(count) as n from download_daily where plugin_id = ? and day between ? and ? group by day', [pluginId, first, last]),
      q<{ version: string; n: number }>('select version, sum(count) as n from download_daily where plugin_id = ? and day between ? and ? group by version order by n desc', [pluginId, first, last]),
      q<{ country: string; n: number }>('select country, sum(count) as n from download_country_daily where plugin_id = ? and day between ? and ? group by country order by n desc', [pluginId, first, last]),
      q<{ version: string; n: number }>('select version, count(*) as n from installation where plugin_id = ? and removed_at is null group by version order by n desc', [pluginId]),
      q<{ requests: number | null; errors: number | null }>('select sum(requests) as requests, sum(errors) as errors from telemetry_daily where plugin_id = ? and day between ? and ?', [pluginId, first, last]),
    ]);
    const perDay = new Map(byDay.map((r) => [r.day, Number(r.n)]));
    const daily = days.map((day) => ({ day, count: perDay.get(day) ?? 0 }));
    const monthly = new Map<string, number>();
    for (const d of daily) monthly.set(d.day.slice(0, 7), (monthly.get(d.day.slice(0, 7)) ?? 0) + d.count);
    const requests = Number(errors[0]?.requests ?? 0);
    const failed = Number(errors[0]?.errors ?? 0);

    const reviews = await em.find(Review, { plugin: pluginId, hidden: false }, { fields: ['rating', 'createdAt'] });
    const trend = new Map<string, { sum: number; count: number }>();
    for (const r of reviews) {
      const month = utcDay(r.createdAt).slice(0, 7);
      const point = trend.get(month) ?? { sum: 0, count: 0 };
      point.sum += r.rating;
      point.count++;
      trend.set(month, point);
    }
    return {
      pluginId,
      from: first,
      to: last,
      downloads: daily.reduce((a, d) => a + d.count, 0),
      totalDownloads: plugin.downloads,
      daily,
      monthly: [...monthly].map(([month, count]) => ({ month, count })),
      versions: byVersion.map((r) => ({ key: r.version, count: Number(r.n) })),
      activeInstalls: installs.reduce((a, r) => a + Number(r.n), 0),
      installsByVersion: installs.map((r) => ({ key: r.version, count: Number(r.n) })),
      countries: byCountry.map((r) => ({ key: r.country, count: Number(r.n) })),
      errorRate: { requests, errors: failed, rate: requests === 0 ? 0 : Math.round((failed / requests) * 10_000) / 10_000 },
      ratingTrend: [...trend].sort(([a], [b]) => (a < b ? -1 : 1)).map(([month, p]) => ({ month, average: Math.round((p.sum / p.count) * 100) / 100, count: p.count })),
    };
  }
}
