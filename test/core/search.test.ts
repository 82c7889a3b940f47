import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { type Category, FacetsDocument, type PluginSort, SearchListDocument, type SearchListQuery, type SearchListQueryVariables } from '../gql/graphql.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';

let t: TestApp;
const list = async (vars: SearchListQueryVariables) => (await t.data(SearchListDocument, vars)).plugins;
const ids = async (vars: SearchListQueryVariables) => (await list({ first: 100, ...vars })).edges.map((e) => e.node.id);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('text search', () => {
  it('puts the exact id first, above plugins that only mention the word', async () => {
    const found = await ids({ search: 'openai' });
    expect(found[0]).toBe('openai-plugin');
    // the proxy mentions OpenAI repeatedly in its description and name, yet ranks below the exact match
    expect(found).toContain('openai-compatible-proxy-plugin');
  });

  it('matches the id of a plugin when asked by its full id', async () => {
    expect((await ids({ search: 'ollama-plugin' }))[0]).toBe('ollama-plugin');
  });

  it('matches prefixes for type-ahead', async () => {
    expect(await ids({ search: 'open' })).toContain('openai-plugin');
    expect(await ids({ search: 'anthr' })).toEqual(['anthropic-plugin']);
  });

  it('ignores case and accents', async () => {
    expect(await ids({ search: 'OPENAI' })).toEqual(await ids({ search: 'openai' }));
    const accented = await ids({ search: 'français' });
    expect(accented.length).toBeGreaterThan(0);
    expect(await ids({ search: 'francais' })).toEqual(accented);
  });

  it('ranks name and tag matches above description-only matches', async () => {
    const found = await list({ search: 'embeddings', first: 100 });
    const firstDescriptionOnly = found.edges.findIndex((e) => !e.node.tags.includes('embeddings') && !/embedding/i.test(e.node.name));
    const lastTagged = found.edges.map((e) => e.node.tags.includes('embeddings') || /embedding/i.test(e.node.name)).lastIndexOf(true);
    expect(firstDescriptionOnly === -1 || firstDescriptionOnly > lastTagged).toBe(true);
  });

  it('combines text with every filter', async () => {
    const all = await list({ search: 'openai', first: 100 });
    const verified = await list({ search: 'openai', verified: true, first: 100 });
    expect(verified.totalCount).toBe(all.edges.filter((e) => e.node.verified).length);
    expect(verified.edges.every((e) => e.node.verified)).toBe(true);
    const tagged = await list({ search: 'openai', tags: ['official'], first: 100 });
    expect(tagged.edges.length).toBeGreaterThan(0);
    expect(tagged.edges.every((e) => e.node.tags.includes('official'))).toBe(true);
  });

  it('finds ids and names like a misspelt query when no word matches', async () => {
    const typo = await list({ search: 'antropic', first: 100 });
    expect(typo.edges[0].node.id).toBe('anthropic-plugin');
    expect(typo.totalCount).toBe(typo.edges.length);
    expect((await ids({ search: 'olama' }))[0]).toBe('ollama-plugin');
    // the filters still apply
    expect((await list({ search: 'antropic', tags: ['no-such-tag'] })).totalCount).toBe(0);
  });

  it('answers a misspelt word with the words a typo or two away, and says so in didYouMean', async () => {
    const typo = await list({ search: 'opnai', first: 100 });
    expect(typo.edges[0].node.id).toBe('openai-plugin');
    expect(typo.didYouMean).toBe('openai');
    // a swap of two letters is one typo
    expect((await list({ search: 'olalma' })).edges[0].node.id).toBe('ollama-plugin');
    // only the misspelt word is corrected; the others are kept as typed
    const two = await list({ search: 'antrhopic claude', first: 100 });
    expect(two.didYouMean).toBe('anthropic claude');
    expect(two.edges[0].node.id).toBe('anthropic-plugin');
    // a word that matches as typed (or as the start of a word) needs no correction
    expect((await list({ search: 'open' })).didYouMean).toBeNull();
    expect((await list({ search: 'zzzqqqxxy' })).didYouMean).toBeNull();
  });

  it('puts an exact name first, as an exact id', async () => {
    const [plugin] = (await list({ search: 'ollama', first: 1 })).edges.map((e) => e.node);
    const found = await list({ search: plugin.name.toLowerCase(), first: 100 });
    expect(found.edges[0].node.id).toBe(plugin.id);
  });

  it('finds a write made behind the app\'s back in the very next search', async () => {
    await t.writeBehind((em) => em.execute("update plugin set description = 'Now with zebrafish support' where id = 'ollama-plugin'"));
    expect(await ids({ search: 'zebrafish' })).toEqual(['ollama-plugin']);
    await t.writeBehind((em) => em.execute("update plugin set description = 'Local models' where id = 'ollama-plugin'"));
    expect(await ids({ search: 'zebrafish' })).toEqual([]);
  });

  it('answers nothing, not everything, for text without a searchable word', async () => {
    expect((await list({ search: '!!!' })).totalCount).toBe(0);
    expect((await list({ search: 'zzzqqqxxy' })).totalCount).toBe(0);
  });
});

describe('filters', () => {
  it('requires every listed tag', async () => {
    const both = await list({ tags: ['local', 'self-hosted'], first: 100 });
    expect(both.edges.length).toBeGreaterThan(0);
    for (const { node } of both.edges) expect(node.tags).toEqual(expect.arrayContaining(['local', 'self-hosted']));
    const onlyLocal = await list({ tags: ['local'], first: 100 });
    expect(onlyLocal.totalCount).toBeGreaterThanOrEqual(both.totalCount);
  });

  it('filters by verified, category, provider type and capabilities', async () => {
    const unverified = await list({ verified: false, first: 100 });
    expect(unverified.edges.every((e) => !e.node.verified)).toBe(true);
    const verified = await list({ verified: true, first: 100 });
    const everything = await list({ first: 100 });
    expect(verified.totalCount + unverified.totalCount).toBe(everything.totalCount);

    const experimental = await list({ category: 'EXPERIMENTAL', first: 100 });
    expect(experimental.edges.length).toBeGreaterThan(0);
    expect(experimental.edges.every((e) => e.node.category === 'EXPERIMENTAL')).toBe(true);

    expect((await ids({ providerType: 'anthropic' }))).toEqual(['anthropic-plugin']);

    const vision = await list({ capabilities: ['VISION', 'STREAMING'], first: 100 });
    expect(vision.edges.length).toBeGreaterThan(0);
    expect(vision.edges.every((e) => e.node.capabilities.vision && e.node.capabilities.streaming)).toBe(true);
    expect(vision.totalCount).toBeLessThan(everything.totalCount);
  });
});

describe('sorting', () => {
  it('sorts by downloads by default and on request', async () => {
    const rows = (await list({ first: 100 })).edges.map((e) => e.node.stats.downloads);
    expect(rows).toEqual([...rows].sort((a, b) => b - a));
    expect(await ids({ sort: 'DOWNLOADS' })).toEqual(await ids({}));
  });

  it('sorts by rating score, update time and name', async () => {
    const rating = (await list({ sort: 'RATING', first: 100 })).edges.map((e) => e.node.stats.ratingScore);
    expect(rating).toEqual([...rating].sort((a, b) => b - a));
    const updated = (await list({ sort: 'UPDATED', first: 100 })).edges.map((e) => e.node.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
    const names = (await list({ sort: 'NAME', first: 100 })).edges.map((e) => e.node.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('lets a search be sorted by something other than relevance', async () => {
    const rows = (await list({ search: 'openai', sort: 'DOWNLOADS', first: 100 })).edges.map((e) => e.node.stats.downloads);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows).toEqual([...rows].sort((a, b) => b - a));
  });
});

describe('pagination', () => {
  for (const sort of ['DOWNLOADS', 'RATING', 'UPDATED', 'NAME'] satisfies PluginSort[]) {
    it(`walks every plugin exactly once with first/after (${sort})`, async () => {
      const everything = await list({ sort, first: 100 });
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: SearchListQuery['plugins'] = await list({ sort, first: 7, after });
        seen.push(...page.edges.map((e) => e.node.id));
        expect(page.totalCount).toBe(everything.totalCount);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(everything.edges.map((e) => e.node.id));
      expect(new Set(seen).size).toBe(everything.totalCount);
    });
  }

  it('walks a search exactly once with limit/offset', async () => {
    const everything = await ids({ search: 'plugin' });
    const seen: string[] = [];
    for (let offset = 0; offset < everything.length; offset += 5) seen.push(...(await ids({ search: 'plugin', first: undefined, limit: 5, offset })));
    expect(seen).toEqual(everything);
  });

  it('reports the total past the end and on an empty result', async () => {
    const past = await list({ limit: 10, offset: 1000 });
    expect(past.edges).toEqual([]);
    expect(past.totalCount).toBe(34);
    expect(past.pageInfo.hasNextPage).toBe(false);
    const none = await list({ tags: ['no-such-tag'] });
    expect(none.totalCount).toBe(0);
  });
});

describe('facets', () => {
  it('counts tags and provider types', async () => {
    const data = await t.data(FacetsDocument);
    expect(data.tags).toHaveLength(5);
    expect(data.tags.map((x) => x.count)).toEqual([...data.tags.map((x) => x.count)].sort((a, b) => b - a));
    const local = await list({ tags: [data.tags[0].value], first: 100 });
    expect(local.totalCount).toBe(data.tags[0].count);
    expect(data.providerTypes.reduce((a, b) => a + b.count, 0)).toBe(34);
  });

  it('counts categories (by their Category names) as the category filter finds them, and follows a change', async () => {
    const facets = async () => (await t.data<{ categories: { value: string; count: number }[] }>('{ categories { value count } }')).categories;
    const before = await facets();
    expect(before.reduce((a, b) => a + b.count, 0)).toBe(34);
    expect(before.map((x) => x.count)).toEqual([...before.map((x) => x.count)].sort((a, b) => b - a));
    for (const { value, count } of before) expect((await list({ category: value as Category, first: 100 })).totalCount).toBe(count);
    const subject = (await list({ category: before[0].value as Category, first: 1 })).edges[0].node.id;
    const to = before[0].value === 'EXPERIMENTAL' ? 'enterprise' : 'experimental';
    const of = (facet: { value: string; count: number }[], value: string) => facet.find((f) => f.value === value)?.count ?? 0;
    await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: subject }, { category: to as never }));
    try {
      const after = await facets();
      expect(of(after, before[0].value)).toBe(before[0].count - 1);
      expect(of(after, to.toUpperCase())).toBe(of(before, to.toUpperCase()) + 1);
    } finally {
      await t.writeBehind((em) => em.nativeUpdate(Plugin, { id: subject }, { category: before[0].value.toLowerCase() as never }));
    }
  });
});
