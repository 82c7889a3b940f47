import type { Capability, Category } from '../../client/gql/graphql.js';
import type { SourceConfig } from '../config/config.js';

/**
 * A plugin as Loom's registry.json describes it: the one shape every source kind yields, and what `--json`
 * prints (plus `source`). `install.sha256` is this CLI's extension for static registries: when present,
 * install checks the manifest against it.
 */
export interface RegistryEntry {
  id: string;
  name: string;
  provider_type: string;
  description: string;
  author: string;
  version: string;
  license: string;
  homepage: string;
  repository: string;
  downloads: number;
  rating: number;
  reviews: number;
  verified: boolean;
  tags: string[];
  /** Standard and custom capabilities side by side (registry.json nests the custom ones: LoomCapabilities). */
  capabilities: Record<string, boolean>;
  install: { type: string; manifest_url: string; docker_image?: string; sha256?: string };
  screenshots: string[];
  documentation_url?: string;
  published_at: string;
  updated_at: string;
  category?: string;
}

/** Capabilities as Loom's Go struct decodes them: the standard flags, and custom ones nested under custom_capabilities. */
export type LoomCapabilities = Partial<Record<CapabilityName, boolean>> & { custom_capabilities?: Record<string, boolean> };

/** An entry as this CLI writes it into a registry.json for Loom (`capabilities` flattened in RegistryEntry). */
export type LoomEntry = Omit<RegistryEntry, 'capabilities'> & { capabilities: LoomCapabilities };

export interface VersionInfo {
  version: string;
  prerelease: boolean;
  yanked_reason: string | null;
  /** sha256 (hex) of the manifest of this version, when the source publishes one. */
  sha256: string | null;
  published_at: string | null;
  changes: string | null;
}

export interface PluginDetails {
  entry: RegistryEntry;
  /** Newest first. A static registry knows only the entry's version. */
  versions: VersionInfo[];
  versions_total: number;
  downloads_last_30d: number | null;
  deprecated: { message: string; replacement: string | null } | null;
}

export type SortKey = 'downloads' | 'rating' | 'updated';

/** The registry's categories and standard capabilities, as registry.json spells them (the server's enums, lowercased). */
export type CategoryName = Lowercase<Category>;
export type CapabilityName = Lowercase<Capability>;
export const CATEGORIES = ['official', 'verified', 'community', 'enterprise', 'experimental'] as const satisfies readonly CategoryName[];
export const CAPABILITIES = ['streaming', 'function_calling', 'vision', 'embeddings', 'fine_tuning'] as const satisfies readonly CapabilityName[];

export interface SearchQuery {
  text?: string;
  tags?: string[];
  verified?: boolean;
  category?: CategoryName;
  /** Plugins having every one of these. */
  capabilities?: CapabilityName[];
  sort?: SortKey;
  /** Undefined: every match. */
  limit?: number;
}

export interface SearchPage {
  entries: RegistryEntry[];
  /** Matches in this source, which may exceed `entries` when a limit applies. */
  total: number;
  /** The query with its misspelt words corrected, when the source matched those words as corrected (registry servers). */
  didYouMean?: string;
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
  manifest(id: string, version: VersionInfo): Promise<ManifestLocation>;
  /** Best-effort install statistics; registry servers only. */
  reportInstall(id: string, version: string): Promise<void>;
  reportRemove(id: string): Promise<void>;
}
