import { describe, expect, it, vi } from 'vitest';
import { CatalogIndex, editDistance, type IndexedPlugin } from '../../server/search/catalog-index.js';
import { CatalogSearch } from '../../server/search/catalog-search.js';
import type { ChangeFeed, Changes } from '../../server/search/change-feed.js';
import { PluginSort, type PluginQuery } from '../../server/search/search.js';

const plugin = (id: string, extra: Partial<IndexedPlugin> = {}): IndexedPlugin => ({
  id,
  name: id,
  description: '',
  author: 'someone',
  tags: [],
  providerType: id,
  category: 'community',
  verified: false,
  capabilities: { streaming: false, function_calling: false, vision: false, embeddings: false, fine_tuning: false },
  downloads: 0,
  ratingScore: 3.5,
  ratingCount: 0,
  updatedAt: 0,
  qualityScore: null,
  tested: false,
  ...extra,
});

const query = (q: Partial<PluginQuery> = {}): PluginQuery => ({ sort: q.search ? PluginSort.RELEVANCE : PluginSort.DOWNLOADS, offset: 0, limit: 20, ...q });
const search = (index: CatalogIndex, text: string, q: Partial<PluginQuery> = {}) => index.find(query({ search: text, ...q }), text.split(' '), 1000);

describe('CatalogIndex', () => {
  it('counts a swap of neighbours as one edit and stops past the limit', () => {
    expect(editDistance('chta', 'chat', 1)).toBe(1);
    expect(editDistance('opnai', 'openai', 1)).toBe(1);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('abc', 'abcdef', 1)).toBe(2);
  });

  it('keeps answering right while plugins are replaced and removed, and asks to be rebuilt once a quarter is dead', () => {
    const index = new CatalogIndex();
    for (let i = 0; i < 1500; i++) index.put(plugin(`p-${i}`, { description: `word${i % 10}`, downloads: i }));
    // a change of counts only is made in place; every replacement of text leaves a dead slot
    for (let i = 0; i < 1500; i++) index.put(plugin(`p-${i}`, { description: `word${i % 10}`, downloads: i }));
    expect(index.wantsRebuild).toBe(false);
    for (const round of ['alpha', 'bravo', 'charlie']) {
      for (let i = 0; i < 1500; i += 2) index.put(plugin(`p-${i}`, { description: `${round} word${i % 10}`, downloads: i }));
    }
    for (let i = 1; i < 1500; i += 4) index.remove(`p-${i}`);
    expect(index.size).toBe(1500 - 375);
    expect(index.wantsRebuild).toBe(true);
    expect(search(index, 'charlie', { limit: 100 }).total).toBe(750);
    expect(search(index, 'bravo').total).toBe(0);
    expect(search(index, 'word3', { limit: 100 }).ids.every((id) => Number(id.slice(2)) % 10 === 3)).toBe(true);
    const top = index.find(query({ limit: 3 }), undefined, 1000);
    expect(top).toEqual({ ids: ['p-1499', 'p-1498', 'p-1496'].filter((id) => id !== 'p-1497'), total: 1125 });
  });

  it('finds a rare word beside a common one by looking the few candidates up, with the common word still scored', () => {
    const index = new CatalogIndex();
    // "common" in half of 2,000 plugins, "rare" in three of them, which are then looked up in common's postings;
    // every description is six words long, so that only common's count tells the three apart
    const rare: Record<number, string> = {
      7: 'rare common filler filler filler filler',
      1200: 'rare common common filler filler filler',
      1999: 'rare common common common filler filler',
    };
    const text = (i: number) => rare[i] ?? (i % 2 === 0 ? 'common filler filler filler filler filler' : 'filler filler filler filler filler filler');
    for (let i = 0; i < 2000; i++) index.put(plugin(`p-${i}`, { description: text(i) }));
    // a replaced plugin leaves its old slot dead in both postings
    index.put(plugin('p-1200', { description: text(1200), author: 'somebody' }));
    const ranked = { ids: ['p-1999', 'p-1200', 'p-7'], total: 3 };
    expect(search(index, 'rare common')).toEqual(ranked);
    expect(search(index, 'common rare')).toEqual(ranked);
    expect(search(index, 'rare com')).toEqual(ranked);
    expect(search(index, 'rare common', { limit: 1, offset: 2 })).toEqual({ ids: ['p-7'], total: 3 });
    expect(search(index, 'common', { limit: 1 }).total).toBe(1000);
  });

  it('answers alike once its postings are settled into shared arrays, and grows terms out of them after', () => {
    const text = (i: number) => `word${i % 7} term${i % 13} ${i % 3 === 0 ? 'shared' : 'other'}`;
    const settled = new CatalogIndex();
    const unsettled = new CatalogIndex();
    for (let i = 0; i < 600; i++) for (const index of [settled, unsettled]) index.put(plugin(`p-${i}`, { description: text(i), downloads: i }));
    // the last two look each candidate up in the longer postings (seek) rather than walk them
    const queries = ['word3', 'term1', 'shared', 'shared word2', 'wor', 'term12 other', 'term12 word3 shared'];
    const before = queries.map((q) => search(settled, q, { limit: 50 }));
    settled.settle();
    expect(queries.map((q) => search(settled, q, { limit: 50 }))).toEqual(before);
    // terms held in the shared arrays take new slots, and new terms come in beside them
    for (let i = 600; i < 700; i++) for (const index of [settled, unsettled]) index.put(plugin(`p-${i}`, { description: `${text(i)} fresh`, downloads: i }));
    for (const index of [settled, unsettled]) index.put(plugin('p-3', { description: 'replaced shared', downloads: 3 }));
    for (const q of [...queries, 'fresh', 'fresh shared', 'replaced']) expect(search(settled, q, { limit: 50 })).toEqual(search(unsettled, q, { limit: 50 }));
    expect(search(settled, 'fresh').total).toBe(100);
    expect(search(settled, 'shared', { limit: 1000 }).total).toBe(search(unsettled, 'shared', { limit: 1000 }).total);
  });

  it('puts every plugin of an exact name first, following renames and removals', () => {
    const index = new CatalogIndex();
    index.put(plugin('loud-x', { name: 'Loud', description: 'mistral bridge, mistral bridge and mistral bridge', downloads: 1000 }));
    for (const id of ['a-x', 'b-x', 'c-x']) index.put(plugin(id, { name: 'Mistral Bridge' }));
    expect(search(index, 'mistral bridge').ids.slice(0, 3).sort()).toEqual(['a-x', 'b-x', 'c-x']);
    index.put(plugin('b-x', { name: 'Something Else' }));
    index.remove('c-x');
    expect(search(index, 'mistral bridge').ids).toEqual(['a-x', 'loud-x']);
    index.put(plugin('d-x', { name: 'Mistral Bridge' }));
    expect(search(index, 'mistral bridge').ids.slice(0, 2).sort()).toEqual(['a-x', 'd-x']);
    index.remove('a-x');
    index.remove('d-x');
    expect(search(index, 'mistral bridge').ids).toEqual(['loud-x']);
  });

  it('filters by tags and counts them, following a plugin whose tags change', () => {
    const index = new CatalogIndex();
    index.put(plugin('a-x', { tags: ['local', 'gpu'] }));
    index.put(plugin('b-x', { tags: ['local'] }));
    index.put(plugin('c-x', { tags: [] }));
    const tagged = (...tags: string[]) => index.find(query({ tags }), undefined, 1000).ids.sort();
    expect([tagged('local'), tagged('local', 'gpu'), tagged('gpu', 'nowhere')]).toEqual([['a-x', 'b-x'], ['a-x'], []]);
    index.put(plugin('a-x', { tags: ['cloud'] }));
    for (let i = 0; i < 1500; i++) index.put(plugin(`many-${i}`, { tags: ['bulk', `t${i % 3}`] }));
    expect([tagged('local'), tagged('gpu'), tagged('cloud'), index.find(query({ tags: ['bulk', 't1'] }), undefined, 1000).total]).toEqual([['b-x'], [], ['a-x'], 500]);
    expect(index.tagFacets(10)).toEqual(expect.arrayContaining([{ value: 'bulk', count: 1500 }, { value: 'local', count: 1 }, { value: 'cloud', count: 1 }]));
    expect(index.tagFacets(10).map((f) => f.value)).not.toContain('gpu');
  });

  it('moves a plugin in the sort orders when its counts change, without re-indexing its text', () => {
    const index = new CatalogIndex();
    for (const id of ['a', 'b', 'c']) index.put(plugin(`${id}-x`, { downloads: id.charCodeAt(0) }));
    expect(index.find(query(), undefined, 1000).ids).toEqual(['c-x', 'b-x', 'a-x']);
    index.put(plugin('a-x', { downloads: 1000 }));
    expect(index.find(query(), undefined, 1000).ids).toEqual(['a-x', 'c-x', 'b-x']);
    index.put(plugin('b-x', { downloads: 0, ratingScore: 5 }));
    expect(index.find(query({ sort: PluginSort.RATING }), undefined, 1000).ids[0]).toBe('b-x');
    expect(index.find(query(), undefined, 1000).ids).toEqual(['a-x', 'c-x', 'b-x']);
  });

  it('filters by the quality score and conformance, and sorts by quality, following changes in place', () => {
    const index = new CatalogIndex();
    index.put(plugin('a-x', { qualityScore: 78, tested: true, downloads: 5 }));
    index.put(plugin('b-x', { qualityScore: 100, tested: false }));
    index.put(plugin('c-x', { qualityScore: null, downloads: 50 }));
    index.put(plugin('d-x', { qualityScore: 78, tested: false, downloads: 9 }));
    const ids = (q: Partial<PluginQuery>) => index.find(query(q), undefined, 1000).ids;
    expect(ids({ minQuality: 78 }).sort()).toEqual(['a-x', 'b-x', 'd-x']);
    expect(ids({ minQuality: 0 })).not.toContain('c-x');
    expect(ids({ tested: true })).toEqual(['a-x']);
    expect(ids({ tested: false, minQuality: 90 })).toEqual(['b-x']);
    // highest score first, tested before untested among equals, no score last
    expect(ids({ sort: PluginSort.QUALITY })).toEqual(['b-x', 'a-x', 'd-x', 'c-x']);
    expect(search(index, 'x', { sort: PluginSort.QUALITY, minQuality: 50 }).ids).toEqual(['b-x', 'a-x', 'd-x']);
    index.put(plugin('c-x', { qualityScore: 89, tested: true, downloads: 50 }));
    expect(ids({ sort: PluginSort.QUALITY })).toEqual(['b-x', 'c-x', 'a-x', 'd-x']);
    expect(ids({ tested: true }).sort()).toEqual(['a-x', 'c-x']);
  });
});

/** A change feed whose next answer the test sets. */
class FakeFeed implements ChangeFeed {
  next: Changes = { all: true, rows: [plugin('first-plugin')], removed: [] };
  reads = 0;

  async read(): Promise<Changes> {
    this.reads++;
    const changes = this.next;
    this.next = { all: false, rows: [], removed: [] };
    return changes;
  }

  async prune(): Promise<void> {}
}

describe('CatalogSearch', () => {
  const log = { warn: () => {} } as never;

  it('reads the change log before answering once the data version moved', async () => {
    const feed = new FakeFeed();
    let version = 1;
    const index = await CatalogSearch.open(feed, async () => version, { maxResults: 1000, refreshMs: 60_000 }, log);
    feed.next = { all: false, rows: [plugin('second-plugin')], removed: ['first-plugin'] };
    // the version has not moved: no read, the old answer
    expect((await index.find(query())).ids).toEqual(['first-plugin']);
    version = 2;
    expect((await index.find(query())).ids).toEqual(['second-plugin']);
    await index.close();
  });

  it('builds a fresh index from every plugin when the old one asks for it', async () => {
    const feed = new FakeFeed();
    const everything: boolean[] = [];
    const read = feed.read.bind(feed);
    feed.read = (all?: boolean) => (everything.push(all ?? false), read());
    let version = 1;
    const index = await CatalogSearch.open(feed, async () => version, { maxResults: 1000, refreshMs: 60_000 }, log);
    for (let round = 0; round < 3; round++) {
      feed.next = { all: false, rows: Array.from({ length: 600 }, (_, i) => plugin(`p-${i}`, { description: `round${round}` })), removed: [] };
      version++;
      await index.find(query());
    }
    version++;
    feed.next = { all: true, rows: [plugin('only-plugin')], removed: [] };
    expect((await index.find(query())).ids).toEqual(['only-plugin']);
    // the second round left 600 dead slots of 1,201: every read since asked for everything, until one gave it
    version++;
    await index.find(query());
    expect(everything).toEqual([false, false, false, true, true, false]);
    await index.close();
  });

  it('reads the change log on its own clock, for changes that do not move the data version', async () => {
    const feed = new FakeFeed();
    const index = await CatalogSearch.open(feed, async () => 1, { maxResults: 1000, refreshMs: 20 }, log);
    feed.next = { all: false, rows: [plugin('first-plugin', { description: 'counted' })], removed: [] };
    await vi.waitFor(async () => expect((await index.find(query({ search: 'counted' }))).ids).toEqual(['first-plugin']), { timeout: 5000, interval: 10 });
    await index.close();
  });
});
