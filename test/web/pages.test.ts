import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginCountDocument, PluginSummaryDocument } from '../gql/graphql.js';
import { needsBuild } from '../helpers/build.js';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';

/** Issue 15: the web app's pages are server-rendered HTML (readable without JavaScript), cached like REST answers. */
// the pages link the browser files `vite build` makes
needsBuild();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', ...headers } });

describe('content negotiation on /', () => {
  it('answers a browser with the catalog page and a script with the JSON index, saying it varies by Accept', async () => {
    const html = await page('/');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('vary')).toContain('Accept');
    const body = await html.text();
    expect(body).toMatch(/^<!doctype html>/);
    // the results are in the HTML itself: a text browser or a crawler reads them without running anything
    expect(body).toContain('href="/plugins/openai-plugin"');
    expect(body).toMatch(/\d+ plugins/);

    for (const accept of [undefined, 'application/json', 'application/json, text/html;q=0.5', '*/*']) {
      const json = await fetch(`${t.url}/`, { headers: accept ? { accept } : {} });
      expect(json.headers.get('content-type'), accept).toContain('application/json');
      expect(json.headers.get('vary')).toContain('Accept');
      expect(((await json.json()) as { graphql: string }).graphql).toBe('/graphql');
    }
  });

  it('renders a search from the query string, with filters, and pages by cursor', async () => {
    const body = await (await page('/?q=openai&sort=DOWNLOADS')).text();
    expect(body).toContain('href="/plugins/openai-plugin"');
    expect(body).toContain('value="openai"');
    const api = (await t.graphql(PluginCountDocument, { first: 20 })).body.data!;
    expect(api.plugins.totalCount).toBeGreaterThan(20);
    const first = await (await page('/')).text();
    expect(first).toContain('rel="next"');
    const next = await (await page(`/?after=${encodeURIComponent(api.plugins.pageInfo.endCursor!)}`)).text();
    // the second page shows plugins the first did not
    const ids = (html: string) => [...html.matchAll(/<h2><a href="\/plugins\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(ids(next).length).toBeGreaterThan(0);
    expect(ids(next).filter((id) => ids(first).includes(id))).toEqual([]);

    const verified = await (await page('/?verified=1')).text();
    const total = (html: string) => Number(/(\d+) plugins?/.exec(html)![1]);
    expect(total(verified)).toBeLessThan(total(first));
  });

  it('shows the facet counts in the filters: categories, provider types and the most used tags, as links without JavaScript', async () => {
    const { categories, tags } = (await t.graphql<{ categories: { value: string; count: number }[]; tags: { value: string; count: number }[] }>('{ categories { value count } tags(first: 12) { value count } }')).body.data!;
    const html = await (await page('/')).text();
    for (const c of categories) expect(html).toContain(`${c.value.charAt(0)}${c.value.slice(1).toLowerCase()}<!-- --> (<!-- -->${c.count}<!-- -->)</option>`);
    const top = tags[0];
    expect(html).toContain(`<a class="tag" href="/?tag=${encodeURIComponent(top.value)}">${top.value}<!-- --> <span class="count">(<!-- -->${top.count}<!-- -->)</span></a>`);
    // a tag followed is a filter, and leaves the popular list
    const filtered = await (await page(`/?tag=${encodeURIComponent(top.value)}`)).text();
    expect(Number(/(\d+) plugins?/.exec(filtered)![1])).toBe(top.count);
    const popular = /<nav class="tag-facets"[^]*?<\/nav>/.exec(filtered)![0];
    expect(popular).not.toContain(`>${top.value}<`);
    expect(popular).toContain(`href="/?tag=${encodeURIComponent(top.value)}&amp;tag=`);
  });

  it('answers a malformed cursor with a 400 page saying why', async () => {
    const res = await page('/?after=garbage');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('malformed cursor');
  });
});

describe('/plugins/:id', () => {
  it('is the whole plugin page in HTML: description, install command, versions, manifest, reviews, stats', async () => {
    const res = await page('/plugins/openai-plugin');
    expect(res.status).toBe(200);
    // React separates adjacent text with empty comments; a reader never sees them
    const body = (await res.text()).replace(/<!-- -->/g, '');
    const api = (await t.graphql(PluginSummaryDocument, { id: 'openai-plugin' })).body.data!.plugin!;
    expect(body).toContain('loom plugin install openai-plugin');
    expect(body).toContain(`Versions (${api.versions.totalCount})`);
    expect(body).toContain(`Reviews (${api.reviews.totalCount})`);
    expect(body).toContain('/api/v1/plugins/openai-plugin/versions/');
    expect(body).toContain('plugin.yaml of');
    expect(body).toContain('Downloads per day');
  });

  it('answers an unknown plugin with a 404 page that is never kept', async () => {
    const res = await page('/plugins/no-such-plugin');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('No plugin “no-such-plugin”');
  });

  it('has the same caching rules as REST: a strong ETag per data version, 304 on revalidation, changed by a write', async () => {
    const first = await page('/plugins/openai-plugin');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"v\d+-[0-9a-f]{16}(-gz)?"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await page('/plugins/openai-plugin', { 'if-none-match': etag })).status).toBe(304);
    const br = await page('/plugins/openai-plugin', { 'accept-encoding': 'br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    await t.writeBehind((em) => em.execute("update plugin set description = 'Changed behind the page' where id = 'openai-plugin'"));
    const after = await page('/plugins/openai-plugin', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Changed behind the page');
  });
});

describe('the browser files', () => {
  it('are hashed, immutable, and the script for / stays within 150 KB gzipped', async () => {
    const body = await (await page('/')).text();
    const script = /<script type="module" src="(\/assets\/[^"]+\.js)"/.exec(body)![1];
    const styles = /<link rel="stylesheet" href="(\/assets\/[^"]+\.css)"/.exec(body)![1];
    for (const file of [script, styles]) {
      const res = await fetch(`${t.url}${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    const js = Buffer.from(await (await fetch(`${t.url}${script}`)).arrayBuffer());
    expect(zlib.gzipSync(js).length).toBeLessThan(150 * 1024);
    expect((await fetch(`${t.url}/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${t.url}/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('dependencies on /plugins/:id (issue 19)', () => {
  const text = async (path: string) => (await (await page(path)).text()).replace(/<!-- -->/g, '');

  it("shows the current version's dependencies, each a link to its page with its range", async () => {
    const body = await text('/plugins/azure-openai-plugin');
    expect(body).toContain('id="dependencies-heading">Dependencies</h2>');
    expect(body).toMatch(/<a href="\/plugins\/openai-plugin">OpenAI Provider<\/a> <code>\^1\.2\.0<\/code>/);
    expect(body).toContain('Used by (0)');
    expect(await text('/plugins/voyage-embeddings-plugin')).toMatch(/<h3>Provides<\/h3><p class="tags"><span class="tag">embeddings<\/span>/);
  });

  it('lists the plugins that use it, 20 a page, with a link to the next page by cursor', async () => {
    // 21 more dependents of openai-plugin besides the seeded azure-openai-plugin
    const plugins = Array.from({ length: 21 }, (_, i) => ({
      id: `web-user-${String(i).padStart(2, '0')}`, name: `Web user ${i}`, provider_type: `web-user-${i}`, version: '1.0.0',
      install: { type: 'http', manifest_url: 'https://example.com/p.yaml' }, dependencies: { 'openai-plugin': '^1.0.0' },
    }));
    await t.writeBehind((em) => new CatalogService().import(em, { version: '1.0', plugins }));
    const first = await text('/plugins/openai-plugin');
    expect(first).toContain('Used by (22)');
    expect(first).toContain('<a href="/plugins/azure-openai-plugin">Azure OpenAI Provider</a> 1.2.1 <span class="muted">needs</span> <code>^1.2.0</code>');
    expect(first.match(/href="\/plugins\/web-user-\d\d"/g)).toHaveLength(19);
    const next = /<a rel="next" href="\/plugins\/openai-plugin\?used_by_after=([^"#]+)#used-by-heading">More<\/a>/.exec(first);
    expect(next).not.toBeNull();
    const second = await text(`/plugins/openai-plugin?used_by_after=${next![1]}`);
    expect(second.match(/href="\/plugins\/web-user-\d\d"/g)).toEqual(['href="/plugins/web-user-19"', 'href="/plugins/web-user-20"']);
    expect(second).toContain('<a href="/plugins/openai-plugin#used-by-heading">First page</a>');
    expect(second).not.toContain('rel="next" href="/plugins/openai-plugin?used_by_after');
    const bad = await page('/plugins/openai-plugin?used_by_after=bogus');
    expect(bad.status).toBe(400);
  });
});
