import { expect } from 'vitest';

/** The JSON types Loom's Go client decodes registry.json entries into (LOOM_PLUGIN_FACTS.md). */
export function expectLoomEntry(entry: Record<string, unknown>): void {
  for (const key of ['id', 'name', 'provider_type', 'description', 'author', 'version', 'license', 'homepage', 'repository']) {
    expect(typeof entry[key], key).toBe('string');
  }
  expect(Number.isInteger(entry.downloads), 'downloads').toBe(true);
  expect(typeof entry.rating, 'rating').toBe('number');
  expect(Number.isInteger(entry.reviews), 'reviews').toBe(true);
  expect(typeof entry.verified, 'verified').toBe('boolean');
  expect(Array.isArray(entry.tags) && (entry.tags as unknown[]).every((t) => typeof t === 'string'), 'tags').toBe(true);
  const caps = entry.capabilities as Record<string, unknown>;
  expect(caps !== null && typeof caps === 'object' && !Array.isArray(caps), 'capabilities is an object').toBe(true);
  expect(Object.values(caps).every((v) => typeof v === 'boolean'), 'capabilities').toBe(true);
  const install = entry.install as Record<string, unknown>;
  expect(install !== null && typeof install === 'object' && !Array.isArray(install), 'install is an object').toBe(true);
  expect(typeof install.type).toBe('string');
  expect(typeof install.manifest_url).toBe('string');
  if ('docker_image' in install) expect(typeof install.docker_image).toBe('string');
  if ('screenshots' in entry) expect((entry.screenshots as unknown[]).every((s) => typeof s === 'string')).toBe(true);
  if ('documentation_url' in entry) expect(typeof entry.documentation_url).toBe('string');
  for (const key of ['published_at', 'updated_at']) expect(entry[key], key).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
}

/** A whole registry.json as Loom's client decodes it: `{"version": "1.0", "plugins": [entry, ...]}`. */
export function expectLoomDocument(document: unknown): void {
  const doc = document as { version: unknown; plugins: unknown };
  expect(doc.version).toBe('1.0');
  expect(Array.isArray(doc.plugins)).toBe(true);
  for (const entry of doc.plugins as Record<string, unknown>[]) expectLoomEntry(entry);
}
