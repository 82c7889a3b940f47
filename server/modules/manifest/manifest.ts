import semver from 'semver';
import YAML from 'yaml';
import { z } from 'zod';

/** Largest manifest accepted anywhere (fetch, parse, publish). */
export const MAX_MANIFEST_BYTES = 256 * 1024;

const configField = z.object({
  name: z.string().min(1).max(128),
  type: z.enum(['string', 'int', 'bool', 'float']),
  required: z.boolean().optional(),
  description: z.string().max(2000).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  sensitive: z.boolean().optional(),
  validation: z
    .object({
      min_length: z.number().int().min(0).optional(),
      max_length: z.number().int().min(0).optional(),
      pattern: z.string().max(1000).optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      enum: z.array(z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
});

/** Loom's plugin manifest (plugin.yaml / plugin.json), as its loader reads it. */
export const manifestSchema = z
  .object({
    type: z.enum(['http', 'grpc', 'builtin']),
    endpoint: z.string().url().optional(),
    metadata: z.object({
      name: z.string().min(1).max(128),
      version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version'),
      provider_type: z.string().min(1).max(64),
      plugin_api_version: z.string().optional(),
      description: z.string().max(5000).optional(),
      author: z.string().max(256).optional(),
      homepage: z.string().max(2048).optional(),
      license: z.string().max(64).optional(),
      capabilities: z
        .object({
          streaming: z.boolean().optional(),
          function_calling: z.boolean().optional(),
          vision: z.boolean().optional(),
          embeddings: z.boolean().optional(),
          fine_tuning: z.boolean().optional(),
          custom_capabilities: z.record(z.string(), z.boolean()).optional(),
        })
        .optional(),
      config_schema: z.array(configField).max(100).optional(),
    }),
    auto_start: z.boolean().optional(),
    health_check_interval: z.number().int().min(1).optional(),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .refine((m) => m.type === 'builtin' || m.endpoint !== undefined, { message: 'http and grpc plugins need an endpoint', path: ['endpoint'] });

export type Manifest = z.infer<typeof manifestSchema>;

export class ManifestError extends Error {}

/**
 * Parses YAML or JSON (JSON is YAML) defensively: size-capped, aliases limited (no "billion laughs"),
 * duplicate keys refused; then validates Loom's manifest schema. Throws ManifestError saying what is wrong.
 */
export function parseManifest(text: string): Manifest {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) throw new ManifestError(`manifest is larger than ${MAX_MANIFEST_BYTES / 1024} KB`);
  let data: unknown;
  try {
    const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
    if (doc.errors.length > 0) throw doc.errors[0];
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new ManifestError(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ManifestError(`does not match Loom's manifest schema: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
