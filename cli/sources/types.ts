import type { CapabilityMap, CapabilityName } from '../../domain/capabilities.js';
import type { DependencyMap } from '../../domain/dependencies.js';
import type { Category } from '../../domain/plugin.js';
import type { RegistryEntry as ServedEntry } from '../../domain/registry-entry.js';
import type { SourceConfig } from '../config/config.js';

/**
 * A plugin as Loom's registry.json describes it: the one shape every source kind yields, and what `--json`
 * prints (plus `source`). Differs from the entry the registry serves in what a hand-written index may leave out:
 * `install.sha256` (when present, install checks the manifest against it) and `category`.
 */
export type RegistryEntry = Omit<ServedEntry, 'capabilities' | 'install' | 'category'> & {
  /** Standard and custom capabilities side by side (registry.json nests the custom ones: LoomEntry). */
  capabilities: Record<string, boolean>;
  install: { type: string; manifest_url: string; docker_image?: string; sha256?: string };
  category?: string;
  /** The current version's quality score and whether it passed conformance, when a registry server assessed it. */
  quality_score?: number | null;
  tested?: boolean;
};

/** An entry as this CLI writes it into a registry.json for Loom: the flags a manifest declares, custom ones nested. */
export type LoomEntry = Omit<ServedEntry, 'capabilities' | 'category'> & { capabilities: Partial<CapabilityMap> };

export interface VersionInfo {
  version: string;
  prerelease: boolean;
  yanked_reason: string | null;
  /** sha256 (hex) of the manifest of this version, when the source publishes one. */
  sha256: string | null;
  published_at: string | null;
  changes: string | null;
  /**
   * What the version declares about other plugins (domain/dependencies.ts), when the source says: plugin id →
   * semver range it needs, ranges it cannot stand beside, names it provides. Absent: none known.
   */
  dependencies?: DependencyMap;
  conflicts?: DependencyMap;
  provides?: string[];
}

/** A plugin version that depends on another plugin ("used by"). */
export interface Dependent {
  plugin_id: string;
  version: string;
  /** The range it needs. */
  range: string;
}

export interface DependentsPage {
  items: Dependent[];
  /** Where the next page starts (`cursor`), null at the end. */
  next: string | null;
}

export interface PluginDetails {
  entry: RegistryEntry;
  /** Newest first. A static registry knows only the entry's version. */
  versions: VersionInfo[];
  versions_total: number;
  downloads_last_30d: number | null;
  deprecated: { message: string; replacement: string | null } | null;
  /** The registry's quality checklist of the entry's version, when a registry server assessed it. */
  quality?: { score: number; assessed_at: string; items: { id: string; label: string; passed: boolean; detail: string }[] } | null;
}

export type SortKey = 'downloads' | 'rating' | 'updated' | 'quality';

export interface SearchQuery {
  text?: string;
  tags?: string[];
  verified?: boolean;
  category?: Category;
  /** Plugins having every one of these. */
  capabilities?: CapabilityName[];
  /** Plugins whose current version's quality score is at least this (entries without one never match). */
  minQuality?: number;
  /** Only plugins whose current version passed conformance. */
  tested?: boolean;
  sort?: SortKey;
  /** Undefined: every match. */
  limit?: number;
  /** Continues after the matches read so far: a `next` of this source's previous answer to the same query. */
  after?: string;
}

export interface SearchPage {
  entries: RegistryEntry[];
  /** Matches in this source, which may exceed `entries` when a limit applies. */
  total: number;
  /** The query with its misspelt words corrected, when the source matched those words as corrected (registry servers). */
  didYouMean?: string;
  /** Where the next matches start (`after`), when a limit left some unread. */
  next?: string;
}

export interface ManifestLocation {
  url: string;
  /** The checksum the source vouches for; null means the source has none (install warns). */
  sha256: string | null;
  /** Headers for the download (the install id, auth); registry servers only. */
  headers: Record<string, string>;
}

export type SourceKind = 'loom-registry' | 'static' | 'file';

export interface Source {
  readonly config: SourceConfig;
  /** Resolved kind; for an `auto` source, known after its first request. */
  kind(): SourceKind | 'auto';
  search(query: SearchQuery): Promise<SearchPage>;
  details(id: string): Promise<PluginDetails | null>;
  /** Every version of a plugin, newest first, or null when the source does not have it. */
  versions(id: string): Promise<VersionInfo[] | null>;
  /**
   * Every version with what each declares about other plugins (`dependencies`, `conflicts`, `provides`), newest first,
   * or null when the source does not have the plugin. A static index knows this of the entry's version only.
   */
  requirements(id: string): Promise<VersionInfo[] | null>;
  /** The plugins that depend on `id` (a static index: those whose listed version does), a page at a time. */
  dependents(id: string, limit: number, cursor?: string): Promise<DependentsPage>;
  manifest(id: string, version: VersionInfo): Promise<ManifestLocation>;
  /** Best-effort install statistics; registry servers only. */
  reportInstall(id: string, version: string): Promise<void>;
  reportRemove(id: string): Promise<void>;
}
