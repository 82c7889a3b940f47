import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginCountDocument } from '../gql/graphql.js';
import { entry, Loom, StaticHost } from '../helpers/cli.js';

let t: TestApp;
let host: StaticHost;
let loom: Loom;
let folder: string;

beforeAll(async () => {
  t = await createTestApp();
  host = await new StaticHost().start();
  host.json('/registry.json', {
    version: '1.0',
    plugins: [entry('openai-plugin', '9.9.9', { description: 'static copy of openai' }), entry('static-only-plugin', '1.0.0', { tags: ['test', 'openai-ish'], downloads: 500 })],
  });
  loom = new Loom();
  folder = loom.path('team-registry');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'registry.json'), JSON.stringify({ version: '1.0', plugins: [entry('file-only-plugin', '0.1.0', { description: 'for OpenAI fans' }), entry('openai-plugin', '0.0.1')] }));
  loom.sources([
    { name: 'registry', url: t.url },
    { name: 'static', url: host.url },
    { name: 'team', url: `file://${folder}` },
  ]);
});
afterAll(async () => {
  loom.remove();
  await host.close();
  await t.close();
});

const ids = (plugins: { id: string; source: string }[]) => plugins.map((p) => `${p.source}/${p.id}`);

describe('search', () => {
  it('merges the sources in order, labels each plugin, and lets the first source win a duplicate id', async () => {
    const result = await loom.json(['search', 'openai', '--limit', '100']);
    expect(Object.keys(result)).toEqual(['plugins', 'sources']);
    const found = ids(result.plugins);
    expect(found).toContain('registry/openai-plugin');
    expect(found).toContain('static/static-only-plugin');
    expect(found).toContain('team/file-only-plugin');
    expect(found.filter((f) => f.endsWith('/openai-plugin'))).toEqual(['registry/openai-plugin']);
    // Source order: every registry hit before every static hit before every folder hit.
    const order = result.plugins.map((p: { source: string }) => ['registry', 'static', 'team'].indexOf(p.source));
    expect(order).toEqual([...order].sort());
    expect(result.sources).toEqual([
      { name: 'registry', url: t.url, kind: 'loom-registry', matches: expect.any(Number) },
      { name: 'static', url: host.url, kind: 'static', matches: 2 },
      { name: 'team', url: `file://${folder}`, kind: 'file', matches: 2 },
    ]);
  });

  it('prints each plugin in the shape of a Loom registry.json entry plus its source', async () => {
    const { plugins } = await loom.json(['search', 'openai', '--source', 'registry', '--limit', '1']);
    const p = plugins[0];
    expect(p).toMatchObject({ id: 'openai-plugin', source: 'registry', verified: true, install: { type: 'http', manifest_url: expect.any(String) } });
    expect(Number.isInteger(p.downloads) && Number.isInteger(p.reviews)).toBe(true);
    expect(typeof p.rating).toBe('number');
    expect(p.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Object.values(p.capabilities).every((v) => typeof v === 'boolean')).toBe(true);
  });

  it('filters by tags and verified, sorts, and limits', async () => {
    const verified = await loom.json(['search', 'openai', '--verified', '--source', 'registry', '--limit', '100']);
    expect(verified.plugins.length).toBeGreaterThan(0);
    expect(verified.plugins.every((p: { verified: boolean }) => p.verified)).toBe(true);
    const tagged = await loom.json(['search', 'openai', '--tags', 'openai-ish']);
    expect(ids(tagged.plugins)).toEqual(['static/static-only-plugin']);
    const community = await loom.json(['search', 'plugin', '--category', 'community', '--capabilities', 'vision', '--source', 'registry', '--limit', '100']);
    expect(community.plugins.length).toBeGreaterThan(0);
    expect(community.plugins.every((p: { category: string; capabilities: { vision: boolean } }) => p.category === 'community' && p.capabilities.vision)).toBe(true);
    const sorted = await loom.json(['search', 'openai', '--sort', 'downloads', '--limit', '3']);
    const downloads = sorted.plugins.map((p: { downloads: number }) => p.downloads);
    expect(downloads).toHaveLength(3);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
  });

  it('puts another source first when it comes first in the config', async () => {
    const other = new Loom().sources([
      { name: 'static', url: host.url, type: 'static' },
      { name: 'registry', url: t.url, type: 'loom-registry' },
    ]);
    const { plugins } = await other.json(['search', 'openai', '--limit', '100']);
    expect(plugins.find((p: { id: string }) => p.id === 'openai-plugin')).toMatchObject({ source: 'static', version: '9.9.9' });
    other.remove();
  });

  it('warns about an unreachable source and answers from the others', async () => {
    const other = new Loom().sources([
      { name: 'down', url: 'http://127.0.0.1:1' },
      { name: 'team', url: `file://${folder}` },
    ]);
    const result = await other.plugin(['search', 'openai', '--json']);
    expect(result.stderr).toMatch(/warning: source down: cannot reach http:\/\/127\.0\.0\.1:1.*ECONNREFUSED/);
    const parsed = JSON.parse(result.stdout);
    expect(ids(parsed.plugins)).toEqual(['team/file-only-plugin', 'team/openai-plugin']);
    expect(parsed.sources[0]).toEqual({ name: 'down', url: 'http://127.0.0.1:1', kind: 'auto', error: expect.stringContaining('ECONNREFUSED') });
    other.remove();
  });

  it('fails when every source fails, saying what to check', async () => {
    const other = new Loom().sources([
      { name: 'down', url: 'http://127.0.0.1:1' },
      { name: 'gone', url: `${host.url}/nothing-here`, type: 'static' },
    ]);
    const result = await other.plugin(['search', 'openai'], 1);
    expect(result.stderr).toContain('error: no registry source could be read');
    expect(result.stderr).toContain('source down');
    expect(result.stderr).toContain('source gone');
    expect(result.stderr).toMatch(/hint: .*sources list/);
    other.remove();
  });

  it('says "did you mean" when a misspelt word was searched as the registry corrected it', async () => {
    const result = await loom.plugin(['search', 'opnai', '--source', 'registry']);
    expect(result.stderr).toContain('Did you mean "openai"? Nothing matches "opnai" as typed: showing matches for "openai".');
    expect(result.stdout).toContain('openai-plugin');
    expect((await loom.json(['search', 'opnai', '--source', 'registry'])).didYouMean).toBe('openai');
    expect((await loom.json(['search', 'openai', '--source', 'registry'])).didYouMean).toBeUndefined();
    const filtered = await loom.plugin(['search', 'opnai', '--source', 'registry', '--tags', 'no-such-tag']);
    expect(filtered.stderr).toContain('No plugins match "opnai" with --tags no-such-tag. Did you mean "openai"?');
  });

  it('tells a person when nothing matches, on stderr, and exits 0', async () => {
    const result = await loom.plugin(['search', 'zzzz-nothing']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('No plugins match "zzzz-nothing"');
    const filtered = await loom.plugin(['search', 'openai', '--category', 'experimental', '--verified']);
    expect(filtered.stderr).toContain('No plugins match "openai" with --verified --category experimental. Try without some of these filters');
  });
});

describe('list', () => {
  it('lists every plugin of every source once', async () => {
    const { plugins } = await loom.json(['list']);
    const found = ids(plugins);
    expect(new Set(plugins.map((p: { id: string }) => p.id)).size).toBe(plugins.length);
    expect(found.filter((f) => f.startsWith('registry/'))).toHaveLength((await t.data(PluginCountDocument)).plugins.totalCount);
    expect(found).toContain('static/static-only-plugin');
    expect(found).toContain('team/file-only-plugin');
  });

  it('lists one source with --source, and refuses an unknown one', async () => {
    const { plugins } = await loom.json(['list', '--source', 'team']);
    expect(ids(plugins)).toEqual(['team/file-only-plugin', 'team/openai-plugin']);
    const unknown = await loom.plugin(['list', '--source', 'nope'], 3);
    expect(unknown.stderr).toContain('no enabled source named "nope"');
  });

  it('lists nothing installed yet', async () => {
    expect(await loom.json(['list', '--installed'])).toEqual({ installed: [] });
  });
});

describe('show', () => {
  it('shows a plugin with its versions and statistics', async () => {
    const shown = await loom.json(['show', 'openai-plugin']);
    expect(Object.keys(shown)).toEqual(['plugin', 'versions', 'versions_total', 'downloads_last_30d', 'deprecated', 'quality', 'installed', 'update_available', 'requires', 'dependents', 'advisories']);
    expect(shown.advisories).toEqual([]);
    expect(shown.plugin).toMatchObject({ id: 'openai-plugin', source: 'registry', version: '1.3.0' });
    expect(shown.versions[0]).toEqual({
      version: '2.0.0-beta.1',
      prerelease: true,
      yanked_reason: null,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      published_at: expect.any(String),
      changes: expect.any(String),
    });
    expect(shown.installed).toBeNull();
    const text = await loom.plugin(['show', 'openai-plugin']);
    expect(text.stdout).toContain('OpenAI Provider (openai-plugin) 1.3.0');
    expect(text.stdout).toMatch(/2\.0\.0-beta\.1\s+\S+\s+pre-release/);
  });

  it('picks a source with source/id', async () => {
    const shown = await loom.json(['show', 'static/openai-plugin']);
    expect(shown.plugin).toMatchObject({ source: 'static', version: '9.9.9', description: 'static copy of openai' });
    expect(shown.versions).toHaveLength(1);
  });

  it('exits 3 for an unknown plugin, with a JSON error for scripts', async () => {
    const result = await loom.plugin(['show', 'no-such-plugin', '--json'], 3);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: 'plugin "no-such-plugin" not found in any enabled source', hint: expect.stringContaining('loom plugin search') } });
    expect(result.stderr).toContain('error: plugin "no-such-plugin" not found');
  });
});

describe('when a source cannot be read', () => {
  it('fails, naming it, when nothing was found: search, list, show, install and update alike', async () => {
    // The default configuration with the registry down: "official" cannot be read, "local" has no registry.json yet.
    const fresh = new Loom();
    await fresh.plugin(['install', 'groq-plugin'], 0, { env: { LOOM_REGISTRY_URL: t.url } });
    const search = await fresh.plugin(['search', 'openai'], 1);
    expect(search.stderr).toContain('error: no plugin matches "openai" in the sources that answered, but 1 source could not be read:\n  source official: cannot reach');
    expect(search.stderr).toMatch(/hint: is the registry running at http:\/\/127\.0\.0\.1:1\? Check "loom plugin sources list"/);
    expect(search.stderr).not.toContain('No plugins match');
    const json = await fresh.plugin(['search', 'openai', '--json'], 1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'SOURCES_UNREACHABLE', message: expect.stringContaining('source official: cannot reach'), hint: expect.stringContaining('sources list') } });
    expect((await fresh.plugin(['list'], 1)).stderr).toContain('error: no plugins in the sources that answered, but 1 source could not be read');
    for (const command of ['show', 'install']) {
      const result = await fresh.plugin([command, 'openai-plugin', '--json'], 1);
      expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'SOURCES_UNREACHABLE', message: expect.stringMatching(/^plugin "openai-plugin" not found in the sources that answered, but 1 source could not be read/) });
    }
    const { updates } = await fresh.json(['update'], 1);
    expect(updates).toMatchObject([{ id: 'groq-plugin', status: 'failed', message: expect.stringContaining('source official: cannot reach') }]);
    fresh.remove();
  });

  it('answers with what the other sources have, warning about the one that could not be read', async () => {
    const fresh = new Loom();
    fs.mkdirSync(fresh.path('registry'));
    fs.writeFileSync(fresh.path('registry', 'registry.json'), JSON.stringify({ version: '1.0', plugins: [entry('my-local-plugin', '1.0.0')] }));
    const shown = await fresh.plugin(['show', 'my-local-plugin', '--json']);
    expect(JSON.parse(shown.stdout).plugin.source).toBe('local');
    expect(shown.stderr).toMatch(/warning: source official: cannot reach .*\(showing results from the other sources\)/);
    expect((await fresh.json(['search', 'local'])).plugins.map((p: { id: string }) => p.id)).toEqual(['my-local-plugin']);
    fresh.remove();
  });
});

describe('output for people and for pipes', () => {
  const ansi = /\u001b\[/;

  it('uses no colour when piped or when NO_COLOR is set', async () => {
    expect((await loom.plugin(['search', 'openai', '--source', 'registry'])).stdout).not.toMatch(ansi);
    expect((await loom.plugin(['search', 'openai', '--source', 'registry'], 0, { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ansi);
    expect((await loom.plugin(['search', 'openai', '--source', 'registry'], 0, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).not.toMatch(ansi);
  });

  it('wraps the description of show to the width it is given', async () => {
    const { plugin } = await loom.json(['show', 'openai-plugin']);
    const { stdout } = await loom.plugin(['show', 'openai-plugin'], 0, { env: { COLUMNS: '40' } });
    const lines = stdout.split('\n');
    const description = lines.slice(1, lines.indexOf(''));
    expect(plugin.description.length).toBeGreaterThan(40);
    expect(description.length).toBeGreaterThan(1);
    for (const line of description) expect([...line].length).toBeLessThanOrEqual(40);
    expect(description.join(' ')).toBe(plugin.description.replace(/\s+/g, ' ').trim());
  });

  it('sizes tables to the width it is given, cutting only the description', async () => {
    const { stdout } = await loom.plugin(['search', 'openai'], 0, { env: { COLUMNS: '100' } });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+VERSION\s+DOWNLOADS\s+RATING\s+SOURCE\s+DESCRIPTION$/);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(stdout).toContain('…');
    expect(stdout).toContain('openai-compatible-proxy-plugin');
    // Too narrow for a useful description: the description goes, then SOURCE and DOWNLOADS; the ids stay whole.
    const narrow = await loom.plugin(['search', 'openai'], 0, { env: { COLUMNS: '50' } });
    expect(narrow.stdout.split('\n')[0]).toMatch(/^ID\s+VERSION\s+RATING$/);
    for (const line of narrow.stdout.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(50);
    expect(narrow.stdout).toContain('openai-compatible-proxy-plugin');
    // Piped without COLUMNS: whole lines, nothing cut.
    expect((await loom.plugin(['search', 'openai'])).stdout).not.toContain('…');
  });
});

describe('help and usage', () => {
  const commands = ['search', 'list', 'show', 'install', 'update', 'remove', 'add-local', 'sources', 'sources list', 'sources add', 'sources remove', 'sources enable', 'sources disable', 'login', 'logout', 'submit', 'status', 'rate', 'review', 'outdated', 'yank', 'unyank', 'deprecate', 'undeprecate', 'owner', 'owner add', 'owner transfer', 'whoami', 'keys', 'keys create', 'keys revoke', 'submissions', 'withdraw', 'resubmit', 'test', 'init'];

  it.each(commands)('%s --help shows examples', async (command) => {
    const { stdout } = await loom.plugin([...command.split(' '), '--help']);
    expect(stdout).toContain('Usage: loom plugin');
    expect(stdout).toContain('Examples:');
  });

  it('loom --help shows examples too', async () => {
    const { stdout } = await loom.run(['--help']);
    expect(stdout).toContain('Usage: loom');
    expect(stdout).toContain('Examples:\n');
    expect(stdout).toContain('$ loom plugin search openai');
  });

  it('exits 2 on usage errors', async () => {
    expect((await loom.plugin(['search', 'x', '--limit', '500'], 2)).stderr).toContain('a whole number from 1 to 100');
    expect((await loom.plugin(['search', 'x', '--sort', 'stars'], 2)).stderr).toContain('Allowed choices are relevance, downloads, rating, updated');
    expect((await loom.plugin(['search', 'x', '--category', 'popular'], 2)).stderr).toContain('Allowed choices are official, verified, community, enterprise, experimental');
    expect((await loom.plugin(['search', 'x', '--capabilities', 'vision,telepathy'], 2)).stderr).toContain('unknown capability "telepathy"');
    expect((await loom.plugin(['frobnicate'], 2)).stderr).toContain("unknown command 'frobnicate'");
    expect((await loom.plugin(['install', 'openai-plugin@not a version'], 2)).stderr).toContain('is not a version or a version range');
    await loom.plugin([], 2);
  });
});
