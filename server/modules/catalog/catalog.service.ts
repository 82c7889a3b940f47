import { createHash } from 'node:crypto';
import semver from 'semver';
import YAML from 'yaml';
import { AppError } from '../../errors.js';
import type { Em } from '../../orm.js';
import { Plugin, PluginTag, bayesianRating, Category } from '../plugin/plugin.entity.js';
import { Review } from '../review/review.entity.js';
import { DownloadDaily } from '../stats/download-daily.entity.js';
import { daysBefore } from '../stats/days.js';
import { User } from '../user/user.entity.js';
import { PluginVersion } from '../version/version.entity.js';
import {
  capabilityMap,
  importDocumentSchema,
  importEntrySchema,
  toRegistryEntry,
  type EntrySource,
  type ImportEntry,
  type RegistryDocument,
} from './registry-entry.js';

export interface ImportOptions {
  /**
   * Spread part of each plugin's download total over the last 60 days as daily rollups, so a sample
   * catalog shows believable recent statistics. Deterministic per plugin id. Only for seeding.
   */
  synthesizeHistory?: boolean;
}

export interface ImportResult {
  created: number;
  updated: number;
  versions: number;
  reviews: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A plugin.yaml for a version known only from a catalog entry (a registry.json carries the manifest's
 * URL, not its text): the metadata Loom needs, and the API key declared as a sensitive setting.
 */
export function manifestFromEntry(entry: ImportEntry, version: string): string {
  return YAML.stringify({
    type: entry.install.type,
    endpoint: 'http://localhost:8090',
    metadata: {
      name: entry.name,
      version,
      provider_type: entry.provider_type,
      plugin_api_version: '1.0.0',
      description: entry.description,
      author: entry.author,
      homepage: entry.homepage,
      license: entry.license,
      capabilities: capabilityMap(entry.capabilities),
      config_schema: [{ name: 'api_key', type: 'string', required: false, description: `API key for ${entry.name}`, sensitive: true }],
    },
    auto_start: false,
    health_check_interval: 30,
  });
}

/** A small deterministic PRNG (mulberry32) seeded from a string. */
export function random(seedText: string): () => number {
  let seed = [...seedText].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTRY_COLUMNS =
  'id, name, provider_type, description, author, version, license, homepage, repository, downloads, rating_sum, rating_count, verified, ' +
  'tags, capabilities, install_type, manifest_url, docker_image, screenshots, documentation_url, published_at, updated_at, category';

/** A JSON column as the driver returns it: text from SQLite, already parsed from PostgreSQL. */
export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A plugin row as an entry source; booleans come as 0/1 or true/false, times as epoch milliseconds or Dates. */
export function entrySource(row: Record<string, unknown>): EntrySource {
  return {
    id: row.id as string,
    name: row.name as string,
    providerType: row.provider_type as string,
    description: row.description as string,
    author: row.author as string,
    version: row.version as string,
    license: row.license as string,
    homepage: row.homepage as string,
    repository: row.repository as string,
    downloads: Number(row.downloads),
    ratingSum: Number(row.rating_sum),
    ratingCount: Number(row.rating_count),
    verified: Boolean(row.verified),
    tags: json(row.tags),
    capabilities: json(row.capabilities),
    installType: row.install_type as string,
    manifestUrl: row.manifest_url as string,
    dockerImage: row.docker_image as string | null,
    screenshots: json(row.screenshots),
    documentationUrl: row.documentation_url as string | null,
    publishedAt: new Date(row.published_at as number | string | Date),
    updatedAt: new Date(row.updated_at as number | string | Date),
    category: row.category as Category,
  };
}

/** Plugins imported between two flushes of the identity map. */
const IMPORT_BATCH = 500;

export class CatalogService {
  /** Imports a registry.json document: new plugins are created, known ones get their metadata and new versions. */
  async import(em: Em, document: unknown, options: ImportOptions = {}): Promise<ImportResult> {
    const doc = importDocumentSchema.safeParse(document);
    if (!doc.success) throw new AppError('BAD_USER_INPUT', 'not a registry.json document: expected {"version": "1.0", "plugins": [...]}');
    const entries = doc.data.plugins.map((raw, i) => {
      const parsed = importEntrySchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const id = (raw as { id?: unknown })?.id;
        throw new AppError('BAD_USER_INPUT', `plugins[${i}]${typeof id === 'string' ? ` (${id})` : ''}.${issue.path.join('.')}: ${issue.message}`, {
          index: i,
          field: issue.path.join('.'),
        });
      }
      return parsed.data;
    });
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.id)) throw new AppError('BAD_USER_INPUT', `plugin id "${e.id}" appears twice in the document`);
      seen.add(e.id);
    }

    // One transaction, so an import lands whole or not at all; worked in batches with the identity map emptied
    // after each, so a large catalog costs the same per plugin as a small one (kept whole, a 100k-plugin import
    // spent its time re-scanning every entity at each flush and grew to gigabytes).
    return em.transactional(async (tx) => {
      const result: ImportResult = { created: 0, updated: 0, versions: 0, reviews: 0 };
      for (let start = 0; start < entries.length; start += IMPORT_BATCH) {
        const batch = entries.slice(start, start + IMPORT_BATCH);
        const existing = new Map((await tx.find(Plugin, { id: { $in: batch.map((e) => e.id) } })).map((p) => [p.id, p]));
        const users = new Map<string, User>();
        for (const entry of batch) {
          let plugin = existing.get(entry.id);
          let known = new Set<string>();
          if (plugin) {
            this.assignMetadata(tx, plugin, entry);
            known = new Set((await tx.find(PluginVersion, { plugin: plugin.id }, { fields: ['version'] })).map((v) => v.version));
            result.updated++;
          } else {
            plugin = await this.create(tx, entry, options, users, result);
            result.created++;
          }
          result.versions += this.addVersions(tx, plugin, entry, known);
        }
        await tx.flush();
        tx.clear();
      }
      return result;
    });
  }

  /** The whole catalog, most downloaded first. Read as rows, not entities: hydrating 10k plugins takes seconds, this tens of ms. */
  async export(em: Em): Promise<RegistryDocument> {
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(`select ${ENTRY_COLUMNS} from plugin order by downloads desc, id asc`);
    return { version: '1.0', plugins: rows.map((row) => toRegistryEntry(entrySource(row))) };
  }

  private assignMetadata(em: Em, plugin: Plugin, entry: ImportEntry): void {
    const tagsChanged = plugin.tags.join(',') !== entry.tags.join(',');
    em.assign(plugin, {
      name: entry.name,
      providerType: entry.provider_type,
      description: entry.description,
      author: entry.author,
      license: entry.license,
      homepage: entry.homepage,
      repository: entry.repository,
      documentationUrl: entry.documentation_url ?? null,
      tags: entry.tags,
      capabilities: capabilityMap(entry.capabilities),
      verified: entry.verified,
      category: entry.category ?? plugin.category,
      installType: entry.install.type,
      manifestUrl: entry.install.manifest_url,
      dockerImage: entry.install.docker_image ?? null,
      screenshots: entry.screenshots,
    });
    if (tagsChanged) {
      em.getRepository(PluginTag).nativeDelete({ plugin: plugin.id });
      for (const tag of new Set(entry.tags)) em.create(PluginTag, { plugin, tag });
    }
  }

  private async create(em: Em, entry: ImportEntry, options: ImportOptions, users: Map<string, User>, result: ImportResult): Promise<Plugin> {
    const versions = entry.versions ?? [{ version: entry.version, published_at: entry.updated_at ?? entry.published_at ?? new Date().toISOString(), changes: '' }];
    const first = versions.reduce((a, b) => (a.published_at < b.published_at ? a : b));
    const publishedAt = new Date(entry.published_at ?? first.published_at);
    const updatedAt = new Date(entry.updated_at ?? entry.published_at ?? first.published_at);
    const plugin = em.create(Plugin, {
      id: entry.id,
      name: entry.name,
      providerType: entry.provider_type,
      description: entry.description,
      author: entry.author,
      license: entry.license,
      homepage: entry.homepage,
      repository: entry.repository,
      documentationUrl: entry.documentation_url ?? null,
      tags: entry.tags,
      capabilities: capabilityMap(entry.capabilities),
      category: entry.category ?? (entry.verified ? Category.VERIFIED : Category.COMMUNITY),
      verified: entry.verified,
      installType: entry.install.type,
      manifestUrl: entry.install.manifest_url,
      dockerImage: entry.install.docker_image ?? null,
      screenshots: entry.screenshots,
      publishedAt,
      updatedAt,
      version: entry.version,
    });
    for (const tag of new Set(entry.tags)) em.create(PluginTag, { plugin, tag });

    // Ratings: sample reviews become real rows; the rest of the catalog's count and average is a baseline.
    const samples = entry.review_samples ?? [];
    const sampleSum = samples.reduce((a, r) => a + r.rating, 0);
    const baselineCount = Math.max(0, entry.reviews - samples.length);
    const baselineSum = baselineCount === 0 ? 0 : Math.max(0, entry.rating * entry.reviews - sampleSum);
    plugin.importedRatingCount = baselineCount;
    plugin.importedRatingSum = baselineSum;
    plugin.ratingCount = baselineCount + samples.length;
    plugin.ratingSum = baselineSum + sampleSum;
    plugin.ratingScore = bayesianRating(plugin.ratingSum, plugin.ratingCount);
    for (const sample of samples) {
      const author = await this.user(em, users, sample.author);
      const at = new Date(`${sample.date}T12:00:00Z`);
      em.create(Review, { plugin, user: author, rating: sample.rating, comment: sample.comment, createdAt: at, updatedAt: at });
      plugin.histogram[sample.rating - 1]++;
      result.reviews++;
    }

    let counted = 0;
    if (options.synthesizeHistory && entry.downloads > 0) counted = this.synthesizeHistory(em, entry);
    plugin.importedDownloads = entry.downloads - counted;
    plugin.downloads = entry.downloads;
    return plugin;
  }

  /** New versions of the entry (known ones are immutable and left alone); returns how many were added. */
  private addVersions(em: Em, plugin: Plugin, entry: ImportEntry, known: Set<string>): number {
    const versions = entry.versions ?? [{ version: entry.version, published_at: entry.updated_at ?? new Date().toISOString(), changes: '' }];
    let added = 0;
    for (const v of versions) {
      if (known.has(v.version)) continue;
      const manifest = manifestFromEntry(entry, v.version);
      em.create(PluginVersion, {
        plugin,
        version: v.version,
        publishedAt: new Date(v.published_at),
        changes: v.changes,
        manifest,
        sha256: sha256(manifest),
        prerelease: v.prerelease ?? semver.prerelease(v.version) !== null,
        yankedReason: v.yanked ?? null,
        yankedAt: v.yanked ? new Date(v.published_at) : null,
      });
      added++;
    }
    return added;
  }

  private async user(em: Em, cache: Map<string, User>, username: string): Promise<User> {
    let user = cache.get(username) ?? (await em.findOne(User, { username })) ?? undefined;
    if (!user) user = em.create(User, { username, displayName: username, email: `${username}@users.invalid` });
    cache.set(username, user);
    return user;
  }

  private synthesizeHistory(em: Em, entry: ImportEntry): number {
    const rand = random(entry.id);
    const base = (entry.downloads * 0.25) / 60;
    let total = 0;
    for (let n = 59; n >= 0; n--) {
      const weekday = new Date(`${daysBefore(n)}T00:00:00Z`).getUTCDay();
      const weekly = weekday === 0 || weekday === 6 ? 0.6 : 1.1;
      const count = Math.round(base * weekly * (0.6 + rand() * 0.8) * (1 + (59 - n) / 120));
      if (count === 0) continue;
      em.create(DownloadDaily, { pluginId: entry.id, version: entry.version, day: daysBefore(n), count });
      total += count;
    }
    return Math.min(total, entry.downloads);
  }
}
