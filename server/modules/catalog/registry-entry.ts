import semver from 'semver';
import { z } from 'zod';
import { CAPABILITY_NAMES, Category, PLUGIN_ID_PATTERN, ratingAverage, type CapabilityMap, type Plugin } from '../plugin/plugin.entity.js';

/**
 * Loom's `registry.json` entry. Loom's Go client fails the whole document on one wrong JSON type,
 * so the shape here is exact: integers are integers, timestamps RFC 3339, capabilities all booleans.
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
  capabilities: Record<string, boolean>;
  install: { type: string; manifest_url: string; docker_image?: string };
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

/** RFC 3339 in whole seconds, as Loom's own registry writes it. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Custom capabilities are flattened beside the standard flags so the object stays one level of booleans. */
export function flattenCapabilities(map: CapabilityMap): Record<string, boolean> {
  const { custom_capabilities: custom, ...flags } = map;
  return { ...custom, ...flags };
}

/** What an entry is made from: a plugin's public columns, from an entity or from a row read without hydrating one. */
export type EntrySource = Pick<
  Plugin,
  | 'id' | 'name' | 'providerType' | 'description' | 'author' | 'version' | 'license' | 'homepage' | 'repository' | 'downloads'
  | 'ratingSum' | 'ratingCount' | 'verified' | 'tags' | 'capabilities' | 'installType' | 'manifestUrl' | 'dockerImage'
  | 'screenshots' | 'documentationUrl' | 'publishedAt' | 'updatedAt' | 'category'
>;

export function toRegistryEntry(p: EntrySource): RegistryEntry {
  return {
    id: p.id,
    name: p.name,
    provider_type: p.providerType,
    description: p.description,
    author: p.author,
    version: p.version,
    license: p.license,
    homepage: p.homepage,
    repository: p.repository,
    downloads: p.downloads,
    rating: Math.round(ratingAverage(p) * 10) / 10,
    reviews: p.ratingCount,
    verified: p.verified,
    tags: p.tags,
    capabilities: flattenCapabilities(p.capabilities),
    install: { type: p.installType, manifest_url: p.manifestUrl, ...(p.dockerImage ? { docker_image: p.dockerImage } : {}) },
    screenshots: p.screenshots,
    ...(p.documentationUrl ? { documentation_url: p.documentationUrl } : {}),
    published_at: rfc3339(p.publishedAt),
    updated_at: rfc3339(p.updatedAt),
    category: p.category,
  };
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
  capabilities: z.record(z.string(), z.union([z.boolean(), z.record(z.string(), z.boolean())])).default({}),
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
