import { z } from 'zod';
import { flags, isCapabilityName, isReservedCapability, RESERVED_CAPABILITY_MESSAGE, type CapabilityMap } from './capabilities.js';
import { CATEGORY_NAMES, PLUGIN_ID_PATTERN, PLUGIN_ID_RULE, PLUGIN_TYPES, semverString } from './plugin.js';
import { dependencyDeclarationSchema } from './dependencies.js';

const tag = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'tags are lowercase slugs');
const timestamp = z.iso.datetime({ offset: true });

/** What an imported registry.json entry may hold: Loom's fields plus this registry's optional extensions. */
export const importEntrySchema = z.object({
  id: z.string().regex(PLUGIN_ID_PATTERN, PLUGIN_ID_RULE),
  name: z.string().trim().min(1).max(128),
  provider_type: z.string().trim().min(1).max(64),
  description: z.string().max(5000).default(''),
  author: z.string().max(256).default(''),
  version: semverString(),
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
        } else if (!isCapabilityName(name) && isReservedCapability(name)) {
          ctx.addIssue({ code: 'custom', path: [name], message: `"${name}" ${RESERVED_CAPABILITY_MESSAGE}` });
        }
      }
    })
    .default({}),
  install: z.object({
    type: z.enum(PLUGIN_TYPES).default('http'),
    manifest_url: z.string().max(2048),
    docker_image: z.string().max(256).optional(),
  }),
  screenshots: z.array(z.string().max(2048)).max(20).default([]),
  documentation_url: z.string().max(2048).optional(),
  published_at: timestamp.optional(),
  updated_at: timestamp.optional(),
  category: z.enum(CATEGORY_NAMES).optional(),
  // the current version's (`version`'s) declarations, as registry.json carries them
  ...dependencyDeclarationSchema.shape,
  versions: z
    .array(
      z.object({
        version: semverString(),
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
  const map: CapabilityMap = flags(() => false);
  const custom: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(input)) {
    if (typeof value === 'object') Object.assign(custom, value);
    else if (isCapabilityName(name)) map[name] = value;
    else custom[name] = value;
  }
  if (Object.keys(custom).length > 0) map.custom_capabilities = custom;
  return map;
}
