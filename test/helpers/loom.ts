import { expect } from 'vitest';

/**
 * The JSON types Loom's Go client decodes registry.json entries into (LOOM_PLUGIN_FACTS.md), checked the way Go's
 * encoding/json reads them: a key fills a struct field when it matches the field's name case-insensitively (with
 * Unicode folding), so `Streaming` and `Custom_Capabilities` are checked as `streaming` and `custom_capabilities`.
 */
type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'strings' | 'bools' | Record<string, unknown>;

const CAPABILITIES: Record<string, Kind> = {
  streaming: 'boolean',
  function_calling: 'boolean',
  vision: 'boolean',
  embeddings: 'boolean',
  fine_tuning: 'boolean',
  custom_capabilities: 'bools',
};
const INSTALL: Record<string, Kind> = { type: 'string', manifest_url: 'string', docker_image: 'string' };
const ENTRY: Record<string, Kind> = {
  ...Object.fromEntries(['id', 'name', 'provider_type', 'description', 'author', 'version', 'license', 'homepage', 'repository'].map((k) => [k, 'string'])),
  downloads: 'integer',
  rating: 'number',
  reviews: 'integer',
  verified: 'boolean',
  tags: 'strings',
  capabilities: CAPABILITIES,
  install: INSTALL,
  screenshots: 'strings',
  documentation_url: 'string',
  published_at: 'string',
  updated_at: 'string',
};

const fold = (key: string) => key.toUpperCase().toLowerCase();

/** Every value whose key Go would decode into a field of `fields` has that field's JSON type. */
function expectGoStruct(value: unknown, fields: Record<string, Kind>, where: string): void {
  expect(value !== null && typeof value === 'object' && !Array.isArray(value), `${where} is an object`).toBe(true);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = Object.keys(fields).find((f) => fold(f) === fold(key));
    if (!field) continue;
    const kind = fields[field];
    const at = `${where}.${key}`;
    if (typeof kind === 'object') expectGoStruct(v, kind as Record<string, Kind>, at);
    else if (kind === 'integer') expect(Number.isSafeInteger(v), `${at} is an integer`).toBe(true);
    else if (kind === 'strings') expect(Array.isArray(v) && v.every((s) => typeof s === 'string'), `${at} is a string array`).toBe(true);
    else if (kind === 'bools') {
      expect(v !== null && typeof v === 'object' && !Array.isArray(v), `${at} is an object`).toBe(true);
      for (const [name, b] of Object.entries(v as Record<string, unknown>)) expect(typeof b, `${at}.${name}`).toBe('boolean');
    } else expect(typeof v, at).toBe(kind);
  }
}

export function expectLoomEntry(entry: Record<string, unknown>): void {
  expectGoStruct(entry, ENTRY, String(entry.id));
  // what Loom's client needs present (Go would leave a missing field empty), and RFC 3339 timestamps
  for (const key of ['id', 'name', 'provider_type', 'version', 'downloads', 'rating', 'reviews', 'verified', 'tags', 'capabilities', 'install']) expect(entry, key).toHaveProperty(key);
  expect((entry.install as Record<string, unknown>).manifest_url, 'install.manifest_url').toEqual(expect.any(String));
  for (const key of ['published_at', 'updated_at']) expect(entry[key], key).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
}

/** A whole registry.json as Loom's client decodes it: `{"version": "1.0", "plugins": [entry, ...]}`. */
export function expectLoomDocument(document: unknown): void {
  const doc = document as { version: unknown; plugins: unknown };
  expect(doc.version).toBe('1.0');
  expect(Array.isArray(doc.plugins)).toBe(true);
  for (const entry of doc.plugins as Record<string, unknown>[]) expectLoomEntry(entry);
}
