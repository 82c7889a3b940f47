import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistryEntry } from '../../domain/registry-entry.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectLoomEntry } from '../helpers/loom.js';
import { restClient, type RestClient } from '../helpers/rest.js';

interface Page {
  total: number;
  plugins: RegistryEntry[];
  page: number;
  pages: number;
  did_you_mean: string | null;
}

let t: TestApp;
let rest: RestClient;
beforeAll(async () => {
  t = await createTestApp();
  rest = await restClient(t.url);
});
afterAll(() => t.close());

const list = async (query = ''): Promise<Page> => {
  const res = await rest.get<Page>(`/api/v1/plugins${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const ids = (page: Page) => page.plugins.map((p) => p.id);
const SEEDED = 34;

describe('GET /api/v1/plugins', () => {
  it('lists by downloads, 20 a page, each plugin in the registry.json entry shape', async () => {
    const page = await list();
    expect(page).toMatchObject({ total: SEEDED, page: 1, pages: 2 });
    expect(page.plugins).toHaveLength(20);
    const downloads = page.plugins.map((p) => p.downloads);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
    for (const entry of page.plugins) expectLoomEntry(entry as unknown as Record<string, unknown>);
  });

  it('searches by relevance when no sort is given', async () => {
    const page = await list('?search=ollama');
    expect(page.plugins[0].id).toBe('ollama-plugin');
    expect(page.total).toBeGreaterThanOrEqual(1);
    const byDownloads = await list('?search=ollama&sort=downloads');
    expect(new Set(ids(byDownloads))).toEqual(new Set(ids(page)));
  });

  it('tolerates a misspelt word and says what it searched for instead', async () => {
    const page = await list('?search=opnai');
    expect(page.plugins[0].id).toBe('openai-plugin');
    expect(page.did_you_mean).toBe('openai');
    expect((await list('?search=openai')).did_you_mean).toBeNull();
    expect(await list('?search=zzzzqqqq')).toMatchObject({ total: 0, did_you_mean: null });
  });

  it('filters by tags, every listed tag required', async () => {
    const page = await list('?tags=local,self-hosted');
    expect(page.total).toBeGreaterThan(0);
    for (const p of page.plugins) expect(p.tags).toEqual(expect.arrayContaining(['local', 'self-hosted']));
    const one = await list('?tags=local');
    expect(one.total).toBeGreaterThan(page.total);
    expect(await list('?tags=LOCAL,%20self-hosted')).toEqual(page);
  });

  it('filters by verified', async () => {
    const yes = await list('?verified=true&limit=100');
    const no = await list('?verified=false&limit=100');
    expect(yes.plugins.every((p) => p.verified)).toBe(true);
    expect(no.plugins.every((p) => !p.verified)).toBe(true);
    expect(yes.total + no.total).toBe(SEEDED);
  });

  it('sorts by downloads, rating and updated', async () => {
    const updated = (await list('?sort=updated&limit=100')).plugins.map((p) => p.updated_at);
    expect(updated).toEqual([...updated].sort().reverse());
    const downloads = (await list('?sort=downloads&limit=100')).plugins.map((p) => p.downloads);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
    const rated = await list('?sort=rating&limit=100');
    expect(rated.total).toBe(SEEDED);
    expect(ids(rated)).not.toEqual(ids(await list('?sort=downloads&limit=100')));
  });

  it('takes the GraphQL filters too: category, provider_type and capabilities', async () => {
    const enterprise = await list('?category=enterprise&limit=100');
    expect(enterprise.total).toBeGreaterThan(0);
    expect(enterprise.plugins.every((p) => p.category === 'enterprise')).toBe(true);
    expect(ids(await list('?provider_type=ollama'))).toEqual(['ollama-plugin']);
    const vision = await list('?capabilities=vision,function_calling&limit=100');
    expect(vision.total).toBeGreaterThan(0);
    for (const p of vision.plugins) expect(p.capabilities).toMatchObject({ vision: true, function_calling: true });
  });

  it('combines every parameter', async () => {
    const page = await list('?search=chat&tags=chat&verified=true&sort=rating&limit=2&offset=1&category=official&capabilities=streaming&provider_type=anthropic');
    expect(page).toMatchObject({ total: 1, page: 1, pages: 1, plugins: [] });
    const filters = 'search=chat&tags=chat&verified=true&sort=rating&category=official&capabilities=streaming';
    const all = await list(`?${filters}&limit=100`);
    expect(all.total).toBeGreaterThanOrEqual(3);
    for (const p of all.plugins) expect(p).toMatchObject({ verified: true, category: 'official', capabilities: { streaming: true } });
    const window = await list(`?${filters}&limit=2&offset=1`);
    expect(ids(window)).toEqual(ids(all).slice(1, 3));
    expect(window).toMatchObject({ total: all.total, page: 1, pages: Math.ceil(all.total / 2) });
  });

  it('treats empty values as absent where that is meaningful', async () => {
    expect(await list('?search=&tags=')).toEqual(await list());
  });
});

describe('page arithmetic', () => {
  it.each([
    ['nothing matches', '?search=zzzzqqqq', { total: 0, page: 1, pages: 0, count: 0 }],
    ['the first page', '?limit=20', { total: SEEDED, page: 1, pages: 2, count: 20 }],
    ['the last, partial page', '?limit=20&offset=20', { total: SEEDED, page: 2, pages: 2, count: 14 }],
    ['an offset inside a page', '?limit=10&offset=15', { total: SEEDED, page: 2, pages: 4, count: 10 }],
    ['an offset past the end', '?offset=100', { total: SEEDED, page: 6, pages: 2, count: 0 }],
    ['an offset exactly at the end', '?limit=17&offset=34', { total: SEEDED, page: 3, pages: 2, count: 0 }],
    ['limit 1', '?limit=1', { total: SEEDED, page: 1, pages: SEEDED, count: 1 }],
    ['limit 1 on the last plugin', '?limit=1&offset=33', { total: SEEDED, page: SEEDED, pages: SEEDED, count: 1 }],
    ['limit 100', '?limit=100', { total: SEEDED, page: 1, pages: 1, count: SEEDED }],
    ['an exact multiple', '?limit=17&offset=17', { total: SEEDED, page: 2, pages: 2, count: 17 }],
  ])('%s', async (_name, query, expected) => {
    const page = await list(query);
    expect({ total: page.total, page: page.page, pages: page.pages, count: page.plugins.length }).toEqual(expected);
  });

  it('pages through the whole catalog without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < SEEDED; offset += 7) seen.push(...ids(await list(`?limit=7&offset=${offset}`)));
    expect(seen).toEqual(ids(await list('?limit=100')));
  });
});

describe('bad parameters answer 400 naming the parameter', () => {
  it.each([
    ['limit', 'limit=abc'],
    ['limit', 'limit=1000'],
    ['limit', 'limit=101'],
    ['limit', 'limit=0'],
    ['limit', 'limit=-1'],
    ['limit', 'limit=1.5'],
    ['limit', 'limit='],
    ['offset', 'offset=-1'],
    ['offset', 'offset=abc'],
    ['offset', 'offset=1e3'],
    ['verified', 'verified=maybe'],
    ['verified', 'verified=TRUE'],
    ['sort', 'sort=stars'],
    ['sort', 'sort=relevance'],
    ['category', 'category=premium'],
    ['capabilities', 'capabilities=vision,telepathy'],
    ['search', `search=${'a'.repeat(201)}`],
    ['tags', `tags=${Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')}`],
    ['tags', `tags=${'a'.repeat(65)}`],
    ['provider_type', `provider_type=${'p'.repeat(65)}`],
    ['limit', 'limit=5&limit=6'],
    ['colour', 'colour=blue'],
  ])('%s (%s)', async (field, query) => {
    const res = await rest.get(`/api/v1/plugins?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field } });
    expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('says what a parameter accepts', async () => {
    expect((await rest.get('/api/v1/plugins?limit=1000')).body.error.message).toBe('limit: must be an integer between 1 and 100');
    expect((await rest.get('/api/v1/plugins?sort=stars')).body.error.message).toBe('sort: must be one of downloads, rating, updated, quality');
    expect((await rest.get('/api/v1/plugins?verified=maybe')).body.error.message).toBe('verified: must be true or false');
    expect((await rest.get('/api/v1/plugins?offset=-1')).body.error.message).toBe('offset: must be an integer of at least 0');
  });
});
