import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Loom, manifest } from '../helpers/cli.js';

const homes: Loom[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.remove();
});

function home(): Loom {
  const loom = new Loom();
  homes.push(loom);
  return loom;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('add-local', () => {
  it('creates the local registry with an entry in Loom’s exact shape, which list, show and install then use', async () => {
    const loom = home();
    const text = manifest('My Local Plugin', '0.1.0', '  author: Me\n  license: MIT\n  homepage: https://example.com/mine\n');
    const file = loom.path('dev', 'plugin.yaml');
    fs.mkdirSync(loom.path('dev'));
    fs.writeFileSync(file, text);
    const added = await loom.plugin(['add-local', '--id', 'my-local-plugin', '--manifest', file]);
    expect(added.stdout).toContain(`Added my-local-plugin 0.1.0 in ${loom.path('registry', 'registry.json')}`);

    const index = JSON.parse(fs.readFileSync(loom.path('registry', 'registry.json'), 'utf8'));
    expect(index.version).toBe('1.0');
    const [e] = index.plugins;
    expect(e).toEqual({
      id: 'my-local-plugin',
      name: 'My Local Plugin',
      provider_type: 'my-local-plugin',
      description: 'My Local Plugin for tests',
      author: 'Me',
      version: '0.1.0',
      license: 'MIT',
      homepage: 'https://example.com/mine',
      repository: 'https://example.com/mine',
      downloads: 0,
      rating: 0,
      reviews: 0,
      verified: false,
      tags: ['local'],
      capabilities: { streaming: true },
      install: { type: 'http', manifest_url: pathToFileURL(file).href, sha256: sha256(text) },
      screenshots: [],
      published_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });

    // The default config's "official" source is unreachable in tests: a warning, and the local registry still answers.
    const listed = await loom.plugin(['list', '--json']);
    expect(listed.stderr).toContain('warning: source official');
    expect(JSON.parse(listed.stdout).plugins.map((p: { source: string; id: string }) => `${p.source}/${p.id}`)).toEqual(['local/my-local-plugin']);
    expect((await loom.plugin(['list'])).stdout).toMatch(/my-local-plugin\s+0\.1\.0\s+0\s+-\s+local\s+My Local Plugin for tests/);
    expect((await loom.json(['show', 'local/my-local-plugin'])).plugin).toMatchObject({ id: 'my-local-plugin', source: 'local' });

    const installed = await loom.plugin(['install', 'local/my-local-plugin', '--json']);
    expect(installed.stderr).not.toContain('no checksum');
    expect(JSON.parse(installed.stdout).installed).toMatchObject({ id: 'my-local-plugin', version: '0.1.0', source: 'local', source_kind: 'file', sha256: sha256(text) });
    expect(fs.readFileSync(loom.path('plugins', 'my-local-plugin', 'published.yaml'), 'utf8')).toBe(text);
    expect(JSON.parse(fs.readFileSync(loom.path('plugins', 'my-local-plugin', 'plugin.json'), 'utf8')).metadata.provider_type).toBe('my-local-plugin');
  });

  it('warns that Loom’s own client cannot fetch the file:// manifest URL it writes', async () => {
    const loom = home();
    fs.writeFileSync(loom.path('plugin.yaml'), manifest('Warned Plugin', '1.0.0'));
    const added = await loom.plugin(['add-local', '--id', 'warned-plugin', '--manifest', 'plugin.yaml']);
    expect(added.stderr).toContain(
      `warning: Loom's own client cannot install warned-plugin from this registry (it fetches manifest URLs over HTTP only, and this one is file://); "loom plugin install local/warned-plugin" can`,
    );
  });

  it('nests custom capabilities under custom_capabilities, where Loom’s Capabilities reads them', async () => {
    const loom = home();
    const text = manifest('Custom Plugin', '1.0.0', '    function_calling: false\n    custom_capabilities:\n      json_mode: true\n      Vision: false\n');
    fs.writeFileSync(loom.path('plugin.yaml'), text);
    const { entry } = await loom.json(['add-local', '--id', 'custom-plugin', '--manifest', 'plugin.yaml']);
    const [written] = JSON.parse(fs.readFileSync(loom.path('registry', 'registry.json'), 'utf8')).plugins;
    // Flattened, "Vision": false would be read by Loom (keys match case-insensitively) as vision, json_mode dropped.
    expect(written.capabilities).toEqual({ streaming: true, function_calling: false, custom_capabilities: { json_mode: true, Vision: false } });
    expect(entry.capabilities).toEqual({ streaming: true, function_calling: false, json_mode: true, Vision: false });
    // Read back from the file, custom capabilities stand beside the flags again for show and search.
    expect((await loom.json(['show', 'local/custom-plugin'])).plugin.capabilities).toEqual(entry.capabilities);
    expect((await loom.json(['search', 'custom', '--capabilities', 'streaming'])).plugins.map((p: { id: string }) => p.id)).toEqual(['custom-plugin']);
  });

  it('updates the entry in place, so update picks up the new version', async () => {
    const loom = home();
    const file = loom.path('plugin.yaml');
    fs.writeFileSync(file, manifest('Growing Plugin', '1.0.0'));
    await loom.plugin(['add-local', '--id', 'growing-plugin', '--manifest', 'plugin.yaml', '--tags', 'dev,Mine']);
    fs.writeFileSync(loom.path('registry', 'registry.json'), fs.readFileSync(loom.path('registry', 'registry.json'), 'utf8').replace('"plugins": [', '"plugins": [{"id": "kept-plugin", "name": "Kept", "extra": 1},'));
    await loom.plugin(['install', 'growing-plugin']);
    const first = JSON.parse(fs.readFileSync(loom.path('registry', 'registry.json'), 'utf8')).plugins[1];

    fs.writeFileSync(file, manifest('Growing Plugin', '1.1.0'));
    const again = await loom.json(['add-local', '--id', 'growing-plugin', '--manifest', file]);
    expect(again).toMatchObject({ created: false, entry: { version: '1.1.0', tags: ['dev', 'mine'], published_at: first.published_at } });
    const index = JSON.parse(fs.readFileSync(loom.path('registry', 'registry.json'), 'utf8'));
    expect(index.plugins.map((p: { id: string }) => p.id)).toEqual(['kept-plugin', 'growing-plugin']);
    expect(index.plugins[0]).toEqual({ id: 'kept-plugin', name: 'Kept', extra: 1 });
    expect((await loom.plugin(['update'])).stdout).toContain('growing-plugin 1.0.0 → 1.1.0');
  });

  it('refuses a bad id, a missing file and an invalid manifest', async () => {
    const loom = home();
    fs.writeFileSync(loom.path('bad.yaml'), 'type: http\nendpoint: http://localhost:1\nmetadata:\n  name: Bad\n');
    expect((await loom.plugin(['add-local', '--id', 'Bad_Id', '--manifest', 'bad.yaml'], 2)).stderr).toContain('"Bad_Id" is not a plugin id');
    expect((await loom.plugin(['add-local', '--id', 'x-plugin'], 2)).stderr).toContain("required option '--manifest <path>' not specified");
    expect((await loom.plugin(['add-local', '--id', 'x-plugin', '--manifest', 'missing.yaml'], 3)).stderr).toContain('no such file');
    const invalid = await loom.plugin(['add-local', '--id', 'x-plugin', '--manifest', 'bad.yaml'], 1);
    expect(invalid.stderr).toContain("does not match Loom's manifest schema: metadata.version: ");
    expect(fs.existsSync(loom.path('registry'))).toBe(false);
  });
});
