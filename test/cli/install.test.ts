import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { entry, Loom, manifest, StaticHost } from '../helpers/cli.js';


/** The one warning an install from a source without signed metadata (docs/trust.md) prints. */
const unsigned = (source: string, what: string) => `warning: source ${source} offers no signed metadata: ${what} is installed without verifying a signature\n`;

let t: TestApp;
const homes: Loom[] = [];
const hosts: StaticHost[] = [];

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  for (const home of homes) home.remove();
  for (const host of hosts) await host.close();
  await t.close();
});

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function home(sources: Parameters<Loom['sources']>[0]): Loom {
  const loom = new Loom().sources(sources);
  homes.push(loom);
  return loom;
}

async function host(): Promise<StaticHost> {
  const h = await new StaticHost().start();
  hosts.push(h);
  return h;
}

/** The registry's manifest of a version, straight from the server. */
async function published(id: string, version: string): Promise<string> {
  return (await fetch(`${t.url}/api/v1/plugins/${id}/versions/${version}/manifest`)).text();
}

/** Everything under plugins/ (what Loom's loader would walk). */
function tree(loom: Loom): string[] {
  const root = loom.path('plugins');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).sort();
}

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A registry at another address that forwards to the test server, recording what the CLI sent. */
async function proxy(seen: Seen[]): Promise<StaticHost> {
  const h = await host();
  h.fallback = (req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = await fetch(`${t.url}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, key) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(key)) headers[key] = value;
      });
      res.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
    });
  };
  return h;
}

describe('from the registry server', () => {
  it('installs the newest release, where Loom looks for it, and records it', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    const { stdout } = await loom.plugin(['install', 'openai-plugin']);
    expect(stdout).toMatch(/Installed openai-plugin 1\.3\.0 from registry/);
    // The one manifest Loom loads is plugin.json, the JSON translation; the published bytes are kept beside it.
    const text = fs.readFileSync(loom.path('plugins', 'openai-plugin', 'published.yaml'), 'utf8');
    expect(text).toBe(await published('openai-plugin', '1.3.0'));
    const json = fs.readFileSync(loom.path('plugins', 'openai-plugin', 'plugin.json'), 'utf8');
    expect(JSON.parse(json)).toEqual(YAML.parse(text));
    expect(tree(loom)).toEqual(['installed.json', 'openai-plugin', path.join('openai-plugin', 'plugin.json'), path.join('openai-plugin', 'published.yaml')]);
    expect(loom.lock()).toEqual({
      version: 1,
      plugins: [
        {
          id: 'openai-plugin',
          version: '1.3.0',
          source: 'registry',
          source_kind: 'loom-registry',
          source_url: t.url,
          requested: null,
          sha256: sha256(text),
          file: 'plugin.json',
          file_sha256: sha256(json),
          provider_type: 'openai',
          installed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          dependencies: {},
          required_by: [],
          explicit: true,
        },
      ],
    });
    const again = await loom.plugin(['install', 'openai-plugin']);
    expect(again.stderr).toContain('openai-plugin 1.3.0 is already installed');
  });

  it('pins an explicit version; update keeps the pin until --latest, printing old → new', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    const installed = await loom.json(['install', 'openai-plugin@1.2.0']);
    expect(installed.installed).toMatchObject({ id: 'openai-plugin', version: '1.2.0', requested: '1.2.0', previous: null, changed: true });
    expect(await loom.json(['update'])).toEqual({ updates: [{ id: 'openai-plugin', from: '1.2.0', to: null, latest: '1.3.0', status: 'pinned', message: 'pinned at 1.2.0; --latest moves it to 1.3.0' }] });
    expect((await loom.plugin(['update'])).stdout).toContain('openai-plugin 1.2.0 pinned at 1.2.0; --latest moves it to 1.3.0');
    const moved = await loom.plugin(['update', 'openai-plugin', '--latest']);
    expect(moved.stdout).toContain('openai-plugin 1.2.0 → 1.3.0');
    expect(loom.lock().plugins[0]).toMatchObject({ version: '1.3.0', requested: null });
    expect(fs.readFileSync(loom.path('plugins', 'openai-plugin', 'published.yaml'), 'utf8')).toBe(await published('openai-plugin', '1.3.0'));
    expect((await loom.plugin(['update'])).stdout).toContain('openai-plugin 1.3.0 is up to date');
  });

  it('follows a range, skips yanked versions and pre-releases unless asked', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    expect((await loom.json(['install', 'ollama-plugin@~1.2.0'])).installed).toMatchObject({ version: '1.2.2', requested: '~1.2.0' });
    expect((await loom.json(['install', 'llama-cpp-plugin'])).installed.version).toBe('0.6.1');
    expect((await loom.json(['install', 'llama-cpp-plugin', '--pre'])).installed).toMatchObject({ version: '0.7.0-rc.1', previous: '0.6.1' });
    const yanked = await loom.plugin(['install', 'ollama-plugin@1.2.1']);
    expect(yanked.stderr).toContain('warning: ollama-plugin 1.2.1 was yanked: Broke connections');
    const { updates } = await loom.json(['update', '--latest']);
    expect(updates).toEqual([
      { id: 'llama-cpp-plugin', from: '0.7.0-rc.1', to: null, latest: '0.6.1', status: 'current' },
      { id: 'ollama-plugin', from: '1.2.1', to: '1.2.2', latest: '1.2.2', status: 'updated' },
    ]);
  });

  it('says what exists when a version does not, and exits 3 for unknown plugins', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    const missing = await loom.plugin(['install', 'openai-plugin@9.9.9'], 3);
    expect(missing.stderr).toContain('error: openai-plugin has no version 9.9.9');
    expect(missing.stderr).toMatch(/hint: available: 2\.0\.0-beta\.1, 1\.3\.0, 1\.2\.1/);
    expect((await loom.plugin(['install', 'no-such-plugin'], 3)).stderr).toContain('plugin "no-such-plugin" not found in any enabled source');
    expect((await loom.plugin(['update', 'openai-plugin'], 3)).stderr).toContain('openai-plugin is not installed');
    expect((await loom.plugin(['remove', 'openai-plugin'], 3)).stderr).toContain('openai-plugin is not installed');
  });

  it('removes the folder and the lock entry', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    await loom.plugin(['install', 'openai-plugin']);
    await loom.plugin(['install', 'groq-plugin']);
    expect(await loom.json(['remove', 'openai-plugin'])).toEqual({ removed: { id: 'openai-plugin', version: '1.3.0', source: 'registry' } });
    expect(tree(loom)).toEqual(['groq-plugin', path.join('groq-plugin', 'plugin.json'), path.join('groq-plugin', 'published.yaml'), 'installed.json']);
    expect(loom.lock().plugins.map((p) => p.id)).toEqual(['groq-plugin']);
    expect((await loom.json(['list', '--installed'])).installed.map((p: { id: string }) => p.id)).toEqual(['groq-plugin']);
  });

  it('moves a removed folder out of the plugins directory before deleting it, and clears what interrupted removals left', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    // Leftovers of removals killed half-way: in the trash, and (earlier versions) set aside inside plugins/.
    const leftovers = [loom.path('.trash', 'groq-plugin.123.1'), loom.path('plugins', '.groq-plugin.removing-123')];
    for (const dir of leftovers) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'plugin.yaml'), await published('groq-plugin', '1.2.0'));
    }
    await loom.plugin(['install', 'openai-plugin']);
    expect(tree(loom)).toEqual(['installed.json', 'openai-plugin', path.join('openai-plugin', 'plugin.json'), path.join('openai-plugin', 'published.yaml')]);
    expect(fs.readdirSync(loom.path('.trash'))).toEqual([]);
    fs.mkdirSync(leftovers[0]);
    // Every name that appears in plugins/ while removing: Loom's loader, walking it, must never meet the folder elsewhere.
    const seen = new Set<string>();
    const watcher = fs.watch(loom.path('plugins'), (_event, name) => name && seen.add(String(name)));
    await loom.plugin(['remove', 'openai-plugin']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    watcher.close();
    expect(seen.has('openai-plugin')).toBe(true);
    expect([...seen].filter((name) => name !== 'openai-plugin' && !/^\.?installed\.json/.test(name))).toEqual([]);
    expect(tree(loom)).toEqual(['installed.json']);
    expect(fs.readdirSync(loom.path('.trash'))).toEqual([]);
  });

  it('says so when a plugin.json is not the file installed.json records', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    await loom.plugin(['install', 'openai-plugin@1.2.0']);
    await loom.plugin(['install', 'groq-plugin']);
    const status = (listed: { installed: { id: string; status: string }[] }) => listed.installed.map((p) => [p.id, p.status]);
    expect(status(await loom.json(['list', '--installed']))).toEqual([['groq-plugin', 'ok'], ['openai-plugin', 'ok']]);
    // As if an install of 1.3.0 was interrupted between writing plugin.json and writing installed.json.
    fs.writeFileSync(loom.path('plugins', 'openai-plugin', 'plugin.json'), JSON.stringify(YAML.parse(await published('openai-plugin', '1.3.0'))));
    fs.rmSync(loom.path('plugins', 'groq-plugin', 'plugin.json'));
    const listed = await loom.plugin(['list', '--installed', '--json']);
    expect(status(JSON.parse(listed.stdout))).toEqual([['groq-plugin', 'missing'], ['openai-plugin', 'modified']]);
    expect(listed.stderr).toContain(
      'warning: openai-plugin: plugin.json is not the 1.2.0 that installed.json records (edited, or an install was interrupted); "loom plugin install registry/openai-plugin@1.2.0 --force" installs it again',
    );
    expect(listed.stderr).toContain(`warning: groq-plugin: ${loom.path('plugins', 'groq-plugin', 'plugin.json')} is missing; "loom plugin install registry/groq-plugin --force" installs it again`);
    expect((await loom.plugin(['list', '--installed'])).stdout).toMatch(/^openai-plugin\s+1\.2\.0\s+1\.3\.0\s+1\.2\.0\s+registry\s+\S+\s+modified\s/m);
    expect((await loom.plugin(['update', 'openai-plugin'])).stderr).toContain('warning: openai-plugin: plugin.json is not the 1.2.0 that installed.json records');
    await loom.plugin(['install', 'registry/openai-plugin@1.2.0', '--force']);
    expect(status(await loom.json(['list', '--installed']))).toEqual([['groq-plugin', 'missing'], ['openai-plugin', 'ok']]);
  });

  it('rewrites the plugin.yaml an older loom installed (Loom cannot load it) as plugin.json, on update or reinstall', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    await loom.plugin(['install', 'openai-plugin@1.2.0']);
    await loom.plugin(['install', 'groq-plugin']);
    // What the previous CLI left: the published bytes as plugin.yaml, recorded by their sha256 alone.
    const legacy = async (id: string, version: string) => {
      const text = await published(id, version);
      fs.rmSync(loom.path('plugins', id), { recursive: true });
      fs.mkdirSync(loom.path('plugins', id));
      fs.writeFileSync(loom.path('plugins', id, 'plugin.yaml'), text);
      return text;
    };
    const openai = await legacy('openai-plugin', '1.2.0');
    const groq = await legacy('groq-plugin', '1.2.0');
    const lock = loom.lock();
    const sums: Record<string, string> = { 'openai-plugin': sha256(openai), 'groq-plugin': sha256(groq) };
    fs.writeFileSync(loom.path('plugins', 'installed.json'), JSON.stringify({ version: 1, plugins: lock.plugins.map(({ file, file_sha256, provider_type, ...old }) => ({ ...old, sha256: sums[old.id as string] })) }));

    const listed = await loom.plugin(['list', '--installed', '--json']);
    expect(JSON.parse(listed.stdout).installed.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([['groq-plugin', 'legacy'], ['openai-plugin', 'legacy']]);
    expect(listed.stderr).toContain('warning: openai-plugin: an older loom installed it as plugin.yaml, which Loom cannot load; "loom plugin update openai-plugin" rewrites it as plugin.json');

    // Pinned, and no newer version to move to: update still rewrites it, from the bytes installed.json vouches for.
    const updated = await loom.json(['update', 'openai-plugin']);
    expect(updated.updates).toEqual([{ id: 'openai-plugin', from: '1.2.0', to: null, latest: '1.3.0', status: 'pinned', message: 'pinned at 1.2.0; --latest moves it to 1.3.0', converted: true }]);
    expect(fs.readdirSync(loom.path('plugins', 'openai-plugin')).sort()).toEqual(['plugin.json', 'published.yaml']);
    expect(fs.readFileSync(loom.path('plugins', 'openai-plugin', 'published.yaml'), 'utf8')).toBe(openai);
    expect(JSON.parse(fs.readFileSync(loom.path('plugins', 'openai-plugin', 'plugin.json'), 'utf8'))).toEqual(YAML.parse(openai));
    expect(loom.lock().plugins.find((p) => p.id === 'openai-plugin')).toMatchObject({ version: '1.2.0', requested: '1.2.0', sha256: sha256(openai), file: 'plugin.json', provider_type: 'openai' });
    expect((await loom.plugin(['update', 'openai-plugin'])).stdout).not.toContain('rewrote');

    // A plain reinstall of the same version replaces it too.
    const reinstalled = await loom.json(['install', 'groq-plugin']);
    expect(reinstalled.installed).toMatchObject({ id: 'groq-plugin', version: '1.2.0', changed: true, file: 'plugin.json' });
    expect(fs.readdirSync(loom.path('plugins', 'groq-plugin')).sort()).toEqual(['plugin.json', 'published.yaml']);
    const after = await loom.plugin(['list', '--installed', '--json']);
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).installed.map((p: { status: string }) => p.status)).toEqual(['ok', 'ok']);
  });

  it('warns about a second manifest beside plugin.json, which Loom would load too, until a reinstall removes it', async () => {
    const loom = home([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    await loom.plugin(['install', 'groq-plugin']);
    // As Loom's own client installs: the published manifest as plugin.yaml.
    fs.writeFileSync(loom.path('plugins', 'groq-plugin', 'plugin.yaml'), await published('groq-plugin', '1.2.0'));
    expect((await loom.plugin(['list', '--installed'])).stderr).toContain(
      'warning: groq-plugin: plugin.yaml beside plugin.json: Loom loads every one, and all but the first fail; "loom plugin install registry/groq-plugin --force" installs it again',
    );
    await loom.plugin(['install', 'registry/groq-plugin', '--force']);
    expect(fs.readdirSync(loom.path('plugins', 'groq-plugin')).sort()).toEqual(['plugin.json', 'published.yaml']);
    expect((await loom.plugin(['list', '--installed'])).stderr).toBe('');
  });

  it('sends the install id with manifest downloads and reports installs and removals best-effort', async () => {
    const seen: Seen[] = [];
    const registry = await proxy(seen);
    const loom = home([{ name: 'proxied', url: registry.url }]);
    const result = await loom.plugin(['install', 'groq-plugin']);
    expect(result.stderr).toBe(unsigned('proxied', 'groq-plugin 1.2.0'));
    const id = fs.readFileSync(loom.path('install-id'), 'utf8').trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const download = seen.find((s) => s.url.endsWith('/manifest'))!;
    expect(download.url).toBe('/api/v1/plugins/groq-plugin/versions/1.2.0/manifest');
    expect(download.headers['x-loom-install-id']).toBe(id);
    const report = seen.find((s) => s.method === 'POST' && s.url === '/api/v1/plugins/groq-plugin/installs')!;
    expect([report.headers['x-loom-install-id'], JSON.parse(report.body)]).toEqual([id, { version: '1.2.0' }]);
    expect(loom.lock().plugins[0]).toMatchObject({ source: 'proxied', source_kind: 'loom-registry' });
    await loom.plugin(['remove', 'groq-plugin']);
    expect(seen.filter((s) => s.method === 'DELETE').map((s) => [s.url, s.headers['x-loom-install-id']])).toEqual([['/api/v1/plugins/groq-plugin/installs', id]]);
    // The id is made once per LOOM_HOME.
    await loom.plugin(['install', 'groq-plugin']);
    expect(fs.readFileSync(loom.path('install-id'), 'utf8').trim()).toBe(id);
  });

  it('refuses a manifest whose sha256 is not the one the registry published, keeping what was installed', async () => {
    const seen: Seen[] = [];
    const registry = await proxy(seen);
    const loom = home([{ name: 'proxied', url: registry.url, type: 'loom-registry' }]);
    await loom.plugin(['install', 'openai-plugin@1.2.0']);
    const before = { file: fs.readFileSync(loom.path('plugins', 'openai-plugin', 'plugin.json'), 'utf8'), lock: loom.lock() };
    const tampered = (await published('openai-plugin', '1.3.0')).replace('http://localhost:8090', 'http://evil.example:8090');
    registry.text('/api/v1/plugins/openai-plugin/versions/1.3.0/manifest', tampered);
    const refused = await loom.plugin(['update', 'openai-plugin', '--latest', '--json'], 1);
    expect(JSON.parse(refused.stdout).updates[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/refusing to install openai-plugin: the manifest's sha256 is [0-9a-f]{64}, but source proxied published/) });
    const direct = await loom.plugin(['install', 'openai-plugin'], 1);
    expect(direct.stderr).toContain('refusing to install openai-plugin');
    expect(fs.readFileSync(loom.path('plugins', 'openai-plugin', 'plugin.json'), 'utf8')).toBe(before.file);
    expect(loom.lock()).toEqual(before.lock);
  });

  it('refuses bytes that do not match the Repr-Digest the server sent', async () => {
    const registry = await proxy([]);
    const loom = home([{ name: 'proxied', url: registry.url, type: 'loom-registry' }]);
    const text = await published('groq-plugin', '1.2.0');
    registry.text(`/api/v1/plugins/groq-plugin/versions/1.2.0/manifest`, `${text}# damaged\n`, {
      'content-type': 'application/yaml',
      'repr-digest': `sha-256=:${createHash('sha256').update(`${text}# damaged`).digest('base64')}:`,
    });
    expect((await loom.plugin(['install', 'groq-plugin'], 1)).stderr).toContain('the manifest was damaged in transit');
    expect(tree(loom)).toEqual([]);
  });
});

describe('from static and folder registries', () => {
  it('verifies the entry checksum when there is one, and warns when there is none', async () => {
    const h = await host();
    const good = manifest('Good Plugin', '1.0.0');
    const bare = manifest('Bare Plugin', '2.0.0');
    h.text('/manifests/good-plugin.yaml', good).text('/manifests/bare-plugin.yaml', bare).text('/manifests/bad-plugin.yaml', manifest('Bad Plugin', '1.0.0'));
    h.json('/registry.json', {
      version: '1.0',
      plugins: [
        entry('good-plugin', '1.0.0', { install: { type: 'http', manifest_url: 'manifests/good-plugin.yaml', sha256: sha256(good) } }),
        entry('bare-plugin', '2.0.0', { install: { type: 'http', manifest_url: `${h.url}/manifests/bare-plugin.yaml` } }),
        entry('bad-plugin', '1.0.0', { install: { type: 'http', manifest_url: 'manifests/bad-plugin.yaml', sha256: sha256('something else') } }),
      ],
    });
    const loom = home([{ name: 'static', url: h.url, type: 'static' }]);
    const ok = await loom.plugin(['install', 'good-plugin']);
    expect(ok.stderr).toBe(unsigned('static', 'good-plugin 1.0.0'));
    expect(fs.readFileSync(loom.path('plugins', 'good-plugin', 'published.yaml'), 'utf8')).toBe(good);
    expect(loom.lock().plugins[0]).toMatchObject({ id: 'good-plugin', version: '1.0.0', source: 'static', source_kind: 'static', sha256: sha256(good) });
    expect((await loom.plugin(['install', 'bare-plugin'])).stderr).toContain('warning: source static publishes no checksum for bare-plugin');
    const bad = await loom.plugin(['install', 'bad-plugin'], 1);
    expect(bad.stderr).toContain(`but source static published ${sha256('something else')}`);
    expect(fs.existsSync(loom.path('plugins', 'bad-plugin'))).toBe(false);
    expect(loom.lock().plugins.map((p) => p.id)).toEqual(['bare-plugin', 'good-plugin']);
  });

  it('retries a manifest download after a server error, and checks the bytes that finally arrive', async () => {
    const h = await host();
    const good = manifest('Retry Plugin', '1.0.0');
    let body = good;
    let calls = 0;
    h.routes.set('/retry.yaml', (_req, res) => {
      if (++calls === 1) return void res.writeHead(502).end('bad gateway');
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(body);
    });
    h.json('/registry.json', { version: '1.0', plugins: [entry('retry-plugin', '1.0.0', { install: { type: 'http', manifest_url: '/retry.yaml', sha256: sha256(good) } })] });
    const loom = home([{ name: 'static', url: h.url, type: 'static' }]);
    expect((await loom.json(['install', 'retry-plugin'])).installed.sha256).toBe(sha256(good));
    expect(calls).toBe(2);
    calls = 0;
    body = `${good}# altered\n`;
    expect((await loom.plugin(['install', 'retry-plugin', '--force'], 1)).stderr).toContain('refusing to install retry-plugin');
    expect(calls).toBe(2);
    expect(fs.readFileSync(loom.path('plugins', 'retry-plugin', 'published.yaml'), 'utf8')).toBe(good);
  });

  it('warns when two installed plugins share a provider_type, as Loom keys loaded plugins by it', async () => {
    const h = await host();
    const first = manifest('Shared One', '1.0.0').replace('provider_type: shared-one', 'provider_type: shared');
    const second = manifest('Shared Two', '1.0.0').replace('provider_type: shared-two', 'provider_type: shared');
    h.text('/one.yaml', first).text('/two.yaml', second);
    h.json('/registry.json', {
      version: '1.0',
      plugins: [
        entry('shared-one', '1.0.0', { provider_type: 'shared', install: { type: 'http', manifest_url: '/one.yaml', sha256: sha256(first) } }),
        entry('shared-two', '1.0.0', { provider_type: 'shared', install: { type: 'http', manifest_url: '/two.yaml', sha256: sha256(second) } }),
      ],
    });
    const loom = home([{ name: 'static', url: h.url, type: 'static' }]);
    expect((await loom.plugin(['install', 'shared-one'])).stderr).toBe(unsigned('static', 'shared-one 1.0.0'));
    const warning = 'warning: shared-one and shared-two share provider_type "shared": Loom keys loaded plugins by it, so only one of them loads; remove the others ("loom plugin remove <id>")';
    expect((await loom.plugin(['install', 'shared-two'])).stderr).toContain(warning);
    expect((await loom.plugin(['list', '--installed'])).stderr).toContain(warning);
    expect((await loom.plugin(['update'])).stderr).toContain(warning);
    await loom.plugin(['remove', 'shared-one']);
    expect((await loom.plugin(['list', '--installed'])).stderr).toBe('');
  });

  it('updates when the registry lists a newer version', async () => {
    const h = await host();
    const publish = (version: string) => {
      const text = manifest('Moving Plugin', version);
      h.text('/m.yaml', text).json('/registry.json', { version: '1.0', plugins: [entry('moving-plugin', version, { install: { type: 'http', manifest_url: '/m.yaml', sha256: sha256(text) } })] });
    };
    publish('1.0.0');
    const loom = home([{ name: 'static', url: h.url }]);
    await loom.plugin(['install', 'moving-plugin']);
    publish('1.1.0');
    expect((await loom.plugin(['update'])).stdout).toContain('moving-plugin 1.0.0 → 1.1.0');
    expect(loom.lock().plugins[0]).toMatchObject({ version: '1.1.0', source_kind: 'static' });
  });

  it('refuses a manifest that is not a valid Loom manifest, naming the problems', async () => {
    const dir = new Loom();
    homes.push(dir);
    const broken = 'type: http\nmetadata:\n  name: Broken\n  version: one\n';
    fs.writeFileSync(dir.path('broken.yaml'), broken);
    fs.writeFileSync(dir.path('registry.json'), JSON.stringify({ version: '1.0', plugins: [entry('broken-plugin', '1.0.0', { install: { type: 'http', manifest_url: 'broken.yaml' } })] }));
    const loom = home([{ name: 'folder', url: `file://${dir.home}` }]);
    const result = await loom.plugin(['install', 'broken-plugin'], 1);
    expect(result.stderr).toContain("the manifest of broken-plugin 1.0.0 is not a valid Loom plugin manifest: does not match Loom's manifest schema: metadata.version: must be a semantic version");
    expect(tree(loom)).toEqual([]);
  });
});

describe('from a URL or a file', () => {
  it('installs a manifest URL under --id, checking --sha256', async () => {
    const h = await host();
    const text = manifest('Url Plugin', '3.1.0');
    h.text('/plugin.yaml', text);
    const loom = home([]);
    const refused = await loom.plugin(['install', `${h.url}/plugin.yaml`, '--id', 'url-plugin', '--sha256', sha256('other')], 1);
    expect(refused.stderr).toContain('refusing to install url-plugin');
    const { installed } = await loom.json(['install', `${h.url}/plugin.yaml`, '--id', 'url-plugin', '--sha256', sha256(text)]);
    expect(installed).toMatchObject({ id: 'url-plugin', version: '3.1.0', source: 'url', source_url: `${h.url}/plugin.yaml`, sha256: sha256(text) });
    h.text('/plugin.yaml', manifest('Url Plugin', '3.2.0'));
    expect((await loom.json(['update'])).updates).toEqual([{ id: 'url-plugin', from: '3.1.0', to: '3.2.0', latest: '3.2.0', status: 'updated' }]);
    expect((await loom.plugin(['install', `${h.url}/missing.yaml`], 3)).stderr).toContain('HTTP 404');
    h.routes.set('/latest.yaml', { status: 302, headers: { location: '/plugin.yaml' }, body: '' });
    expect((await loom.json(['install', `${h.url}/latest.yaml`, '--id', 'redirected-plugin'])).installed).toMatchObject({ id: 'redirected-plugin', version: '3.2.0' });
  });

  it('installs a manifest file, naming it after the manifest', async () => {
    const loom = home([]);
    fs.writeFileSync(loom.path('plugin.yaml'), manifest('My Path Plugin', '0.2.0'));
    const { installed } = await loom.json(['install', './plugin.yaml']);
    expect(installed).toMatchObject({ id: 'my-path-plugin', version: '0.2.0', source: 'path', source_url: loom.path('plugin.yaml') });
    expect((await loom.plugin(['install', './nope.yaml'], 3)).stderr).toContain('no such file');
    fs.writeFileSync(loom.path('bad.json'), '{"type": "http"}');
    expect((await loom.plugin(['install', 'bad.json'], 1)).stderr).toContain("does not match Loom's manifest schema: metadata: ");
    fs.writeFileSync(loom.path('no-endpoint.yaml'), manifest('No Endpoint', '1.0.0').replace(/^endpoint: .*\n/m, ''));
    expect((await loom.plugin(['install', 'no-endpoint.yaml'], 1)).stderr).toContain('endpoint: http and grpc plugins need an endpoint');
  });
});

describe('interrupted installs leave the old state', () => {
  // killing the process mid-download needs one of its own: the built binary
  needsBuild();

  async function setup() {
    const h = await host();
    const v1 = manifest('Fragile Plugin', '1.0.0');
    const v2 = manifest('Fragile Plugin', '2.0.0', `${'# padding\n'.repeat(2000)}`);
    h.text('/v1.yaml', v1);
    h.json('/registry.json', { version: '1.0', plugins: [entry('fragile-plugin', '1.0.0', { install: { type: 'http', manifest_url: '/v1.yaml', sha256: sha256(v1) } })] });
    const loom = home([{ name: 'static', url: h.url, type: 'static' }]);
    await loom.plugin(['install', 'fragile-plugin']);
    h.json('/registry.json', { version: '1.0', plugins: [entry('fragile-plugin', '2.0.0', { install: { type: 'http', manifest_url: '/v2.yaml', sha256: sha256(v2) } })] });
    const before = { file: fs.readFileSync(loom.path('plugins', 'fragile-plugin', 'plugin.json'), 'utf8'), lock: loom.lock(), tree: tree(loom) };
    return { h, v2, loom, before };
  }

  it('when the process is killed mid-download', async () => {
    const { h, v2, loom, before } = await setup();
    let child: import('node:child_process').ChildProcess | undefined;
    h.routes.set('/v2.yaml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml', 'content-length': String(Buffer.byteLength(v2)) });
      res.write(v2.slice(0, v2.length / 2), () => child!.kill('SIGKILL'));
    });
    const result = await loom.binary(['plugin', 'update'], { onSpawn: (c) => (child = c) });
    expect(result.code).toBeNull();
    expect(fs.readFileSync(loom.path('plugins', 'fragile-plugin', 'plugin.json'), 'utf8')).toBe(before.file);
    expect(loom.lock()).toEqual(before.lock);
    expect(tree(loom)).toEqual(before.tree);
  });

  it('when the connection drops mid-download', async () => {
    const { h, v2, loom, before } = await setup();
    h.routes.set('/v2.yaml', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml', 'content-length': String(Buffer.byteLength(v2)) });
      res.write(v2.slice(0, v2.length / 2), () => req.socket.destroy());
    });
    const { updates } = await loom.json(['update'], 1);
    expect(updates).toEqual([{ id: 'fragile-plugin', from: '1.0.0', to: null, latest: null, status: 'failed', message: expect.stringContaining('ECONNRESET') }]);
    expect(fs.readFileSync(loom.path('plugins', 'fragile-plugin', 'plugin.json'), 'utf8')).toBe(before.file);
    expect(loom.lock()).toEqual(before.lock);
    expect(tree(loom)).toEqual(before.tree);
  });
});
