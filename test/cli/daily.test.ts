import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';

let t: TestApp;
const homes: Loom[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const home of homes) home.remove();
  await t.close();
});

function home(): Loom {
  const loom = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
  homes.push(loom);
  return loom;
}

/** Rewrites what installed.json records as asked for, as an install with that pin or range would have. */
function requestedAs(loom: Loom, id: string, requested: string): void {
  const lock = loom.lock();
  for (const p of lock.plugins) if (p.id === id) p.requested = requested;
  fs.writeFileSync(loom.path('plugins', 'installed.json'), JSON.stringify(lock));
}

/** The lines wider than `columns` (none, when a table fits). */
const tooWide = (text: string, columns: number) => text.split('\n').filter((line) => [...line].length > columns);

describe('update and outdated', () => {
  it('names the newer version a range keeps out, and how to move past it', async () => {
    const loom = home();
    expect((await loom.json(['install', 'openai-plugin@~1.2'])).installed).toMatchObject({ version: '1.2.1', requested: '~1.2' });
    const { updates } = await loom.json(['update']);
    expect(updates).toEqual([
      { id: 'openai-plugin', from: '1.2.1', to: null, latest: '1.3.0', status: 'pinned', message: '1.3.0 is outside ~1.2; "loom plugin update openai-plugin --latest" moves past the range' },
    ]);
    const text = await loom.plugin(['update']);
    expect(text.stdout).toContain('openai-plugin 1.2.1 1.3.0 is outside ~1.2; "loom plugin update openai-plugin --latest" moves past the range');
    expect(text.stdout).not.toContain('up to date');
    expect((await loom.plugin(['update', 'openai-plugin', '--latest'])).stdout).toContain('↑ openai-plugin 1.2.1 → 1.3.0');
    expect(loom.lock().plugins[0]).toMatchObject({ version: '1.3.0', requested: null });
  });

  it('--dry-run says what would be installed and changes nothing', async () => {
    const loom = home();
    await loom.json(['install', 'anthropic-plugin@1.2.0']);
    requestedAs(loom, 'anthropic-plugin', '^1.0.0');
    const before = fs.readFileSync(loom.path('plugins', 'installed.json'), 'utf8');
    const dry = await loom.json(['update', '--dry-run']);
    expect(dry).toEqual({ updates: [{ id: 'anthropic-plugin', from: '1.2.0', to: '1.3.1', latest: '1.3.1', status: 'available' }], dry_run: true });
    expect((await loom.plugin(['update', '--dry-run'])).stdout).toContain('anthropic-plugin 1.2.0 → 1.3.1 would be installed');
    expect(fs.readFileSync(loom.path('plugins', 'installed.json'), 'utf8')).toBe(before);
    expect((await loom.plugin(['update'])).stdout).toContain('↑ anthropic-plugin 1.2.0 → 1.3.1');
  });

  it('outdated lists current, wanted and latest, and exits 1 while something is outdated', async () => {
    const loom = home();
    await loom.json(['install', 'anthropic-plugin@1.2.0']);
    await loom.json(['install', 'openai-plugin@~1.2']);
    await loom.json(['install', 'llama-cpp-plugin', '--pre']);
    await loom.json(['install', 'vllm-plugin@1.0.0']);
    requestedAs(loom, 'vllm-plugin', '^1.0.0');
    const { outdated } = await loom.json(['outdated'], 1);
    expect(outdated).toEqual([
      { id: 'anthropic-plugin', current: '1.2.0', wanted: '1.2.0', latest: '1.3.1', requested: '1.2.0', source: 'registry', status: 'outdated', message: 'pinned at 1.2.0; --latest moves it to 1.3.1' },
      { id: 'openai-plugin', current: '1.2.1', wanted: '1.2.1', latest: '1.3.0', requested: '~1.2', source: 'registry', status: 'outdated', message: expect.stringContaining('1.3.0 is outside ~1.2') },
      { id: 'vllm-plugin', current: '1.0.0', wanted: '1.2.1', latest: '1.2.1', requested: '^1.0.0', source: 'registry', status: 'outdated' },
    ]);
    for (const columns of ['80', '60']) {
      const table = await loom.plugin(['outdated'], 1, { env: { COLUMNS: columns } });
      expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+CURRENT\s+WANTED\s+LATEST/);
      expect(table.stdout).toMatch(/vllm-plugin\s+1\.0\.0\s+1\.2\.1\s+1\.2\.1/);
      expect(tooWide(table.stdout, Number(columns))).toEqual([]);
    }
    // The pre-release is newer than any release: not outdated, and `show` offers no "update" back to 0.6.1.
    expect((await loom.plugin(['show', 'llama-cpp-plugin'])).stdout).toMatch(/installed\s+0\.7\.0-rc\.1\n/);
    expect((await loom.json(['show', 'llama-cpp-plugin'])).update_available).toBeNull();
    expect((await loom.json(['show', 'anthropic-plugin'])).update_available).toBe('1.3.1');
    const installed = (await loom.json(['list', '--installed'])).installed;
    expect(installed.map((p: { id: string; latest: string }) => [p.id, p.latest])).toEqual([
      ['anthropic-plugin', '1.3.1'],
      ['llama-cpp-plugin', '0.6.1'],
      ['openai-plugin', '1.3.0'],
      ['vllm-plugin', '1.2.1'],
    ]);
    expect((await loom.plugin(['list', '--installed'])).stdout.split('\n')[0]).toMatch(/^ID\s+VERSION\s+LATEST\s/);
    expect((await loom.json(['list', '--installed', '--offline'])).installed.every((p: { latest: string | null }) => p.latest === null)).toBe(true);
    await loom.json(['update', '--latest']);
    const done = await loom.plugin(['outdated']);
    expect(done.stderr).toContain('4 installed plugins, all at their latest version.');
    expect(await loom.json(['outdated'])).toEqual({ outdated: [] });
  });
});

describe('typos and versions', () => {
  it('show and install suggest the id a typo was close to', async () => {
    const loom = home();
    const shown = await loom.plugin(['show', 'opnai-plugin'], 3);
    expect(shown.stderr).toContain('error: plugin "opnai-plugin" not found in any enabled source');
    expect(shown.stderr).toMatch(/hint: did you mean "openai-plugin"/);
    expect((await loom.plugin(['install', 'anthropic-plugn'], 3)).stderr).toMatch(/hint: did you mean "anthropic-plugin"/);
    expect((await loom.plugin(['show', 'zzzz-qqqq-xxxx'], 3)).stderr).toContain('hint: find its id with "loom plugin search zzzz qqqq xxxx"');
  });

  it('show id@version shows that version', async () => {
    const loom = home();
    const shown = await loom.plugin(['show', 'openai-plugin@1.2.0']);
    expect(shown.stdout).toMatch(/Version 1\.2\.0, published \d{4}-\d\d-\d\d: not the latest \(1\.3\.0\)/);
    expect(shown.stdout).toMatch(/1\.2\.0 ◂/);
    expect(shown.stdout).toContain('Install: loom plugin install openai-plugin@1.2.0');
    expect((await loom.json(['show', 'openai-plugin@1.3.0'])).version).toMatchObject({ version: '1.3.0', prerelease: false });
    expect((await loom.plugin(['show', 'ollama-plugin@1.2.1'])).stdout).toContain('yanked: Broke connections');
    const missing = await loom.plugin(['show', 'openai-plugin@9.9.9'], 3);
    expect(missing.stderr).toContain('error: openai-plugin has no version 9.9.9');
  });
});

describe('tables and listing', () => {
  it('fit 80 and 60 columns without cutting an id', async () => {
    const loom = home();
    for (const columns of [80, 60]) {
      const env = { COLUMNS: String(columns) };
      const show = await loom.plugin(['show', 'openai-plugin'], 0, { env });
      // A URL is never cut (it is copied whole): only a line that is one is allowed to be wider.
      expect(tooWide(show.stdout, columns).filter((line) => !/^\s+\S+\s+https?:\/\/\S+$/.test(line))).toEqual([]);
      const search = await loom.plugin(['search', 'plugin', '--limit', '100'], 0, { env });
      expect(tooWide(search.stdout, columns)).toEqual([]);
      expect(search.stdout).toContain('openai-compatible-proxy-plugin');
      expect(search.stdout).not.toMatch(/plugi…|…\s/);
    }
  });

  it('list sorts, filters and stops at a page with a line saying how to see more', async () => {
    const loom = home();
    const page = await loom.plugin(['list', '--limit', '5']);
    expect(page.stdout.trim().split('\n')).toHaveLength(6);
    expect(page.stderr).toMatch(/^\d+ more; --limit <n> or --all shows them\.$/m);
    const all = (await loom.json(['list'])).plugins;
    expect(all.length).toBeGreaterThan(5);
    const first = (await loom.plugin(['list'])).stdout.trim().split('\n');
    expect(first).toHaveLength(Math.min(all.length, 50) + 1);
    expect((await loom.plugin(['list', '--all'])).stdout.trim().split('\n')).toHaveLength(all.length + 1);
    const rated = (await loom.json(['list', '--sort', 'rating', '--verified', '--limit', '3'])).plugins;
    expect(rated).toHaveLength(3);
    expect(rated.every((p: { verified: boolean }) => p.verified)).toBe(true);
    expect(rated.map((p: { rating: number }) => p.rating)).toEqual([...rated.map((p: { rating: number }) => p.rating)].sort((a, b) => b - a));
    const community = (await loom.json(['list', '--category', 'community'])).plugins;
    expect(community.length).toBeGreaterThan(0);
    expect(community.every((p: { category: string }) => p.category === 'community')).toBe(true);
    expect((await loom.plugin(['list', '--limit', '0'], 2)).stderr).toContain('a whole number from 1');
  });

  it('search without words lists the catalog; --sort relevance is the default, accepted', async () => {
    const loom = home();
    const everything = await loom.json(['search', '--limit', '5']);
    expect(everything.plugins).toHaveLength(5);
    const downloads = everything.plugins.map((p: { downloads: number }) => p.downloads);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
    const relevance = await loom.json(['search', 'openai', '--sort', 'relevance', '--limit', '3']);
    expect(relevance.plugins.map((p: { id: string }) => p.id)).toEqual((await loom.json(['search', 'openai', '--limit', '3'])).plugins.map((p: { id: string }) => p.id));
  });
});

describe('errors and messages', () => {
  it('a usage error with --json is a JSON error object on stdout, exit 2', async () => {
    const loom = home();
    const result = await loom.plugin(['rate', 'x', '--rating', '9', '--json'], 2);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'USAGE', message: expect.stringContaining('a whole number from 1 to 5') } });
    expect(result.stderr).toContain('a whole number from 1 to 5');
    expect(JSON.parse((await loom.plugin(['frobnicate', '--json'], 2)).stdout).error.code).toBe('USAGE');
    expect((await loom.plugin(['rate', 'x', '--rating', '9'], 2)).stdout).toBe('');
  });

  it('--sha256 must be 64 hex digits', async () => {
    const loom = home();
    const result = await loom.plugin(['install', 'https://example.com/plugin.yaml', '--sha256', 'abc123'], 2);
    expect(result.stderr).toContain('64 hexadecimal digits');
  });

  it('install keeps a plugin.json edited by hand unless --force', async () => {
    const loom = home();
    await loom.plugin(['install', 'groq-plugin@1.1.0']);
    const file = loom.path('plugins', 'groq-plugin', 'plugin.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), endpoint: 'http://localhost:9999' }));
    const edited = fs.readFileSync(file, 'utf8');
    const refused = await loom.plugin(['install', 'groq-plugin'], 1);
    expect(refused.stderr).toContain(`error: ${file} was edited since 1.1.0 was installed`);
    expect(refused.stderr).toContain('hint: "loom plugin install groq-plugin --force" replaces it');
    expect(fs.readFileSync(file, 'utf8')).toBe(edited);
    const forced = await loom.plugin(['install', 'groq-plugin', '--force']);
    expect(forced.stdout).toMatch(/^✓ Installed groq-plugin 1\.2\.0 \(was 1\.1\.0\) from registry/);
    // A plugin folder loom did not write is somebody's own plugin.
    fs.mkdirSync(loom.path('plugins', 'cohere-plugin'), { recursive: true });
    fs.writeFileSync(loom.path('plugins', 'cohere-plugin', 'plugin.yaml'), 'hand-made');
    expect((await loom.plugin(['install', 'cohere-plugin'], 1)).stderr).toContain('plugin.yaml exists and was not installed by loom');
    expect((await loom.plugin(['remove', 'registry/groq-plugin'])).stdout).toBe('✓ Removed groq-plugin 1.2.0\n');
  });

  it('update with an unreachable source: one error naming every plugin, and a summary line', async () => {
    const loom = home();
    await loom.plugin(['install', 'groq-plugin@1.1.0']);
    await loom.plugin(['install', 'cohere-plugin']);
    await loom.plugin(['install', 'vllm-plugin']);
    loom.sources([{ name: 'registry', url: 'http://127.0.0.1:1', type: 'loom-registry' }]);
    const result = await loom.plugin(['update'], 1);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('✗'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^✗ cohere-plugin 1\.2\.0, groq-plugin 1\.1\.0, vllm-plugin 1\.2\.1: source registry: .*127\.0\.0\.1:1/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('3 failed');
    const { updates } = await loom.json(['update'], 1);
    expect(updates.map((u: { status: string }) => u.status)).toEqual(['failed', 'failed', 'failed']);
  });
});

describe('names', () => {
  it('a mistyped subcommand of a group is an unknown command with the nearest name; ls, info and rm are aliases', async () => {
    const loom = home();
    const typo = await loom.plugin(['sources', 'lst'], 2);
    expect(typo.stderr).toContain("error: unknown command 'sources lst'");
    expect(typo.stderr).toContain('hint: did you mean "sources list"?');
    expect((await loom.plugin(['autoupdate', 'stauts'], 2)).stderr).toContain('did you mean "autoupdate status"?');
    expect((await loom.plugin(['sources'])).stdout).toMatch(/^NAME\s+ENABLED/);
    expect((await loom.json(['ls', '--limit', '2'])).plugins).toHaveLength(2);
    expect((await loom.json(['info', 'openai-plugin'])).plugin.id).toBe('openai-plugin');
    await loom.plugin(['install', 'groq-plugin']);
    expect((await loom.plugin(['rm', 'groq-plugin'])).stdout).toBe('✓ Removed groq-plugin 1.2.0\n');
  });
});
