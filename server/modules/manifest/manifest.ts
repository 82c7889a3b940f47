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

/** Loom dials the endpoint as the plugin's base URL: anything else (javascript:, file:, …) is a mistake or an attack. */
const ENDPOINT_SCHEMES: Record<'http' | 'grpc' | 'builtin', string[]> = { http: ['http', 'https'], grpc: ['grpc', 'grpcs', 'http', 'https'], builtin: ['http', 'https'] };

/** Loom's plugin manifest (plugin.yaml / plugin.json), as its loader reads it. */
export const manifestSchema = z
  .object({
    type: z.enum(['http', 'grpc', 'builtin']),
    endpoint: z.string().max(2048).url().optional(),
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
  .superRefine((m, ctx) => {
    if (m.endpoint === undefined) {
      if (m.type !== 'builtin') ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'http and grpc plugins need an endpoint' });
      return;
    }
    // not a URL at all ("not a url", "http://"): .url() has said so already
    if (!URL.canParse(m.endpoint)) return;
    const scheme = new URL(m.endpoint).protocol.slice(0, -1);
    if (!ENDPOINT_SCHEMES[m.type].includes(scheme)) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `must use ${ENDPOINT_SCHEMES[m.type].join(', ')} for a plugin of type ${m.type} (not ${scheme}:)` });
    }
  });

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
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new ManifestError(`does not match Loom's manifest schema: ${problems.slice(0, 5).join('; ')}${more}`);
  }
  return parsed.data;
}
