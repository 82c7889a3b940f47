import semver from 'semver';
import { z } from 'zod';
import { CAPABILITY_NAMES, Category, PLUGIN_ID_PATTERN, RESERVED_CAPABILITY_MESSAGE, isReservedCapability, type CapabilityMap, type Plugin } from './plugin.entity.js';

/** Loom's Go `Capabilities`: the stored map's shape, custom capabilities nested (never flattened beside the flags). */
export type RegistryCapabilities = CapabilityMap;

/**
 * Loom's `registry.json` entry. Loom's Go client fails the whole document on one wrong JSON type,
 * so the shape here is exact: integers are integers, timestamps RFC 3339, capabilities Loom's struct.
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
  capabilities: RegistryCapabilities;
  /** `manifest_url`: the registry's immutable snapshot of the version (or, in a static mirror's export, the publisher's URL); `sha256`: of those bytes. */
  install: { type: string; manifest_url: string; sha256: string; docker_image?: string };
  screenshots: string[];
  documentation_url?: string;
  published_at: string;
  updated_at: string;
  category: Category;
}

export interface RegistryDocument {
  version: '1.0';
  plugins: RegistryEntry[];
}

/** RFC 3339 in whole seconds, as Loom's own registry writes it; a date that is no date (or past year 9999) is the epoch. */
export function rfc3339(date: Date): string {
  const ms = date.getTime();
  const safe = Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? date : new Date(0);
  return safe.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What an entry is made from: a plugin's public columns, from an entity or from a row read without hydrating one. */
export type EntrySource = Pick<
  Plugin,
  | 'id' | 'name' | 'providerType' | 'description' | 'author' | 'version' | 'license' | 'homepage' | 'repository' | 'downloads'
  | 'ratingSum' | 'ratingCount' | 'verified' | 'tags' | 'capabilities' | 'installType' | 'manifestUrl' | 'dockerImage' | 'manifestSha256'
  | 'screenshots' | 'documentationUrl' | 'publishedAt' | 'updatedAt' | 'category'
>;

/** Where `install.manifest_url` points: the registry's own snapshot route (absolute), or the publisher's URL. */
export type ManifestUrls = { kind: 'registry'; manifest(pluginId: string, version: string): string } | { kind: 'publisher' };

// The serializer below trusts nothing about the row: a row written before a rule, by another tool or by hand
// still yields Loom's exact types, because one wrong type would make Loom drop the whole document.

const text = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
const flag = (value: unknown): boolean => value === true || value === 1;
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
/** Loom decodes counts into int64; beyond 2^53 JSON numbers lose integers, so that is the ceiling. */
const count = (value: unknown): number => {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) && n > 0 ? Math.min(n, Number.MAX_SAFE_INTEGER) : 0;
};

/** Loom's capabilities from a stored map of any shape: the five flags, and the custom ones that are booleans with names Loom does not read as its own keys. */
export function registryCapabilities(value: unknown): RegistryCapabilities {
  const map = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const caps: RegistryCapabilities = {
    streaming: flag(map.streaming),
    function_calling: flag(map.function_calling),
    vision: flag(map.vision),
    embeddings: flag(map.embeddings),
    fine_tuning: flag(map.fine_tuning),
  };
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

/** The counts of an entry, which change more often than anything else in it. */
function countsOf(p: Pick<EntrySource, 'downloads' | 'ratingSum' | 'ratingCount'>): Pick<RegistryEntry, 'downloads' | 'rating' | 'reviews'> {
  const rating = p.ratingCount > 0 ? Number(p.ratingSum) / Number(p.ratingCount) : 0;
  return {
    downloads: count(p.downloads),
    rating: Number.isFinite(rating) ? Math.min(5, Math.max(0, Math.round(rating * 10) / 10)) : 0,
    reviews: count(p.ratingCount),
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
    install: { type: text(p.installType), sha256: text(p.manifestSha256), ...(dockerImage ? { docker_image: dockerImage } : {}) },
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
  const c = countsOf(counts);
  return `{"downloads":${c.downloads},"rating":${c.rating},"reviews":${c.reviews},${fragment.slice(1, -2)},"manifest_url":${JSON.stringify(manifestUrl)}}}`;
}

export function toRegistryEntry(p: EntrySource, urls: ManifestUrls): RegistryEntry {
  const { install, ...fields } = fragmentOf(p);
  const manifestUrl = urls.kind === 'registry' ? urls.manifest(text(p.id), text(p.version)) : text(p.manifestUrl);
  return { ...countsOf(p), ...fields, install: { ...install, manifest_url: manifestUrl } };
}

const tag = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'tags are lowercase slugs');
const timestamp = z.iso.datetime({ offset: true });

/** What an imported entry may hold: Loom's fields plus this registry's optional extensions. */
export const importEntrySchema = z.object({
  id: z.string().regex(PLUGIN_ID_PATTERN, 'lowercase letters, digits and hyphens, 2-64 characters'),
  name: z.string().trim().min(1).max(128),
  provider_type: z.string().trim().min(1).max(64),
  description: z.string().max(5000).default(''),
  author: z.string().max(256).default(''),
  version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version'),
  license: z.string().max(64).default(''),
  homepage: z.string().max(2048).default(''),
  repository: z.string().max(2048).default(''),
  downloads: z.number().int().min(0).default(0),
  rating: z.number().min(0).max(5).default(0),
  reviews: z.number().int().min(0).default(0),
  verified: z.boolean().default(false),
  tags: z.array(tag).max(20).default([]),
  capabilities: z
    .record(z.string(), z.union([z.boolean(), z.record(z.string(), z.boolean())]))
    .superRefine((capabilities, ctx) => {
      for (const [name, value] of Object.entries(capabilities)) {
        if (name === 'custom_capabilities') {
          if (typeof value !== 'object') ctx.addIssue({ code: 'custom', path: [name], message: 'must be an object of custom capability names to booleans' });
          else for (const custom of Object.keys(value)) if (isReservedCapability(custom)) ctx.addIssue({ code: 'custom', path: [name, custom], message: `"${custom}" ${RESERVED_CAPABILITY_MESSAGE}` });
        } else if (typeof value === 'object') {
          ctx.addIssue({ code: 'custom', path: [name], message: 'must be a boolean (custom capabilities go under custom_capabilities)' });
        } else if (!(CAPABILITY_NAMES as readonly string[]).includes(name) && isReservedCapability(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" ${RESERVED_CAPABILITY_MESSAGE}` });
        }
      }
    })
    .default({}),
  install: z.object({
    type: z.enum(['http', 'grpc', 'builtin']).default('http'),
    manifest_url: z.string().max(2048),
    docker_image: z.string().max(256).optional(),
  }),
  screenshots: z.array(z.string().max(2048)).max(20).default([]),
  documentation_url: z.string().max(2048).optional(),
  published_at: timestamp.optional(),
  updated_at: timestamp.optional(),
  category: z.enum(Category).optional(),
  versions: z
    .array(
      z.object({
        version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version'),
        published_at: timestamp,
        changes: z.string().max(5000).default(''),
        prerelease: z.boolean().optional(),
        yanked: z.string().max(1000).optional(),
      }),
    )
    .optional(),
  review_samples: z
    .array(
      z.object({
        author: z.string().regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/i),
        rating: z.number().int().min(1).max(5),
        comment: z.string().max(2000).default(''),
        date: z.iso.date(),
      }),
    )
    .optional(),
});

export type ImportEntry = z.infer<typeof importEntrySchema>;

export const importDocumentSchema = z.object({
  version: z.string().optional(),
  plugins: z.array(z.unknown()),
});

/** Loom's flat capability object (or ours with `custom_capabilities`) as the stored map. */
export function capabilityMap(input: ImportEntry['capabilities']): CapabilityMap {
  const map: CapabilityMap = { streaming: false, function_calling: false, vision: false, embeddings: false, fine_tuning: false };
  const custom: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === 'object') Object.assign(custom, value);
    else if ((CAPABILITY_NAMES as readonly string[]).includes(name)) map[name as keyof Omit<CapabilityMap, 'custom_capabilities'>] = value;
    else custom[name] = value;
  }
  if (Object.keys(custom).length > 0) map.custom_capabilities = custom;
  return map;
}
