import { describe, expect, it } from 'vitest';
import { searchEntries } from '../../cli/sources/static.js';
import type { RegistryEntry } from '../../cli/sources/types.js';
import { entry } from '../helpers/cli.js';

const entries = [
  entry('plain-plugin', '1.0.0', { downloads: 500 }),
  entry('good-plugin', '1.0.0', { quality_score: 89, tested: true }),
  entry('best-plugin', '1.0.0', { quality_score: 100, tested: false }),
] as unknown as RegistryEntry[];
const ids = (query: Parameters<typeof searchEntries>[1]) => searchEntries(entries, query).entries.map((e) => e.id);

describe('the quality filters in memory', () => {
  it('leaves out entries with no score (a static registry.json) from --min-quality and --tested', () => {
    expect(ids({ minQuality: 0 })).toEqual(['good-plugin', 'best-plugin']);
    expect(ids({ minQuality: 90 })).toEqual(['best-plugin']);
    expect(ids({ tested: true })).toEqual(['good-plugin']);
  });

  it('sorts by quality with the entries that have none last', () => {
    expect(ids({ sort: 'quality' })).toEqual(['best-plugin', 'good-plugin', 'plain-plugin']);
  });
});
