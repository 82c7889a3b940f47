import { z } from 'zod';
import { CAPABILITY_NAMES, flags, isReservedCapability, type CapabilityMap } from './capabilities.js';
import { SHA256_HEX_PATTERN } from './checksum.js';
import { dependencyMapSchema } from './dependencies.js';
import { CATEGORY_NAMES, PLUGIN_ID_PATTERN, PLUGIN_TYPES, type Category } from './plugin.js';
import { rfc3339 } from './time.js';

/** Counts are exact JSON numbers up to 2^53 − 1 (Loom decodes registry.json's as int64). */
const count = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const timestamp = () => z.iso.datetime({ precision: 0 }).describe('RFC 3339, UTC, whole seconds');

/** Loom's Go `Capabilities`: the flags, and custom capabilities nested (never flattened beside the flags). */
export const registryCapabilitiesSchema = z
  .strictObject({
    ...flags(() => z.boolean()),
    custom_capabilities: z
      .record(z.string().refine((name) => !isReservedCapability(name), 'never a name Loom reads as one of its own capability keys'), z.boolean())
      .optional()
      .describe(`Name → enabled; never one of ${CAPABILITY_NAMES.join(', ')} or custom_capabilities (compared case-insensitively)`),
  })
  .describe("Loom's Capabilities struct: the manifest's flags, and custom capabilities nested under `custom_capabilities`");

/**
 * Loom's `registry.json` entry as this registry serves it. Loom's Go client fails the whole document on one wrong
 * JSON type, so the shape is exact: integers are integers, timestamps RFC 3339, capabilities Loom's struct.
 * `install.sha256` and `category` are this registry's additions (Loom ignores them).
 */
export const registryEntrySchema = z.strictObject({
  id: z.string().regex(PLUGIN_ID_PATTERN).meta({ examples: ['openai-plugin'] }),
  name: z.string(),
  provider_type: z.string().describe("The provider key; equals what the plugin's GET /metadata returns"),
  description: z.string(),
  author: z.string(),
  version: z.string().describe('The current installable version: the newest by semver that is neither yanked nor a pre-release'),
  license: z.string().describe('SPDX identifier'),
  homepage: z.string(),
  repository: z.string(),
  downloads: count().describe('All-time counted downloads'),
  rating: z.number().min(0).max(5).describe('Average rating to one decimal, 0 when unrated'),
  reviews: count().describe('How many ratings the plugin has'),
  verified: z.boolean(),
  tags: z.array(z.string()),
  capabilities: registryCapabilitiesSchema,
  install: z.strictObject({
    type: z.enum(PLUGIN_TYPES),
    manifest_url: z.string().describe('The registry’s immutable snapshot of the current version’s manifest, an absolute URL (a static mirror’s export: the publisher’s URL)'),
    sha256: z.string().regex(SHA256_HEX_PATTERN).describe('sha256 (lowercase hex) of the bytes manifest_url answers'),
    docker_image: z.string().optional(),
  }),
  screenshots: z.array(z.string()),
  documentation_url: z.string().optional(),
  published_at: timestamp(),
  updated_at: timestamp(),
  category: z.enum(CATEGORY_NAMES).describe('How the plugin is maintained and vetted (an addition to Loom’s entry)'),
  dependencies: dependencyMapSchema.optional().describe('The current version’s dependencies, plugin id → semver range; absent when it has none (an addition Loom ignores)'),
  conflicts: dependencyMapSchema.optional().describe('Plugin id → range of versions that cannot be installed beside the current version; absent when none (an addition Loom ignores)'),
  provides: z.array(z.string()).optional().describe('Names the current version stands in for; absent when none (an addition Loom ignores)'),
});

export type RegistryEntry = z.infer<typeof registryEntrySchema>;

export const registryDocumentSchema = z.strictObject({ version: z.literal('1.0'), plugins: z.array(registryEntrySchema) });
export type RegistryDocument = z.infer<typeof registryDocumentSchema>;

/** What an entry is made from: a plugin's public columns, from an entity or from a row read without hydrating one. */
export interface EntrySource {
  id: string;
  name: string;
  providerType: string;
  description: string;
  author: string;
  version: string;
  license: string;
  homepage: string;
  repository: string;
  downloads: number;
  ratingSum: number;
  ratingCount: number;
  verified: boolean;
  tags: string[];
  capabilities: CapabilityMap;
  installType: string;
  manifestUrl: string;
  dockerImage?: string | null;
  manifestSha256: string;
  screenshots: string[];
  documentationUrl?: string | null;
  publishedAt: Date;
  updatedAt: Date;
  category: Category;
  /** The current version's declarations (domain/dependencies.ts); left out of the entry when empty or absent. */
  dependencies?: unknown;
  conflicts?: unknown;
  provides?: unknown;
}

/** Where `install.manifest_url` points: the registry's own snapshot route (absolute), or the publisher's URL. */
export type ManifestUrls = { kind: 'registry'; manifest(pluginId: string, version: string): string } | { kind: 'publisher' };

// The serializer below trusts nothing about the row: a row written before a rule, by another tool or by hand
// still yields Loom's exact types, because one wrong type would make Loom drop the whole document.

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
const flag = (value: unknown): boolean => value === true || value === 1;
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
/** Loom decodes counts into int64; beyond 2^53 JSON numbers lose integers, so that is the ceiling. */
const integer = (value: unknown): number => {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, Number.MAX_SAFE_INTEGER) : 0;
};

/** Loom's capabilities from a stored map of any shape: the flags, and the custom ones that are booleans with names Loom does not read as its own keys. */
export function registryCapabilities(value: unknown): CapabilityMap {
  const map = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const caps: CapabilityMap = flags((name) => flag(map[name]));
  const stored = map.custom_capabilities;
  if (stored !== null && typeof stored === 'object' && !Array.isArray(stored)) {
    // sorted: PostgreSQL's jsonb keeps keys in an order of its own, and the document must not depend on the database
    const custom = Object.entries(stored)
      .filter(([name, value]) => typeof value === 'boolean' && !isReservedCapability(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (custom.length > 0) caps.custom_capabilities = Object.fromEntries(custom) as Record<string, boolean>;
  }
  return caps;
}

/** A stored id → range map of any shape as the entry's: string values only, keys sorted; undefined when empty. */
function rangeMap(value: unknown): Record<string, string> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The dependency fields of an entry, each only when non-empty (an entry without them is byte for byte what it was before them). */
function dependencyFields(p: Pick<EntrySource, 'dependencies' | 'conflicts' | 'provides'>): Pick<RegistryEntry, 'dependencies' | 'conflicts' | 'provides'> {
  const dependencies = rangeMap(p.dependencies);
  const conflicts = rangeMap(p.conflicts);
  const provides = [...new Set(strings(p.provides))].sort();
  return { ...(dependencies ? { dependencies } : {}), ...(conflicts ? { conflicts } : {}), ...(provides.length > 0 ? { provides } : {}) };
}

/** The counts of an entry, which change more often than anything else in it. */
function countsOf(p: Pick<EntrySource, 'downloads' | 'ratingSum' | 'ratingCount'>): Pick<RegistryEntry, 'downloads' | 'rating' | 'reviews'> {
  const rating = p.ratingCount > 0 ? Number(p.ratingSum) / Number(p.ratingCount) : 0;
  return {
    downloads: integer(p.downloads),
    rating: Number.isFinite(rating) ? Math.min(5, Math.max(0, Math.round(rating * 10) / 10)) : 0,
    reviews: integer(p.ratingCount),
  };
}

type Fragment = Omit<RegistryEntry, 'downloads' | 'rating' | 'reviews' | 'install'> & { install: Omit<RegistryEntry['install'], 'manifest_url'> };

/** Everything of an entry but its counts and manifest URL, `install` last (see `assembleEntry`). */
function fragmentOf(p: EntrySource): Fragment {
  const dockerImage = text(p.dockerImage);
  const documentationUrl = text(p.documentationUrl);
  return {
    id: text(p.id),
    name: text(p.name),
    provider_type: text(p.providerType),
    description: text(p.description),
    author: text(p.author),
    version: text(p.version),
    license: text(p.license),
    homepage: text(p.homepage),
    repository: text(p.repository),
    verified: flag(p.verified),
    tags: strings(p.tags),
    capabilities: registryCapabilities(p.capabilities),
    screenshots: strings(p.screenshots),
    ...(documentationUrl ? { documentation_url: documentationUrl } : {}),
    published_at: rfc3339(p.publishedAt),
    updated_at: rfc3339(p.updatedAt),
    category: text(p.category) as Category,
    ...dependencyFields(p),
    install: { type: text(p.installType) as RegistryEntry['install']['type'], sha256: text(p.manifestSha256), ...(dockerImage ? { docker_image: dockerImage } : {}) },
  };
}

/**
 * The entry's JSON without its counts and manifest URL, stored with the plugin (`registry_entry`) whenever the plugin
 * is written, so registry.json is assembled from stored text instead of serialised anew from every column.
 */
export function entryFragment(p: EntrySource): string {
  return JSON.stringify(fragmentOf(p));
}

/** A stored fragment with its counts and manifest URL: byte for byte `JSON.stringify(toRegistryEntry(…))`. */
export function assembleEntry(fragment: string, counts: Pick<EntrySource, 'downloads' | 'ratingSum' | 'ratingCount'>, manifestUrl: string): string {
  return `${entryHead(counts)}${fragment.slice(1, -2)}${entryTail(manifestUrl)}`;
}

/**
 * `assembleEntry` handed to `write` in its three pieces (the stored fragment's text in the middle), so a writer that
 * encodes into a buffer never makes the entry's whole string.
 */
export function writeEntry(write: (text: string) => void, fragment: string, counts: Pick<EntrySource, 'downloads' | 'ratingSum' | 'ratingCount'>, manifestUrl: string): void {
  write(entryHead(counts));
  write(fragment.slice(1, -2));
  write(entryTail(manifestUrl));
}

function entryHead(counts: Pick<EntrySource, 'downloads' | 'ratingSum' | 'ratingCount'>): string {
  const c = countsOf(counts);
  return `{"downloads":${c.downloads},"rating":${c.rating},"reviews":${c.reviews},`;
}

const entryTail = (manifestUrl: string) => `,"manifest_url":${JSON.stringify(manifestUrl)}}}`;

export function toRegistryEntry(p: EntrySource, urls: ManifestUrls): RegistryEntry {
  const { install, ...fields } = fragmentOf(p);
  const manifestUrl = urls.kind === 'registry' ? urls.manifest(text(p.id), text(p.version)) : text(p.manifestUrl);
  return { ...countsOf(p), ...fields, install: { ...install, manifest_url: manifestUrl } };
}
