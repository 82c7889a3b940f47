import semver from 'semver';
import { AppError } from '../../errors.js';
import type { Em } from '../../orm.js';
import { Plugin, bayesianRating } from './plugin.entity.js';
import { Review } from '../community/review.entity.js';
import { DownloadDaily } from '../stats/download-daily.entity.js';
import { daysBefore } from '../stats/days.js';
import { User } from '../accounts/user.entity.js';
import { applyCurrentVersion } from '../publishing/current.js';
import { PluginVersion } from '../publishing/version.entity.js';
import { recordDependencies } from '../publishing/dependencies.js';
import { normalizeDependencies } from '../../../domain/dependencies.js';
import { pluginFields } from './plugin-fields.js';
import { sha256Hex } from '../../../domain/checksum.js';
import { stringifyManifest } from '../../../domain/manifest.js';
import { Category } from '../../../domain/plugin.js';
import { assembleEntry, entryFragment, toRegistryEntry, type EntrySource, type ManifestUrls, type RegistryDocument, type RegistryEntry } from '../../../domain/registry-entry.js';
import { capabilityMap, importDocumentSchema, importEntrySchema, type ImportEntry } from '../../../domain/registry-import.js';
import { SqlitePlatform } from '@mikro-orm/sql';

export interface ImportOptions {
  /**
   * Spread part of each plugin's download total over the last 60 days as daily rollups, so a sample
   * catalog shows believable recent statistics. Deterministic per plugin id. Only for seeding.
   */
  synthesizeHistory?: boolean;
  /** Entries per batch (the identity map is emptied between batches); IMPORT_BATCH unless a test wants several small ones. */
  batchSize?: number;
}

export interface ImportResult {
  created: number;
  updated: number;
  versions: number;
  reviews: number;
}

/**
 * A plugin.yaml for a version known only from a catalog entry (a registry.json carries the manifest's
 * URL, not its text): the metadata Loom needs, and the API key declared as a sensitive setting.
 */
export function manifestFromEntry(entry: ImportEntry, version: string): string {
  return stringifyManifest({
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

/** The columns a registry entry is built from (`entrySource`). */
export const ENTRY_COLUMNS =
  'id, name, provider_type, description, author, version, license, homepage, repository, downloads, rating_sum, rating_count, verified, ' +
  'tags, capabilities, install_type, manifest_url, docker_image, manifest_sha256, screenshots, documentation_url, published_at, updated_at, category, dependencies, conflicts, provides';

/** A JSON column as the driver returns it: text from SQLite, already parsed from PostgreSQL; text that is no JSON as null. */
export function json<T>(value: unknown): T {
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return null as T;
  }
}

/** Plugins whose entries are read and serialised between two turns of the event loop, while registry.json is built. */
export const EXPORT_BATCH = 1000;

/** The JSON columns of an entry source. */
export const ENTRY_JSON_FIELDS = ['tags', 'capabilities', 'screenshots', 'dependencies', 'conflicts', 'provides'] as const;

type EntryScalars = Omit<EntrySource, (typeof ENTRY_JSON_FIELDS)[number]>;

/** A plugin row as an entry source; booleans come as 0/1 or true/false, times as epoch milliseconds or Dates. */
export function entrySource(row: Record<string, unknown>): EntrySource {
  return {
    ...entryScalars(row),
    tags: json(row.tags),
    capabilities: json(row.capabilities),
    screenshots: json(row.screenshots),
    dependencies: json(row.dependencies),
    conflicts: json(row.conflicts),
    provides: json(row.provides),
  };
}

/** An entry source without its JSON columns (read models parse those when a field is read). */
export function entryScalars(row: Record<string, unknown>): EntryScalars {
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
    installType: row.install_type as string,
    manifestUrl: row.manifest_url as string,
    dockerImage: row.docker_image as string | null,
    manifestSha256: row.manifest_sha256 as string,
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
      const size = options.batchSize ?? IMPORT_BATCH;
      for (let start = 0; start < entries.length; start += size) {
        const batch = entries.slice(start, start + size);
        const existing = new Map((await tx.find(Plugin, { id: { $in: batch.map((e) => e.id) } })).map((p) => [p.id, p]));
        const users = new Map<string, User>();
        for (const entry of batch) {
          let plugin = existing.get(entry.id);
          let known: PluginVersion[] = [];
          if (plugin) {
            this.assignMetadata(tx, plugin, entry);
            known = await tx.find(PluginVersion, { plugin: plugin.id });
            result.updated++;
          } else {
            plugin = await this.create(tx, entry, options, users, result);
            result.created++;
          }
          const added = this.addVersions(tx, plugin, entry, new Set(known.map((v) => v.version)));
          if (added.length > 0) await applyCurrentVersion(tx, plugin, [...known, ...added]);
          result.versions += added.length;
        }
        await tx.flush();
        tx.clear();
      }
      return result;
    });
  }

  /** The whole catalog of installable plugins, most downloaded first. */
  async export(em: Em, urls: ManifestUrls): Promise<RegistryDocument> {
    const plugins: RegistryEntry[] = [];
    for await (const batch of this.entryBatches(em, urls)) for (const text of batch) plugins.push(JSON.parse(text) as RegistryEntry);
    return { version: '1.0', plugins };
  }

  /**
   * The JSON text of each installable plugin's entry, most downloaded first, a batch at a time: the order is read
   * first, then each batch's rows by primary key, so the caller lets other work run between batches and never holds
   * the whole catalog. An entry is its stored fragment with the counts and manifest URL put in; a plugin without one
   * (written by another tool, or before fragments existed) is serialised from its columns.
   */
  async *entryBatches(em: Em, urls: ManifestUrls, size = EXPORT_BATCH): AsyncGenerator<string[]> {
    const connection = em.getConnection();
    // SQLite finds a row by its rowid with one seek, by id with two (id's index, then the table): the order names both,
    // and a row whose rowid no longer holds that id (a VACUUM renumbers them) is read again by id
    const rowids = em.getPlatform() instanceof SqlitePlatform;
    const order = await connection.execute<{ id: string; rowid?: number }[]>(`select id${rowids ? ', rowid' : ''} from plugin where installable order by downloads desc, id asc`);
    const fragments = urls.kind === 'registry';
    const columns = fragments ? 'id, version, downloads, rating_sum, rating_count, registry_entry' : ENTRY_COLUMNS;
    const select = (keys: unknown[], what: string, key = 'id') => connection.execute<Record<string, unknown>[]>(`select ${what} from plugin where ${key} in (${keys.map(() => '?').join(', ')}) and installable`, keys);
    for (let start = 0; start < order.length; start += size) {
      const batch = order.slice(start, start + size);
      const ids = batch.map((r) => r.id);
      const byId = new Map((await select(rowids ? batch.map((r) => r.rowid) : ids, columns, rowids ? 'rowid' : 'id')).map((row) => [row.id as string, row]));
      const moved = rowids ? ids.filter((id) => !byId.has(id)) : [];
      if (moved.length > 0) for (const row of await select(moved, columns)) byId.set(row.id as string, row);
      const unstored = fragments ? ids.filter((id) => byId.has(id) && typeof byId.get(id)!.registry_entry !== 'string') : [];
      const full = new Map(fragments && unstored.length > 0 ? (await select(unstored, ENTRY_COLUMNS)).map((row) => [row.id as string, row]) : []);
      yield ids.flatMap((id) => {
        const row = byId.get(id);
        if (!row) return [];
        const stored = row.registry_entry;
        if (urls.kind === 'registry' && typeof stored === 'string') {
          const counts = { downloads: Number(row.downloads), ratingSum: Number(row.rating_sum), ratingCount: Number(row.rating_count) };
          return [assembleEntry(stored, counts, urls.manifest(id, row.version as string))];
        }
        return [JSON.stringify(toRegistryEntry(entrySource(full.get(id) ?? row), urls))];
      });
    }
  }

  /**
   * Stores the registry.json fragment of every plugin that has none (all of them after the upgrade that added
   * fragments; rows written by other tools), a batch per transaction; returns how many were written.
   */
  async fillEntryFragments(em: Em): Promise<number> {
    let filled = 0;
    // by id, from where the last batch ended: a row emptied again meanwhile (a write behind the app) waits for the next run
    for (let after = ''; ; ) {
      const batch = await em.fork().transactional(async (tx) => {
        const rows = await tx.execute<Record<string, unknown>[]>(`select ${ENTRY_COLUMNS} from plugin where registry_entry is null and id > ? order by id limit ?`, [after, EXPORT_BATCH]);
        for (const row of rows) await tx.execute('update plugin set registry_entry = ? where id = ?', [entryFragment(entrySource(row)), row.id]);
        return rows;
      });
      filled += batch.length;
      if (batch.length < EXPORT_BATCH) return filled;
      after = batch[batch.length - 1].id as string;
    }
  }

  /** The plugin's own fields; the install details belong to versions, and published versions are left alone. */
  private assignMetadata(em: Em, plugin: Plugin, entry: ImportEntry): void {
    em.assign(plugin, { ...pluginFields(entry).metadata, verified: entry.verified, category: entry.category ?? plugin.category });
  }

  private async create(em: Em, entry: ImportEntry, options: ImportOptions, users: Map<string, User>, result: ImportResult): Promise<Plugin> {
    const versions = entry.versions ?? [{ version: entry.version, published_at: entry.updated_at ?? entry.published_at ?? new Date().toISOString(), changes: '' }];
    const first = versions.reduce((a, b) => (a.published_at < b.published_at ? a : b));
    const publishedAt = new Date(entry.published_at ?? first.published_at);
    const updatedAt = new Date(entry.updated_at ?? entry.published_at ?? first.published_at);
    const { metadata, details } = pluginFields(entry);
    const plugin = em.create(Plugin, {
      id: entry.id,
      ...metadata,
      ...details,
      tags: [],
      category: entry.category ?? (entry.verified ? Category.VERIFIED : Category.COMMUNITY),
      verified: entry.verified,
      publishedAt,
      updatedAt,
      version: entry.version,
    });

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

  /**
   * New versions of the entry (known ones are immutable and left alone), each with the entry's install details:
   * a registry.json entry describes one version, and earlier ones are known only by number.
   */
  private addVersions(em: Em, plugin: Plugin, entry: ImportEntry, known: Set<string>): PluginVersion[] {
    const versions = entry.versions ?? [{ version: entry.version, published_at: entry.updated_at ?? new Date().toISOString(), changes: '' }];
    const added: PluginVersion[] = [];
    for (const v of versions) {
      if (known.has(v.version)) continue;
      const manifest = manifestFromEntry(entry, v.version);
      const version = em.create(PluginVersion, {
        plugin,
        version: v.version,
        publishedAt: new Date(v.published_at),
        changes: v.changes,
        manifest,
        sha256: sha256Hex(manifest),
        prerelease: v.prerelease ?? semver.prerelease(v.version) !== null,
        yankedReason: v.yanked ?? null,
        yankedAt: v.yanked ? new Date(v.published_at) : null,
        ...pluginFields(entry).details,
        // an entry says what its current version declares; of the others it knows only the numbers
        ...(v.version === entry.version ? normalizeDependencies(entry) : {}),
      });
      recordDependencies(em, version);
      added.push(version);
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
