import { describe, expect, it } from 'vitest';
import { CAPABILITY_NAMES, CapabilityFlag, flags, isReservedCapability } from '../../domain/capabilities.js';
import { sha256Hex } from '../../domain/checksum.js';
import { Category } from '../../domain/plugin.js';
import { registryEntrySchema } from '../../domain/registry-entry.js';
import { rfc3339 } from '../../domain/time.js';

describe('domain/', () => {
  it('writes RFC 3339 in whole UTC seconds from a Date or an ISO string, and the epoch for what is no date', () => {
    expect(rfc3339(new Date('2026-03-04T09:00:00.789Z'))).toBe('2026-03-04T09:00:00Z');
    expect(rfc3339('2026-03-04T11:00:00.5+02:00')).toBe('2026-03-04T09:00:00Z');
    expect(rfc3339('not a date')).toBe('1970-01-01T00:00:00Z');
    expect(rfc3339(new Date(Date.UTC(10000, 0, 1)))).toBe('1970-01-01T00:00:00Z');
  });

  it('derives the GraphQL enum objects from the one list of names', () => {
    expect(CapabilityFlag).toEqual({ STREAMING: 'streaming', FUNCTION_CALLING: 'function_calling', VISION: 'vision', EMBEDDINGS: 'embeddings', FINE_TUNING: 'fine_tuning' });
    expect(Category).toEqual({ OFFICIAL: 'official', VERIFIED: 'verified', COMMUNITY: 'community', ENTERPRISE: 'enterprise', EXPERIMENTAL: 'experimental' });
    expect(Object.keys(flags(() => false))).toEqual([...CAPABILITY_NAMES]);
  });

  it("reserves the names Go's encoding/json reads as Loom's capability keys, and only those", () => {
    for (const name of ['Streaming', 'ſtreaming', 'FINE_TUNING', 'Custom_Capabilities', 'embeddings']) expect(isReservedCapability(name), name).toBe(true);
    // no rune but ASCII letters, ſ and the Kelvin sign folds to an ASCII letter: a ligature or a dotless i is another name to Go
    for (const name of ['\ufb06reaming', 'f\u0131ne_tuning', 'streaming2', 'batch_api']) expect(isReservedCapability(name), name).toBe(false);
  });

  it("refuses an entry Loom would misread: a flattened custom capability, a count that is no integer, a timestamp with fractions", () => {
    const entry = {
      id: 'a-plugin', name: 'A', provider_type: 'a', description: '', author: '', version: '1.0.0', license: 'MIT', homepage: '', repository: '',
      downloads: 1, rating: 4.5, reviews: 2, verified: false, tags: [], screenshots: [], category: 'community',
      capabilities: { ...flags(() => false), custom_capabilities: { batch: true } },
      install: { type: 'http', manifest_url: 'https://r.example/m', sha256: sha256Hex('manifest') },
      published_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-02T00:00:00Z',
    };
    expect(registryEntrySchema.safeParse(entry).success).toBe(true);
    const paths = (value: unknown) => registryEntrySchema.safeParse(value).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ ...entry, capabilities: { ...entry.capabilities, batch: true } })).toEqual(['capabilities']);
    expect(paths({ ...entry, capabilities: { ...entry.capabilities, custom_capabilities: { Streaming: true } } })).toEqual(['capabilities.custom_capabilities.Streaming']);
    expect(paths({ ...entry, downloads: 1.5 })).toEqual(['downloads']);
    expect(paths({ ...entry, updated_at: '2026-01-02T00:00:00.123Z' })).toEqual(['updated_at']);
  });
});
