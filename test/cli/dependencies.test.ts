import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { entry, Loom, manifest, StaticHost } from '../helpers/cli.js';

const homes: Loom[] = [];
const hosts: StaticHost[] = [];
afterAll(async () => {
  for (const home of homes) home.remove();
  for (const host of hosts) await host.close();
});

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

interface Published {
  id: string;
  version: string;
  dependencies?: Record<string, string>;
  conflicts?: Record<string, string>;
}

/** A static registry: its registry.json lists each plugin's current version, with what it declares, and serves the manifests. */
class Registry {
  private constructor(readonly host: StaticHost) {}

  static async start(plugins: Published[]): Promise<Registry> {
    const host = await new StaticHost().start();
    hosts.push(host);
    return new Registry(host).publish(plugins);
  }

  publish(plugins: Published[]): this {
    const entries = plugins.map((p) => {
      const text = manifest(p.id, p.version);
      this.host.text(`/manifests/${p.id}.yaml`, text);
      return entry(p.id, p.version, {
        install: { type: 'http', manifest_url: `manifests/${p.id}.yaml`, sha256: sha256(text) },
        ...(p.dependencies ? { dependencies: p.dependencies } : {}),
        ...(p.conflicts ? { conflicts: p.conflicts } : {}),
      });
    });
    this.host.json('/registry.json', { version: '1.0', plugins: entries });
    return this;
  }
}

function home(...registries: Registry[]): Loom {
  const loom = new Loom().sources(registries.map((r, i) => ({ name: `static${i + 1}`, url: r.host.url, type: 'static' })));
  homes.push(loom);
  return loom;
}

const DIAMOND: Published[] = [
  { id: 'app-plugin', version: '1.0.0', dependencies: { 'left-plugin': '^1', 'right-plugin': '^1' } },
  { id: 'left-plugin', version: '1.0.0', dependencies: { 'base-plugin': '>=1.0.0' } },
  { id: 'right-plugin', version: '1.0.0', dependencies: { 'base-plugin': '^1.0.0' } },
  { id: 'base-plugin', version: '1.2.0' },
];

const graphOf = (loom: Loom) => Object.fromEntries(loom.lock().plugins.map((p) => [p.id, { version: p.version, dependencies: p.dependencies, required_by: p.required_by, explicit: p.explicit }]));

describe('dependencies', () => {
  it('installs a diamond dependencies first, one version of the shared plugin, and records the graph', async () => {
    const loom = home(await Registry.start(DIAMOND));
    const planned = await loom.plugin(['install', 'app-plugin', '--dry-run']);
    expect(planned.stdout).toBe(
      [
        'Plan for app-plugin (dependencies first; nothing changed):',
        '  + base-plugin 1.2.0 from static1 (for left-plugin@1.0.0, right-plugin@1.0.0)',
        '  + left-plugin 1.0.0 from static1 (for app-plugin@1.0.0)',
        '  + right-plugin 1.0.0 from static1 (for app-plugin@1.0.0)',
        '  + app-plugin 1.0.0 from static1',
        '',
      ].join('\n'),
    );
    expect(fs.existsSync(loom.path('plugins'))).toBe(false);
    const plan = (await loom.json(['install', 'app-plugin', '--dry-run'])).plan;
    expect(plan.map((s: { id: string; action: string }) => [s.id, s.action])).toEqual([['base-plugin', 'install'], ['left-plugin', 'install'], ['right-plugin', 'install'], ['app-plugin', 'install']]);

    const { stdout } = await loom.plugin(['install', 'app-plugin']);
    expect(stdout.split('\n').filter(Boolean).map((l) => l.replace(/ → .*/, ''))).toEqual([
      '✓ Installed base-plugin 1.2.0 from static1, needed by left-plugin@1.0.0, right-plugin@1.0.0',
      '✓ Installed left-plugin 1.0.0 from static1, needed by app-plugin@1.0.0',
      '✓ Installed right-plugin 1.0.0 from static1, needed by app-plugin@1.0.0',
      '✓ Installed app-plugin 1.0.0 from static1',
    ]);
    expect(graphOf(loom)).toEqual({
      'app-plugin': { version: '1.0.0', dependencies: { 'left-plugin': '^1', 'right-plugin': '^1' }, required_by: [], explicit: true },
      'base-plugin': { version: '1.2.0', dependencies: {}, required_by: ['left-plugin', 'right-plugin'], explicit: false },
      'left-plugin': { version: '1.0.0', dependencies: { 'base-plugin': '>=1.0.0' }, required_by: ['app-plugin'], explicit: false },
      'right-plugin': { version: '1.0.0', dependencies: { 'base-plugin': '^1.0.0' }, required_by: ['app-plugin'], explicit: false },
    });
    for (const id of ['app-plugin', 'left-plugin', 'right-plugin', 'base-plugin']) expect(fs.existsSync(loom.path('plugins', id, 'plugin.json'))).toBe(true);
    // asking for a dependency by name makes it the user's own
    expect((await loom.plugin(['install', 'base-plugin'])).stderr).toContain('base-plugin 1.2.0 is already installed');
    expect(graphOf(loom)['base-plugin'].explicit).toBe(true);
  });

  it('prints the installed graph as a tree, in text and JSON', async () => {
    const loom = home(await Registry.start(DIAMOND));
    await loom.plugin(['install', 'app-plugin']);
    expect((await loom.plugin(['tree'])).stdout).toBe(
      [
        'app-plugin 1.0.0',
        '├── left-plugin ^1 → 1.0.0',
        '│   └── base-plugin >=1.0.0 → 1.2.0',
        '└── right-plugin ^1 → 1.0.0',
        '    └── base-plugin ^1.0.0 → 1.2.0 (deduped)',
        '',
      ].join('\n'),
    );
    const { tree, problems } = await loom.json(['tree', 'right-plugin']);
    expect(problems).toEqual([]);
    expect(tree).toEqual([
      { id: 'right-plugin', version: '1.0.0', status: 'ok', explicit: false, dependencies: [{ id: 'base-plugin', range: '^1.0.0', version: '1.2.0', status: 'ok', dependencies: [] }] },
    ]);
    // not installed: the plan from the sources
    const other = home(await Registry.start(DIAMOND));
    const planned = await other.plugin(['tree', 'left-plugin']);
    expect(planned.stdout).toBe('left-plugin 1.0.0 (would install)\n└── base-plugin >=1.0.0 → 1.2.0 (would install)\n');
    expect((await other.json(['tree', 'left-plugin'])).plan).toBe(true);
    expect(fs.existsSync(other.path('plugins'))).toBe(false);
  });

  it('refuses a conflict, naming both constraints and who imposes each, and installs nothing', async () => {
    const registry = await Registry.start([
      { id: 'gateway-plugin', version: '1.1.0', dependencies: { 'openai-plugin': '~1.4' } },
      { id: 'openai-plugin', version: '1.4.2' },
    ]);
    const loom = home(registry);
    await loom.plugin(['install', 'gateway-plugin']);
    registry.publish([
      { id: 'gateway-plugin', version: '1.1.0', dependencies: { 'openai-plugin': '~1.4' } },
      { id: 'openai-plugin', version: '2.0.0' },
      { id: 'router-plugin', version: '2.0.0', dependencies: { 'openai-plugin': '^2' } },
    ]);
    const before = loom.lock();
    const refused = await loom.plugin(['install', 'router-plugin', '--json'], 1);
    expect(refused.stderr).toContain('error: router-plugin@2.0.0 needs openai-plugin ^2 but gateway-plugin@1.1.0 needs openai-plugin ~1.4\n');
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'DEPENDENCY_CONFLICT', message: 'router-plugin@2.0.0 needs openai-plugin ^2 but gateway-plugin@1.1.0 needs openai-plugin ~1.4' });
    expect(loom.lock()).toEqual(before);
    expect(fs.existsSync(loom.path('plugins', 'router-plugin'))).toBe(false);
  });

  it('installs nothing when a dependency fails its checksum', async () => {
    const registry = await Registry.start(DIAMOND);
    registry.host.text('/manifests/right-plugin.yaml', `${manifest('right-plugin', '1.0.0')}# altered\n`);
    const loom = home(registry);
    const refused = await loom.plugin(['install', 'app-plugin'], 1);
    expect(refused.stderr).toMatch(/error: refusing to install right-plugin: the manifest's sha256 is [0-9a-f]{64}, but source static1 published [0-9a-f]{64} \(nothing was installed\)/);
    expect(fs.existsSync(loom.path('plugins', 'installed.json'))).toBe(false);
    expect(fs.existsSync(loom.path('plugins', 'base-plugin'))).toBe(false);
  });

  it('refuses to remove a plugin others need unless forced; autoremove removes what nothing needs', async () => {
    const loom = home(await Registry.start(DIAMOND));
    await loom.plugin(['install', 'app-plugin']);
    const refused = await loom.plugin(['remove', 'base-plugin'], 1);
    expect(refused.stderr).toContain('error: base-plugin is needed by left-plugin (>=1.0.0), right-plugin (^1.0.0)');
    expect(refused.stderr).toContain('hint: remove them first, or add --force to remove base-plugin anyway');
    expect(fs.existsSync(loom.path('plugins', 'base-plugin', 'plugin.json'))).toBe(true);
    await loom.plugin(['remove', 'base-plugin', '--force']);
    expect(loom.lock().plugins.map((p) => p.id)).toEqual(['app-plugin', 'left-plugin', 'right-plugin']);
    const broken = await loom.plugin(['tree'], 1);
    expect(broken.stdout).toContain('│   └── base-plugin >=1.0.0 → MISSING');
    expect(broken.stderr).toContain('warning: left-plugin@1.0.0 needs base-plugin >=1.0.0, which is not installed');
    // installing it again mends the graph (as a dependency again: nothing asked for it by name)
    await loom.plugin(['install', 'app-plugin', '--force']);
    expect(graphOf(loom)['base-plugin']).toMatchObject({ version: '1.2.0', explicit: false });
    expect((await loom.json(['tree'])).problems).toEqual([]);

    expect(await loom.json(['autoremove'])).toEqual({ removed: [] });
    await loom.plugin(['remove', 'app-plugin']);
    expect((await loom.plugin(['tree'])).stdout).toContain('left-plugin 1.0.0 (extraneous: nothing needs it ("loom plugin autoremove" removes it))');
    const dry = await loom.plugin(['autoremove', '--dry-run']);
    expect(dry.stdout).toBe('  - base-plugin 1.2.0 would be removed\n  - left-plugin 1.0.0 would be removed\n  - right-plugin 1.0.0 would be removed\n');
    expect(loom.lock().plugins).toHaveLength(3);
    expect((await loom.json(['autoremove'])).removed.map((r: { id: string }) => r.id)).toEqual(['base-plugin', 'left-plugin', 'right-plugin']);
    expect(loom.lock().plugins).toEqual([]);
    expect(fs.readdirSync(loom.path('plugins'))).toEqual(['installed.json']);
  });

  it('update keeps a dependency inside its dependents\' ranges, saying what holds it back, and installs new dependencies', async () => {
    const registry = await Registry.start([
      { id: 'gateway-plugin', version: '1.1.0', dependencies: { 'openai-plugin': '~1.4' } },
      { id: 'openai-plugin', version: '1.4.2' },
    ]);
    const loom = home(registry);
    await loom.plugin(['install', 'gateway-plugin']);
    registry.publish([
      { id: 'gateway-plugin', version: '1.1.0', dependencies: { 'openai-plugin': '~1.4' } },
      { id: 'openai-plugin', version: '2.0.0' },
    ]);
    const { updates } = await loom.json(['update']);
    expect(updates).toEqual([
      { id: 'gateway-plugin', from: '1.1.0', to: null, latest: '1.1.0', status: 'current' },
      { id: 'openai-plugin', from: '1.4.2', to: null, latest: '2.0.0', status: 'pinned', message: '2.0.0 is outside what gateway-plugin@1.1.0 needs (~1.4); update or remove it first' },
    ]);
    expect(graphOf(loom)['openai-plugin'].version).toBe('1.4.2');
    expect((await loom.plugin(['outdated'], 1)).stdout).toMatch(/openai-plugin\s+1\.4\.2\s+1\.4\.2\s+2\.0\.0/);

    // a newer gateway moves to openai 2 and brings a new dependency in
    registry.publish([
      { id: 'gateway-plugin', version: '2.0.0', dependencies: { 'openai-plugin': '^2', 'metrics-plugin': '^1' } },
      { id: 'openai-plugin', version: '2.0.0' },
      { id: 'metrics-plugin', version: '1.0.0' },
    ]);
    const dry = await loom.json(['update', '--dry-run']);
    expect(dry.updates).toEqual([
      { id: 'gateway-plugin', from: '1.1.0', to: '2.0.0', latest: '2.0.0', status: 'available' },
      { id: 'openai-plugin', from: '1.4.2', to: '2.0.0', latest: '2.0.0', status: 'available' },
      { id: 'metrics-plugin', from: null, to: '1.0.0', latest: null, status: 'available', message: 'a new dependency for gateway-plugin@2.0.0' },
    ]);
    const text = await loom.plugin(['update']);
    expect(text.stdout).toContain('↑ gateway-plugin 1.1.0 → 2.0.0');
    expect(text.stdout).toContain('↑ openai-plugin 1.4.2 → 2.0.0');
    expect(text.stdout).toContain('+ metrics-plugin 1.0.0 (a new dependency for gateway-plugin@2.0.0)');
    expect(graphOf(loom)).toEqual({
      'gateway-plugin': { version: '2.0.0', dependencies: { 'metrics-plugin': '^1', 'openai-plugin': '^2' }, required_by: [], explicit: true },
      'metrics-plugin': { version: '1.0.0', dependencies: {}, required_by: ['gateway-plugin'], explicit: false },
      'openai-plugin': { version: '2.0.0', dependencies: {}, required_by: ['gateway-plugin'], explicit: false },
    });
  });

  it('finds a dependency in a second source', async () => {
    const first = await Registry.start([{ id: 'router-plugin', version: '1.0.0', dependencies: { 'helper-plugin': '^2' } }]);
    const second = await Registry.start([{ id: 'helper-plugin', version: '2.3.0' }]);
    const loom = home(first, second);
    const { installed, dependencies } = await loom.json(['install', 'router-plugin']);
    expect(installed).toMatchObject({ id: 'router-plugin', source: 'static1' });
    expect(dependencies).toEqual([expect.objectContaining({ id: 'helper-plugin', version: '2.3.0', source: 'static2', explicit: false, required_by: [] })]);
    expect(loom.lock().plugins.map((p) => [p.id, p.source])).toEqual([['helper-plugin', 'static2'], ['router-plugin', 'static1']]);
    // without the second source, nothing has it
    const alone = home(first);
    expect((await alone.plugin(['install', 'router-plugin'], 1)).stderr).toContain('error: router-plugin@1.0.0 needs helper-plugin ^2, but no enabled source has helper-plugin');
  });

  it('reads an installed.json written before dependencies were recorded: every plugin asked for, needing nothing', async () => {
    const loom = home(await Registry.start(DIAMOND));
    await loom.plugin(['install', 'left-plugin']);
    const old = loom.lock().plugins.map(({ dependencies, required_by, explicit, ...rest }) => rest);
    fs.writeFileSync(loom.path('plugins', 'installed.json'), JSON.stringify({ version: 1, plugins: old }));
    expect((await loom.json(['list', '--installed', '--offline'])).installed.map((p: { id: string; explicit: boolean; required_by: string[] }) => [p.id, p.explicit, p.required_by])).toEqual([
      ['base-plugin', true, []],
      ['left-plugin', true, []],
    ]);
    expect(await loom.json(['autoremove'])).toEqual({ removed: [] });
    expect((await loom.plugin(['tree'])).stdout).toBe('base-plugin 1.2.0\nleft-plugin 1.0.0\n');
    await loom.plugin(['remove', 'base-plugin']);
    // a reinstall learns the graph again
    await loom.plugin(['install', 'left-plugin']);
    expect(graphOf(loom)).toEqual({
      'base-plugin': { version: '1.2.0', dependencies: {}, required_by: ['left-plugin'], explicit: false },
      'left-plugin': { version: '1.0.0', dependencies: { 'base-plugin': '>=1.0.0' }, required_by: [], explicit: true },
    });
  });

  it('shows a version\'s dependencies and the plugins that use it', async () => {
    const loom = home(await Registry.start(DIAMOND));
    const shown = await loom.plugin(['show', 'base-plugin']);
    expect(shown.stdout).toContain('  used by         left-plugin 1.0.0 (>=1.0.0), right-plugin 1.0.0 (^1.0.0)');
    const app = await loom.plugin(['show', 'app-plugin']);
    expect(app.stdout).toContain('  dependencies    left-plugin ^1, right-plugin ^1');
    const json = await loom.json(['show', 'base-plugin']);
    expect(json.dependents).toEqual({ items: [{ plugin_id: 'left-plugin', version: '1.0.0', range: '>=1.0.0' }, { plugin_id: 'right-plugin', version: '1.0.0', range: '^1.0.0' }], next: null });
    expect(json.requires).toEqual({ dependencies: {}, conflicts: {}, provides: [] });
    expect((await loom.json(['show', 'app-plugin'])).requires.dependencies).toEqual({ 'left-plugin': '^1', 'right-plugin': '^1' });
  });
});
