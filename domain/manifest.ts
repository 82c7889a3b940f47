import YAML from 'yaml';
import { z } from 'zod';
import { CAPABILITY_KEYS, flags, goFold } from './capabilities.js';
import { dependencyDeclarationSchema } from './dependencies.js';
import { PLUGIN_TYPES, semverString, type PluginType } from './plugin.js';

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
const ENDPOINT_SCHEMES: Record<PluginType, string[]> = { http: ['http', 'https'], grpc: ['grpc', 'grpcs', 'http', 'https'], builtin: ['http', 'https'] };

/** The manifest's top-level key for what only this registry reads (dependencies); Loom ignores it. */
export const REGISTRY_KEY = 'x-loom-registry';

/** Loom's plugin manifest (plugin.yaml / plugin.json), as its loader reads it. */
export const manifestSchema = z
  .object({
    type: z.enum(PLUGIN_TYPES),
    endpoint: z.string().max(2048).url().optional(),
    metadata: z.object({
      name: z.string().min(1).max(128),
      version: semverString(),
      provider_type: z.string().min(1).max(64),
      plugin_api_version: z.string().optional(),
      description: z.string().max(5000).optional(),
      author: z.string().max(256).optional(),
      homepage: z.string().max(2048).optional(),
      license: z.string().max(64).optional(),
      capabilities: z
        .object({
          ...flags(() => z.boolean().optional()),
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
    /**
     * This registry's part of the manifest, which Loom never reads: its decoder ignores unknown keys, and no spelling
     * of one of its fields folds to a key with dashes. Holds the version's dependencies, conflicts and provides.
     */
    [REGISTRY_KEY]: dependencyDeclarationSchema.optional(),
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
 * Line breaks to Loom's YAML parser (gopkg.in/yaml.v3, after libyaml) but ordinary characters to YAML 1.2 and JSON:
 * raw in a plain or block scalar, a key or a comment they end the line and break the document
 * (`could not find expected ':'`); in quotes yaml.v3 folds them with the spaces around. Only the escapes are exact.
 */
const YAML_V3_BREAKS: Record<string, { name: string; escape: string }> = {
  '\u2028': { name: 'U+2028 LINE SEPARATOR', escape: '\\L' },
  '\u2029': { name: 'U+2029 PARAGRAPH SEPARATOR', escape: '\\P' },
  '\u0085': { name: 'U+0085 NEXT LINE', escape: '\\N' },
};
const BREAK = /[\u2028\u2029\u0085]/;
const BREAK_CHARS = new RegExp(BREAK.source, 'g');

/**
 * The fields of Loom's structs, by the json tags its JSON decoder matches. Loom's JSON decoder matches keys
 * case-insensitively, with Go's folding (`Provider_Type`, `ſtreaming` with a long s); its YAML decoder reads the
 * nested structs, which carry no yaml tags, by their lower-cased Go field names (`providertype`). A manifest spelling
 * a field another way says one thing to us and another to Loom.
 */
const LOOM_FIELDS: Record<string, string[]> = {
  '': ['type', 'endpoint', 'metadata', 'auto_start', 'health_check_interval', 'command', 'args', 'env'],
  metadata: ['name', 'version', 'plugin_api_version', 'provider_type', 'description', 'author', 'homepage', 'license', 'capabilities', 'config_schema'],
  capabilities: [...CAPABILITY_KEYS],
  config_schema: ['name', 'type', 'required', 'description', 'default', 'sensitive', 'validation'],
  validation: ['min_length', 'max_length', 'pattern', 'min', 'max', 'enum'],
};

/** Whether Loom would decode `key` into the field tagged `field` (of a nested struct when `goName`). */
function readsAs(key: string, field: string, goName: boolean): boolean {
  return key !== field && (goFold(key) === field || (goName && key === field.replace(/_/g, '')));
}

/** The mappings of a manifest that Loom decodes into its structs, with the struct each one is. */
function loomMappings(data: unknown): { path: string; struct: string; value: Record<string, unknown> }[] {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(data)) return [];
  const found = [{ path: '', struct: '', value: data }];
  const metadata = data.metadata;
  if (!isMap(metadata)) return found;
  found.push({ path: 'metadata.', struct: 'metadata', value: metadata });
  if (isMap(metadata.capabilities)) found.push({ path: 'metadata.capabilities.', struct: 'capabilities', value: metadata.capabilities });
  const fields = Array.isArray(metadata.config_schema) ? metadata.config_schema : [];
  fields.forEach((field: unknown, i) => {
    if (!isMap(field)) return;
    found.push({ path: `metadata.config_schema.${i}.`, struct: 'config_schema', value: field });
    if (isMap(field.validation)) found.push({ path: `metadata.config_schema.${i}.validation.`, struct: 'validation', value: field.validation });
  });
  return found;
}

function fieldSpellings(data: unknown): string[] {
  const problems: string[] = [];
  for (const { path, struct, value } of loomMappings(data)) {
    const fields = LOOM_FIELDS[struct];
    for (const key of Object.keys(value)) {
      const field = fields.find((f) => readsAs(key, f, struct !== ''));
      if (field) problems.push(`${path}${key}: Loom reads this key as ${field}; spell it exactly "${field}", once`);
    }
  }
  return problems;
}

/** `metadata.config_schema.0.name`: the keys and indexes leading to a node. */
function pathOf(node: YAML.Node, ancestors: readonly unknown[]): string {
  const parts: string[] = [];
  ancestors.forEach((a, i) => {
    const child = ancestors[i + 1] ?? node;
    if (YAML.isPair(a) && a.key !== child) parts.push(String(YAML.isScalar(a.key) ? a.key.value : a.key));
    if (YAML.isSeq(a)) parts.push(String(a.items.indexOf(child as YAML.Node)));
  });
  return parts.join('.');
}

/** Where a raw yaml.v3 line break sits outside a quoted scalar: refused, naming the field and the fix. */
function rawBreaks(doc: YAML.Document.Parsed, text: string): string[] {
  if (!BREAK.test(text)) return [];
  const scalars: { start: number; end: number; quoted: boolean; path: string }[] = [];
  YAML.visit(doc, {
    Scalar(key, node, ancestors) {
      if (!node.range) return;
      const path = pathOf(node, ancestors) || '(root)';
      scalars.push({ start: node.range[0], end: node.range[1], quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE', path: key === 'key' ? `a key in ${path}` : path });
    },
  });
  const problems: string[] = [];
  for (const match of text.matchAll(BREAK_CHARS)) {
    const at = match.index;
    const scalar = scalars.find((s) => s.start <= at && at < s.end);
    if (scalar?.quoted) continue;
    const { name, escape } = YAML_V3_BREAKS[match[0]];
    const line = text.slice(0, at).split('\n').length;
    const where = scalar ? `${scalar.path} (line ${line})` : `line ${line}, outside any string`;
    problems.push(`${where}: a raw ${name}, which Loom's YAML parser reads as a line break, breaking the manifest; put the string in double quotes and write it as ${escape}`);
  }
  return problems;
}

function fail(kind: string, problems: string[]): never {
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  throw new ManifestError(`${kind}: ${problems.slice(0, 5).join('; ')}${more}`);
}

/**
 * Parses YAML or JSON (JSON is YAML) defensively: size-capped, aliases limited (no "billion laughs"),
 * duplicate keys refused; then checks what Loom's Go loader would decode: no raw character its YAML parser takes
 * for a line break, no field spelt so that Loom reads it differently, and Loom's manifest schema. Throws
 * ManifestError saying what is wrong.
 */
export function parseManifest(text: string): Manifest {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) throw new ManifestError(`manifest is larger than ${MAX_MANIFEST_BYTES / 1024} KB`);
  let data: unknown;
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
    if (doc.errors.length > 0) throw doc.errors[0];
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new ManifestError(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  const breaks = rawBreaks(doc, text);
  if (breaks.length > 0) fail('cannot be read by Loom', breaks);
  const spellings = fieldSpellings(data);
  if (spellings.length > 0) fail('is read differently by Loom', spellings);
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) fail("does not match Loom's manifest schema", parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  return parsed.data;
}

/**
 * A manifest as YAML that Loom's parser reads back exactly: strings holding a yaml.v3 line break are double-quoted
 * with the character escaped (the `yaml` library would write it raw, in a plain scalar).
 */
export function stringifyManifest(value: unknown): string {
  const doc = new YAML.Document(value);
  YAML.visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && BREAK.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Every one left is inside a double-quoted scalar now, where the escape means the character itself.
  return doc.toString().replace(BREAK_CHARS, (c) => YAML_V3_BREAKS[c].escape);
}

/**
 * The manifest Loom loads as `plugin.json`: its JSON decoder reads the documented snake_case keys, where its YAML
 * decoder expects lower-cased Go field names (`providertype`) and so loads no plugin.yaml written as documented.
 */
export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
