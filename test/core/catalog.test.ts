import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import catalog from '../../server/seed/catalog.json' with { type: 'json' };
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginSummaryDocument, PluginVersionsDocument } from '../gql/graphql.js';
import { expectLoomEntry } from '../helpers/loom.js';
import { realisticCatalog } from '../bench/corpus.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

describe('import and export in Loom registry.json format', () => {
  it('imports the sample catalog and exports it with Loom field types', async () => {
    const result = await new CatalogService().import(t.em(), catalog);
    expect(result).toMatchObject({ created: 34, updated: 0 });
    const exported = await new CatalogService().export(t.em(), t.app.services.links.registry);
    expect(exported.version).toBe('1.0');
    expect(exported.plugins).toHaveLength(34);
    for (const entry of exported.plugins) expectLoomEntry(entry as unknown as Record<string, unknown>);
    const openai = exported.plugins.find((p) => p.id === 'openai-plugin')!;
    const source = catalog.plugins.find((p) => p.id === 'openai-plugin')!;
    expect(openai).toMatchObject({ version: source.version, downloads: source.downloads, rating: source.rating, reviews: source.reviews, verified: true });
    // custom capabilities reach Loom nested, as its Capabilities struct reads them
    expect(openai.capabilities).toMatchObject({ streaming: true, custom_capabilities: { structured_outputs: true } });
  });

  it('round-trips: importing an export changes nothing and creates nothing', async () => {
    const before = await new CatalogService().export(t.em(), t.app.services.links.registry);
    const again = await new CatalogService().import(t.em(), before);
    expect(again).toMatchObject({ created: 0, updated: 34, versions: 0 });
    expect(await new CatalogService().export(t.em(), t.app.services.links.registry)).toEqual(before);
  });

  it('refuses a bad document as a whole, naming the entry and field, and changes nothing', async () => {
    const bad = { version: '1.0', plugins: [{ ...catalog.plugins[0], id: 'fresh-plugin' }, { ...catalog.plugins[1], id: 'other-plugin', downloads: '12' }] };
    await expect(new CatalogService().import(t.em(), bad)).rejects.toThrow(/plugins\[1\] \(other-plugin\)\.downloads/);
    expect(await t.em().count(Plugin, { id: 'fresh-plugin' })).toBe(0);
    await expect(new CatalogService().import(t.em(), { plugins: 'nope' })).rejects.toThrow(/not a registry.json document/);
    const dup = { version: '1.0', plugins: [catalog.plugins[0], catalog.plugins[0]] };
    await expect(new CatalogService().import(t.em(), dup)).rejects.toThrow(/appears twice/);
  });

  it("refuses a custom capability Loom would read as one of its own keys, in any case, naming the entry and field", async () => {
    const entry = (capabilities: Record<string, unknown>) => ({ version: '1.0', plugins: [{ ...catalog.plugins[0], id: 'clash-plugin', capabilities }] });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ streaming: true, Streaming: false }, /plugins\[0\] \(clash-plugin\)\.capabilities\.Streaming: "Streaming" is a name Loom's capabilities already decode/],
      [{ CUSTOM_CAPABILITIES: true }, /capabilities\.CUSTOM_CAPABILITIES: "CUSTOM_CAPABILITIES" is a name/],
      [{ custom_capabilities: true }, /capabilities\.custom_capabilities: must be an object/],
      [{ custom_capabilities: { ok: true, Vision: true } }, /capabilities\.custom_capabilities\.Vision: "Vision" is a name/],
      // Go folds Unicode case too: the long s reads as "s"
      [{ custom_capabilities: { ſtreaming: true } }, /capabilities\.custom_capabilities\.ſtreaming/],
    ];
    for (const [capabilities, message] of cases) await expect(new CatalogService().import(t.em(), entry(capabilities))).rejects.toThrow(message);
    expect(await t.em().count(Plugin, { id: 'clash-plugin' })).toBe(0);
  });

  it('keeps published versions immutable and adds new ones on re-import', async () => {
    const entry = structuredClone(catalog.plugins.find((p) => p.id === 'groq-plugin')!);
    entry.versions.push({ version: '9.0.0', published_at: '2026-11-01T00:00:00Z', changes: 'Big one' });
    entry.version = '9.0.0';
    entry.description = 'Changed description';
    const result = await new CatalogService().import(t.em(), { version: '1.0', plugins: [entry] });
    expect(result).toMatchObject({ updated: 1, versions: 1 });
    expect((await t.data(PluginSummaryDocument, { id: 'groq-plugin' })).plugin!.description).toBe('Changed description');
    expect((await t.data(PluginVersionsDocument, { id: 'groq-plugin', first: 2 })).plugin!.versions.nodes[0].version).toBe('9.0.0');
  });

  it('imports a catalog of several batches whole, and rolls it all back when the last entry is bad', async () => {
    // batches of 50, so 110 plugins are three of them: the size of a batch is not the point, their number is
    const options = { batchSize: 50 };
    const big = realisticCatalog(110);
    // the same version twice passes the document's checks and fails on the database, in the third batch
    const twice = big.plugins[109] as { versions: unknown[] };
    const bad = { ...big, plugins: [...big.plugins.slice(0, 109), { ...twice, versions: [twice.versions[0], twice.versions[0]] }] };
    await expect(new CatalogService().import(t.em(), bad, options)).rejects.toThrow();
    expect(await t.em().count(Plugin, { id: big.plugins[0].id as string })).toBe(0);
    const imported = await new CatalogService().import(t.em(), big, options);
    const versions = big.plugins.map((p) => (p as { versions: unknown[] }).versions.length);
    expect(imported).toMatchObject({ created: 110, updated: 0, versions: versions.reduce((a, b) => a + b, 0) });
    const last = big.plugins[109].id as string;
    const data = await t.data(PluginVersionsDocument, { id: last, first: 1 });
    expect(data.plugin!.versions.totalCount).toBe(versions[109]);
    expect(await new CatalogService().import(t.em(), big, options)).toMatchObject({ created: 0, updated: 110, versions: 0 });
  });
});
