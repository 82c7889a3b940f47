import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { ManifestError, parseManifest, type Manifest } from '../../domain/manifest.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { entry, Loom, manifest, StaticHost } from '../helpers/cli.js';
import { hasGo, loomcheck, loomcheckBinary, requireGoInCi, type LoomDiscovery, type LoomManifest } from '../helpers/loomcheck.js';

/**
 * What Loom's own Go code makes of the files we serve and the CLI writes, decoded by test/loom-conformance (Loom's
 * structs and decoding rules, LOOM_PLUGIN_FACTS.md): registry.json by encoding/json, plugin.json by its json tags,
 * plugin.yaml by yaml.v3 over structs without yaml tags.
 */
requireGoInCi();

let t: TestApp;
const homes: Loom[] = [];
const hosts: StaticHost[] = [];

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

function home(sources?: Parameters<Loom['sources']>[0]): Loom {
  const loom = new Loom();
  if (sources) loom.sources(sources);
  homes.push(loom);
  return loom;
}

/** The plugins directory as Loom's loader discovers it; fails the test with Loom's errors when any manifest fails. */
async function loadable(loom: Loom): Promise<Map<string, LoomManifest>> {
  const { code, value, stderr } = await loomcheck<LoomDiscovery>(['plugin-dir', loom.path('plugins')]);
  expect({ code, stderr, failed: value?.plugins.filter((p) => p.error), duplicates: value?.duplicate_provider_types }).toEqual({ code: 0, stderr: '', failed: [], duplicates: {} });
  const byId = new Map<string, LoomManifest>();
  for (const p of value!.plugins) {
    const [id, file] = p.path.split('/');
    expect(file).toBe('plugin.json');
    byId.set(id, p.manifest!);
  }
  return byId;
}

/** Every manifest Loom loads must name its provider type and keep the config_schema the published one declares. */
function expectComplete(m: LoomManifest): void {
  expect(m.metadata.provider_type).not.toBe('');
  expect(m.metadata.config_schema?.length ?? 0).toBeGreaterThan(0);
  for (const field of m.metadata.config_schema!) expect(field.name && field.type).toBeTruthy();
}

describe.skipIf(!hasGo)("Loom's Go decoders read what we serve and install (test/loom-conformance)", () => {
  // A first build (no Go cache yet) compiles yaml.v3 too: give it time on a loaded machine.
  beforeAll(async () => {
    loomcheckBinary();
    t = await createTestApp();
  }, 180_000);
  afterAll(async () => {
    for (const h of homes) h.remove();
    for (const h of hosts) await h.close();
    await t?.close();
  });

  it("decodes the seed catalog's /registry.json into Loom's types", async () => {
    const served = (await (await fetch(`${t.url}/registry.json`)).json()) as { plugins: { id: string }[] };
    const { code, value, stderr } = await loomcheck<{ version: string; plugins: { id: string; provider_type: string }[] }>(['registry', t.url]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(value!.version).toBe('1.0');
    expect(value!.plugins.map((p) => p.id)).toEqual(served.plugins.map((p) => p.id));
    expect(value!.plugins.every((p) => p.provider_type !== '')).toBe(true);
  });

  it('loads every seed plugin the CLI installs, the pre-release and the pinned yanked version included', { timeout: 240_000 }, async () => {
    const { plugins } = (await (await fetch(`${t.url}/registry.json`)).json()) as { plugins: { id: string }[] };
    expect(plugins.length).toBeGreaterThan(20);
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    for (const { id } of plugins) await loom.plugin(['install', id]);
    await loom.plugin(['install', 'llama-cpp-plugin', '--pre']);
    expect((await loom.plugin(['install', 'ollama-plugin@1.2.1'])).stderr).toContain('was yanked');
    const loaded = await loadable(loom);
    expect([...loaded.keys()].sort()).toEqual(plugins.map((p) => p.id).sort());
    for (const installed of loom.lock().plugins) {
      const m = loaded.get(installed.id as string)!;
      expectComplete(m);
      expect([m.metadata.provider_type, m.metadata.version]).toEqual([installed.provider_type, installed.version]);
    }
    expect(loaded.get('llama-cpp-plugin')!.metadata.version).toBe('0.7.0-rc.1');
    expect(loaded.get('ollama-plugin')!.metadata.version).toBe('1.2.1');

    // Why plugin.json: the published YAML, loaded by Loom as it is today, has no provider type for it; once Loom
    // gives its structs snake_case yaml tags, it would decode to what plugin.json holds.
    const published = loom.path('plugins', 'openai-plugin', 'published.yaml');
    fs.copyFileSync(published, loom.path('plugin.yaml'));
    expect(await loomcheck(['manifest', loom.path('plugin.yaml')])).toMatchObject({ code: 1, stderr: 'manifest missing provider_type' });
    expect((await loomcheck(['-fixed-tags', 'manifest', loom.path('plugin.yaml')])).value).toEqual(loaded.get('openai-plugin'));
  });

  it('loads hostile plugins: odd names, U+2028/U+2029/U+0085, a pre-release over a yanked release', async () => {
    const name = 'Ünïcødé "Plugin": #1 \u2028 line\u2029para';
    const description = 'says: "hi" # not a comment\u0085next line\u2028\n- not a list';
    await new CatalogService().import(t.em(), {
      version: '1.0',
      plugins: [
        {
          ...entry('hostile-plugin', '2.0.0-rc.1', { name, description, author: 'Zoë 🦊 <z@example.com>', provider_type: 'hostile: yes', tags: ['hostile'] }),
          install: { type: 'http', manifest_url: 'https://example.com/hostile.yaml' },
          versions: [
            { version: '1.0.0', published_at: '2026-01-01T00:00:00Z', yanked: 'broken' },
            { version: '2.0.0-rc.1', published_at: '2026-02-01T00:00:00Z', prerelease: true },
          ],
        },
      ],
    });
    expect((await loomcheck(['registry', t.url])).code).toBe(0);
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    await loom.plugin(['install', 'hostile-plugin', '--pre']);
    const m = (await loadable(loom)).get('hostile-plugin')!;
    expectComplete(m);
    expect(m.metadata).toMatchObject({ name, description, provider_type: 'hostile: yes', version: '2.0.0-rc.1' });
    // The registry's own YAML quotes and escapes them, so even yaml.v3 reads it back exactly.
    fs.copyFileSync(loom.path('plugins', 'hostile-plugin', 'published.yaml'), loom.path('hostile.yaml'));
    expect((await loomcheck<LoomManifest>(['-fixed-tags', 'manifest', loom.path('hostile.yaml')])).value!.metadata).toMatchObject({ name, description });
    await loom.plugin(['install', 'hostile-plugin@1.0.0']);
    expect((await loadable(loom)).get('hostile-plugin')!.metadata.version).toBe('1.0.0');
  });

  it("decodes /registry.json whatever the rows hold (custom capabilities named like Loom's own keys, wrong types), also asked for as //registry.json", async () => {
    const caps = { streaming: 'yes', Custom_Capabilities: true, custom_capabilities: { Streaming: true, custom_capabilities: true, '\u017ftreaming': true, json_mode: true, odd: 'x' } };
    await t.writeBehind((em) => em.execute('update plugin set capabilities = ?, tags = ? where id = ?', [JSON.stringify(caps), JSON.stringify({ not: 'a list' }), 'jan-plugin']));
    for (const url of [t.url, `${t.url}/`]) {
      const { code, value, stderr } = await loomcheck<{ plugins: { id: string; tags: string[]; capabilities: { streaming: boolean; custom_capabilities: Record<string, boolean> } }[] }>(['registry', url]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      const jan = value!.plugins.find((p) => p.id === 'jan-plugin')!;
      expect(jan.capabilities).toMatchObject({ streaming: false, custom_capabilities: { json_mode: true } });
      expect(jan.tags).toEqual([]);
    }
  });

  it('accepts a manifest only when Loom decodes it to the same plugin: the manifest check validates what Loom reads', async () => {
    const dir = home();
    const metadata = { name: 'x', version: '1.0.0', provider_type: 'p', config_schema: [{ name: 'api_key', type: 'string', sensitive: true }] };
    const base = { type: 'http', endpoint: 'http://localhost:8090', metadata };
    const cases: Record<string, unknown> = {
      good: base,
      'a field Go reads case-insensitively, after ours': { ...base, metadata: { ...metadata, Provider_Type: 'q' } },
      'an empty provider type': { ...base, metadata: { ...metadata, provider_type: '' } },
      'no metadata': { ...base, metadata: null },
      'an empty type': { ...base, type: '' },
      'config_schema as a mapping': { ...base, metadata: { ...metadata, config_schema: { api_key: { type: 'string' } } } },
      'a config field required as a string': { ...base, metadata: { ...metadata, config_schema: [{ name: 'k', type: 'string', required: 'yes' }] } },
      'a fractional min_length': { ...base, metadata: { ...metadata, config_schema: [{ name: 'k', type: 'string', validation: { min_length: 1.5 } }] } },
      'a fractional health_check_interval': { ...base, health_check_interval: 1.5 },
      'custom capabilities as a list': { ...base, metadata: { ...metadata, capabilities: { custom_capabilities: ['json_mode'] } } },
      'a capability in capitals, after ours': { ...base, metadata: { ...metadata, capabilities: { function_calling: false, FUNCTION_CALLING: true } } },
      'a capability with a long s': { ...base, metadata: { ...metadata, capabilities: { streaming: false, '\u017ftreaming': true } } },
      'a capability spelt as no decoder reads it': { ...base, metadata: { ...metadata, capabilities: { FunctionCalling: true } } },
    };
    const accepted: string[] = [];
    for (const [name, value] of Object.entries(cases)) {
      const file = dir.path(`${name.replace(/\W+/g, '-')}.json`);
      fs.writeFileSync(file, JSON.stringify(value));
      let ours: Manifest | undefined;
      try {
        ours = parseManifest(JSON.stringify(value));
      } catch (err) {
        if (!(err instanceof ManifestError)) throw err;
      }
      if (!ours) continue;
      accepted.push(name);
      const loom = await loomcheck<LoomManifest>(['manifest', file]);
      expect({ name, code: loom.code, stderr: loom.stderr }).toEqual({ name, code: 0, stderr: '' });
      const { metadata: m } = loom.value!;
      expect([name, loom.value!.type, m.name, m.provider_type, m.capabilities.function_calling, m.config_schema]).toEqual([
        name,
        ours.type,
        ours.metadata.name,
        ours.metadata.provider_type,
        ours.metadata.capabilities?.function_calling ?? false,
        ours.metadata.config_schema?.map((f) => ({ name: f.name, type: f.type, required: f.required ?? false, description: f.description ?? '', sensitive: f.sensitive ?? false })),
      ]);
    }
    expect(accepted).toEqual(['good', 'a capability spelt as no decoder reads it']);
  });

  it('decodes the local registry add-local writes, at the default local source URL, and loads what is installed from it', async () => {
    const loom = home();
    const env = { env: { LOOM_HOME: undefined } };
    const text = JSON.stringify({
      type: 'http',
      endpoint: 'http://localhost:8090',
      metadata: {
        name: 'Local\u2028Plugin',
        version: '0.1.0',
        provider_type: 'local-provider',
        capabilities: { streaming: true, custom_capabilities: { json_mode: true, Vision: false } },
        config_schema: [{ name: 'api_key', type: 'string', sensitive: true, validation: { min_length: 8, enum: ['a', 2] } }],
      },
    });
    fs.writeFileSync(loom.path('plugin.json'), text);
    await loom.plugin(['add-local', '--id', 'local-plugin', '--manifest', 'plugin.json'], 0, env);
    // The URL the CLI writes for the local source (the first change writes the defaults), read as Loom reads it.
    await loom.plugin(['sources', 'disable', 'official'], 0, env);
    const local = (await loom.json(['sources', 'list'], 0, env)).sources.find((s: { name: string }) => s.name === 'local').url;
    const { code, value, stderr } = await loomcheck(['registry', local]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(value.plugins).toEqual([
      expect.objectContaining({
        id: 'local-plugin',
        name: 'Local\u2028Plugin',
        capabilities: { streaming: true, function_calling: false, vision: false, embeddings: false, fine_tuning: false, custom_capabilities: { json_mode: true, Vision: false } },
        install: { type: 'http', manifest_url: expect.stringMatching(/^file:\/\//) },
      }),
    ]);
    await loom.plugin(['install', 'local/local-plugin'], 0, env);
    const { code: loaded, value: dir } = await loomcheck<LoomDiscovery>(['plugin-dir', loom.path('.loom', 'plugins')]);
    expect(loaded).toBe(0);
    const m = dir!.plugins[0].manifest!;
    expectComplete(m);
    expect(m.metadata).toMatchObject({ name: 'Local\u2028Plugin', capabilities: { custom_capabilities: { json_mode: true, Vision: false } } });
    expect(m.metadata.config_schema).toEqual([{ name: 'api_key', type: 'string', required: false, description: '', sensitive: true, validation: { min_length: 8, enum: ['a', 2] } }]);
  });

  it('reads a source as written: a trailing slash asks for //registry.json, which the CLI no longer writes', async () => {
    const h = await new StaticHost().start();
    hosts.push(h);
    h.json('/registry.json', { version: '1.0', plugins: [entry('static-plugin', '1.0.0')] });
    expect((await loomcheck(['registry', `${h.url}/`])).stderr).toContain('//registry.json: status 404');
    const loom = home();
    await loom.plugin(['sources', 'add', 'static', `${h.url}/`]);
    const url = (await loom.json(['sources', 'list'])).sources.find((s: { name: string }) => s.name === 'static').url;
    expect((await loomcheck(['registry', url])).value.plugins.map((p: { id: string }) => p.id)).toEqual(['static-plugin']);
  });

  it('loads none of two plugins sharing a provider type but the first, and no plugin.yaml an older CLI wrote', async () => {
    const h = await new StaticHost().start();
    hosts.push(h);
    const texts = ['One', 'Two'].map((n) => manifest(`Shared ${n}`, '1.0.0', '  config_schema:\n    - {name: api_key, type: string}\n').replace(/provider_type: .*/, 'provider_type: shared'));
    h.text('/one.yaml', texts[0]).text('/two.yaml', texts[1]);
    h.json('/registry.json', {
      version: '1.0',
      plugins: [
        entry('shared-one', '1.0.0', { install: { type: 'http', manifest_url: '/one.yaml', sha256: sha256(texts[0]) } }),
        entry('shared-two', '1.0.0', { install: { type: 'http', manifest_url: '/two.yaml', sha256: sha256(texts[1]) } }),
      ],
    });
    const loom = home([{ name: 'static', url: h.url, type: 'static' }]);
    await loom.plugin(['install', 'shared-one']);
    expect((await loom.plugin(['install', 'shared-two'])).stderr).toContain('share provider_type "shared"');
    const both = await loomcheck<LoomDiscovery>(['plugin-dir', loom.path('plugins')]);
    expect([both.code, both.value!.duplicate_provider_types]).toEqual([1, { shared: ['shared-one/plugin.json', 'shared-two/plugin.json'] }]);
    await loom.plugin(['remove', 'shared-two']);

    // What the previous CLI wrote: the published bytes as plugin.yaml.
    fs.rmSync(loom.path('plugins', 'shared-one'), { recursive: true });
    fs.mkdirSync(loom.path('plugins', 'shared-one'));
    fs.writeFileSync(loom.path('plugins', 'shared-one', 'plugin.yaml'), texts[0]);
    const [old] = loom.lock().plugins;
    fs.writeFileSync(loom.path('plugins', 'installed.json'), JSON.stringify({ version: 1, plugins: [{ ...old, file: undefined, file_sha256: undefined, provider_type: undefined, sha256: sha256(texts[0]) }] }));
    const before = await loomcheck<LoomDiscovery>(['plugin-dir', loom.path('plugins')]);
    expect([before.code, before.value!.plugins]).toEqual([1, [{ path: 'shared-one/plugin.yaml', error: 'manifest missing provider_type' }]]);
    await loom.plugin(['update']);
    expect((await loadable(loom)).get('shared-one')!.metadata.provider_type).toBe('shared');
  });
});
