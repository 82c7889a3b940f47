import semver from 'semver';
import { z } from 'zod';

/**
 * Loom's plugin manifest (`plugin.yaml` / `plugin.json`), as Loom's plugin loader reads it
 * (shared/spec/LOOM_PLUGIN_FACTS.md). Shared by the CLI (install, add-local) and the server (publishing).
 * Unknown keys are kept: Loom ignores them, and a newer Loom may read them.
 */

/** "required" for a missing field rather than zod's "expected string, received undefined". */
const required = (kind: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : `must be ${kind}`) });

const capabilities = z.looseObject({
  streaming: z.boolean().optional(),
  function_calling: z.boolean().optional(),
  vision: z.boolean().optional(),
  embeddings: z.boolean().optional(),
  fine_tuning: z.boolean().optional(),
  custom_capabilities: z.record(z.string(), z.boolean()).optional(),
});

const configField = z.looseObject({
  name: z.string().min(1),
  type: z.enum(['string', 'int', 'bool', 'float']),
  required: z.boolean().optional(),
  description: z.string().optional(),
  default: z.unknown().optional(),
  sensitive: z.boolean().optional(),
  validation: z
    .looseObject({
      min_length: z.number().int().min(0).optional(),
      max_length: z.number().int().min(0).optional(),
      pattern: z.string().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      enum: z.array(z.unknown()).optional(),
    })
    .optional(),
});

export const manifestSchema = z
  .looseObject({
    type: z.enum(['http', 'grpc', 'builtin'], required('http, grpc or builtin')),
    endpoint: z.url({ protocol: /^(https?|grpcs?)$/ }).optional(),
    metadata: z.looseObject(
      {
        name: z.string(required('a string')).trim().min(1, 'must not be empty'),
        version: z.string(required('a string')).refine((v) => semver.valid(v) !== null, 'must be a semantic version such as 1.2.0'),
        provider_type: z.string(required('a string')).trim().min(1, 'must not be empty'),
        plugin_api_version: z.string().optional(),
        description: z.string().optional(),
        author: z.string().optional(),
        homepage: z.string().optional(),
        license: z.string().optional(),
        capabilities: capabilities.optional(),
        config_schema: z.array(configField).optional(),
      },
      required('a mapping with name, version and provider_type'),
    ),
    auto_start: z.boolean().optional(),
    health_check_interval: z.number().int().min(0).optional(),
    command: z.string().optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .superRefine((manifest, ctx) => {
    if (manifest.type !== 'builtin' && !manifest.endpoint) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `required for type ${manifest.type} (e.g. http://localhost:8090)` });
    }
  });

export type Manifest = z.infer<typeof manifestSchema>;

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; problems: string[] };

/** Validates a parsed manifest; problems read `metadata.version: must be a semantic version such as 1.2.0`. */
export function validateManifest(value: unknown): ManifestResult {
  const parsed = manifestSchema.safeParse(value);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(document)'}: ${i.message}`) };
}
