import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { authHint, type SourceConfig } from '../config/config.js';
import { userHome } from '../config/home.js';
import { CliError, NotFoundError } from '../errors.js';
import { httpGet } from './http.js';
import type { DependentsPage, ManifestLocation, PluginDetails, RegistryEntry, SearchPage, SearchQuery, Source, SourceKind, VersionInfo } from './types.js';

/**
 * A whole-index registry: `GET <url>/registry.json` over HTTP, or `<folder>/registry.json` for `file://`
 * (a missing file is an empty registry), read the way Loom's own client reads it and searched in memory.
 */

/** `file://~/x`, `file:///abs`, `file://./rel` → a path; `~` is the home directory `env` names, relative paths start at `cwd`. */
export function fileUrlPath(url: string, cwd: string, env: NodeJS.ProcessEnv): string {
  let rest = decodeURIComponent(url.slice('file://'.length));
  if (rest === '~' || rest.startsWith('~/')) rest = path.join(userHome(env), rest.slice(1));
  return path.resolve(cwd, rest);
}

/** The registry.json a source URL names: the URL itself when it ends in .json, else `<url>/registry.json`. */
export function indexLocation(url: string): string {
  return url.endsWith('.json') ? url : `${url.replace(/\/+$/, '')}/registry.json`;
}

export interface RegistryDocument {
  entries: RegistryEntry[];
  /** Entries without a usable id or name, skipped. */
  skipped: number;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** A hand-written map of id → range: the string values, in key order; absent when empty. */
function rangeMap(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const map = Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return map.length ? Object.fromEntries(map) : undefined;
}

/** Loom's entry shape with defaults for what a hand-written index leaves out. */
export function normalizeEntry(raw: Record<string, unknown>): RegistryEntry | null {
  if (typeof raw.id !== 'string' || raw.id === '') return null;
  // Loom's own local-registry example puts manifest_url at the top level.
  const install = (raw.install && typeof raw.install === 'object' ? raw.install : {}) as Record<string, unknown>;
  const manifestUrl = str(install.manifest_url, str(raw.manifest_url));
  const capabilities: Record<string, boolean> = {};
  const declared = (raw.capabilities ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(declared)) if (typeof v === 'boolean') capabilities[k] = v;
  // Loom's shape nests custom capabilities; an older or hand-written index lists them beside the flags.
  const custom = declared.custom_capabilities;
  if (custom && typeof custom === 'object') for (const [k, v] of Object.entries(custom)) if (typeof v === 'boolean' && !(k in capabilities)) capabilities[k] = v;
  return {
    id: raw.id,
    name: str(raw.name, raw.id),
    provider_type: str(raw.provider_type),
    description: str(raw.description),
    author: str(raw.author),
    version: str(raw.version),
    license: str(raw.license),
    homepage: str(raw.homepage),
    repository: str(raw.repository),
    downloads: num(raw.downloads),
    rating: num(raw.rating),
    reviews: num(raw.reviews),
    verified: raw.verified === true,
    tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
    capabilities,
    install: {
      type: str(install.type, 'http'),
      manifest_url: manifestUrl,
      ...(typeof install.docker_image === 'string' ? { docker_image: install.docker_image } : {}),
      ...(typeof install.sha256 === 'string' ? { sha256: install.sha256.toLowerCase() } : {}),
    },
    screenshots: Array.isArray(raw.screenshots) ? raw.screenshots.filter((t): t is string => typeof t === 'string') : [],
    ...(typeof raw.documentation_url === 'string' ? { documentation_url: raw.documentation_url } : {}),
    published_at: str(raw.published_at),
    updated_at: str(raw.updated_at),
    ...(typeof raw.category === 'string' ? { category: raw.category } : {}),
    ...(rangeMap(raw.dependencies) ? { dependencies: rangeMap(raw.dependencies) } : {}),
    ...(rangeMap(raw.conflicts) ? { conflicts: rangeMap(raw.conflicts) } : {}),
    ...(Array.isArray(raw.provides) && raw.provides.length ? { provides: raw.provides.filter((t): t is string => typeof t === 'string') } : {}),
  };
}

export function parseRegistryDocument(text: string, where: string): RegistryDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${where} is not valid JSON: ${(err as Error).message}`, 'REGISTRY_INVALID', 1, 'fix the file or disable the source with "loom plugin sources disable <name>"');
  }
  const plugins = (doc as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(plugins)) throw new CliError(`${where} has no "plugins" list`, 'REGISTRY_INVALID', 1, 'a registry.json is {"version": "1.0", "plugins": [...]}');
  const entries: RegistryEntry[] = [];
  let skipped = 0;
  for (const raw of plugins) {
    const entry = raw && typeof raw === 'object' ? normalizeEntry(raw as Record<string, unknown>) : null;
    if (entry) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

/** Loom's search: case-insensitive substring of name, description, author or a tag. */
function matches(entry: RegistryEntry, text: string): boolean {
  const needle = text.toLowerCase();
  return [entry.id, entry.name, entry.description, entry.author, ...entry.tags].some((field) => field.toLowerCase().includes(needle));
}

/** An entry without a category is what a registry server would file it under on import. */
const categoryOf = (e: RegistryEntry) => e.category?.toLowerCase() ?? (e.verified ? 'verified' : 'community');

/** An entry's quality score; -1, below every score, when it has none (a static registry.json never has one). */
export const qualityOf = (e: RegistryEntry) => e.quality_score ?? -1;

/** The registry server's filters, applied in memory: a static index has no query language of its own. */
export function searchEntries(entries: RegistryEntry[], query: SearchQuery): SearchPage {
  const tags = query.tags ?? [];
  const capabilities = query.capabilities ?? [];
  const found = entries.filter(
    (e) =>
      (!query.text || matches(e, query.text)) &&
      (!query.verified || e.verified) &&
      (!query.category || categoryOf(e) === query.category) &&
      capabilities.every((c) => e.capabilities[c] === true) &&
      (query.minQuality === undefined || qualityOf(e) >= query.minQuality) &&
      (!query.tested || e.tested === true) &&
      tags.every((t) => e.tags.some((x) => x.toLowerCase() === t)),
  );
  const key: Record<string, (e: RegistryEntry) => number> = {
    downloads: (e) => e.downloads,
    rating: (e) => e.rating,
    updated: (e) => Date.parse(e.updated_at) || 0,
    quality: qualityOf,
  };
  // Loom ranks by downloads × rating; the sort is stable, so equal entries keep the index's order.
  const rank = query.sort ? key[query.sort] : (e: RegistryEntry) => e.downloads * e.rating;
  found.sort((a, b) => rank(b) - rank(a));
  // The cursor of an index read whole is the number of matches already given.
  const start = Number(query.after ?? 0);
  const page = found.slice(start, query.limit === undefined ? undefined : start + query.limit);
  const end = start + page.length;
  return { entries: page, total: found.length, ...(end < found.length ? { next: String(end) } : {}) };
}

export class StaticSource implements Source {
  private document?: Promise<RegistryDocument>;
  private readonly isFile: boolean;

  constructor(
    readonly config: SourceConfig,
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onSkipped: (source: string, count: number) => void,
  ) {
    this.isFile = config.url.startsWith('file://');
  }

  kind(): SourceKind {
    return this.isFile ? 'file' : 'static';
  }

  /** Where relative manifest URLs in the index point from. */
  private base(): string {
    return this.isFile ? pathToFileURL(`${indexLocation(fileUrlPath(this.config.url, this.cwd, this.env))}`).href : indexLocation(this.config.url);
  }

  private load(): Promise<RegistryDocument> {
    this.document ??= this.read().then((doc) => {
      if (doc.skipped > 0) this.onSkipped(this.config.name, doc.skipped);
      return doc;
    });
    return this.document;
  }

  private async read(): Promise<RegistryDocument> {
    if (this.isFile) {
      const file = indexLocation(fileUrlPath(this.config.url, this.cwd, this.env));
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`, 'REGISTRY_UNREADABLE');
      }
      return parseRegistryDocument(text, file);
    }
    const url = indexLocation(this.config.url);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    try {
      const { body } = await httpGet(url, { what: `source ${this.config.name}`, headers, authHint: authHint(this.config) });
      return parseRegistryDocument(body.toString('utf8'), url);
    } catch (err) {
      if (err instanceof NotFoundError) throw new CliError(err.message, 'REGISTRY_MISSING', 1, `is ${this.config.url} a Loom registry? Check it with "loom plugin sources list"`);
      throw err;
    }
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    return searchEntries((await this.load()).entries, query);
  }

  private async entry(id: string): Promise<RegistryEntry | undefined> {
    return (await this.load()).entries.find((e) => e.id === id);
  }

  private versionOf(entry: RegistryEntry): VersionInfo {
    return {
      version: entry.version,
      prerelease: /^\d+\.\d+\.\d+-/.test(entry.version),
      yanked_reason: null,
      sha256: entry.install.sha256 ?? null,
      published_at: entry.updated_at || entry.published_at || null,
      changes: null,
      dependencies: entry.dependencies ?? {},
      conflicts: entry.conflicts ?? {},
      provides: entry.provides ?? [],
    };
  }

  async details(id: string): Promise<PluginDetails | null> {
    const entry = await this.entry(id);
    if (!entry) return null;
    return { entry, versions: [this.versionOf(entry)], versions_total: 1, downloads_last_30d: null, deprecated: null };
  }

  async versions(id: string): Promise<VersionInfo[] | null> {
    const entry = await this.entry(id);
    return entry ? [this.versionOf(entry)] : null;
  }

  requirements(id: string): Promise<VersionInfo[] | null> {
    return this.versions(id);
  }

  /** The entries whose listed version depends on `id`, by id; the cursor is how many were given already. */
  async dependents(id: string, limit: number, cursor?: string): Promise<DependentsPage> {
    const all = (await this.load()).entries
      .filter((e) => e.dependencies?.[id] !== undefined)
      .map((e) => ({ plugin_id: e.id, version: e.version, range: e.dependencies![id] }))
      .sort((a, b) => (a.plugin_id < b.plugin_id ? -1 : a.plugin_id > b.plugin_id ? 1 : 0));
    const start = Number(cursor ?? 0) || 0;
    const end = start + limit;
    return { items: all.slice(start, end), next: end < all.length ? String(end) : null };
  }

  async manifest(id: string, version: VersionInfo): Promise<ManifestLocation> {
    const entry = await this.entry(id);
    if (!entry?.install.manifest_url) {
      throw new CliError(`${this.config.name}/${id} has no install.manifest_url`, 'NO_MANIFEST_URL', 1, `ask the maintainer of ${this.config.url} to add it`);
    }
    const url = new URL(entry.install.manifest_url, this.base());
    // The source's token goes only to the source's own origin, never to a third-party manifest host.
    const sameOrigin = !this.isFile && url.origin === new URL(this.config.url).origin;
    const headers: Record<string, string> = sameOrigin && this.config.token ? { authorization: `Bearer ${this.config.token}` } : {};
    return { url: url.href, sha256: version.sha256, headers };
  }

  async reportInstall(): Promise<void> {}

  async reportRemove(): Promise<void> {}
}
