import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { entry, Loom, StaticHost } from '../helpers/cli.js';

let t: TestApp;
let host: StaticHost;
const homes: Loom[] = [];

beforeAll(async () => {
  t = await createTestApp();
  host = await new StaticHost().start();
});
afterAll(async () => {
  for (const h of homes) h.remove();
  await host.close();
  await t.close();
});

function home(env: Record<string, string | undefined> = {}): Loom {
  const loom = new Loom(env);
  homes.push(loom);
  return loom;
}

/** A registry.json at `prefix` that answers only with `Authorization: Bearer <token>`. */
function guarded(prefix: string, token: string, seen: (string | undefined)[]): void {
  host.routes.set(`${prefix}/registry.json`, (req, res) => {
    seen.push(req.headers.authorization);
    if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end('who are you?');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', plugins: [entry('private-plugin', '1.0.0')] }));
  });
}

describe('configuration', () => {
  it('uses documented defaults without a config file: LOOM_REGISTRY_URL (or the public registry), then the local folder', async () => {
    const loom = home();
    expect(await loom.json(['sources', 'list'])).toEqual({
      config: loom.path('config.yaml'),
      sources: [
        { name: 'official', url: 'http://127.0.0.1:1', type: 'auto', enabled: true, auth: false, origin: 'default' },
        { name: 'local', url: `file://${loom.home}/registry`, type: 'file', enabled: true, auth: false, origin: 'default' },
      ],
    });
    const unset = await loom.json(['sources', 'list'], 0, { env: { LOOM_REGISTRY_URL: undefined } });
    expect(unset.sources[0].url).toBe('https://registry.loom.io');
    expect(fs.existsSync(loom.path('config.yaml'))).toBe(false);
  });

  it('adds, orders, disables, enables and removes sources, keeping the rest of the file', async () => {
    const loom = home();
    fs.writeFileSync(
      loom.path('config.yaml'),
      `# my Loom settings
log_level: debug
plugin_registry:
  sources:
    - name: official # the public one
      url: https://registry.loom.io
      enabled: true
`,
    );
    await loom.plugin(['sources', 'add', 'dev', t.url, '--type', 'loom-registry', '--first']);
    await loom.plugin(['sources', 'add', 'team', `${host.url}/team`, '--token-env', 'TEAM_TOKEN', '--disabled']);
    await loom.plugin(['sources', 'disable', 'official']);
    let listed = (await loom.json(['sources', 'list'])).sources;
    expect(listed.map((s: { name: string; enabled: boolean; type: string }) => [s.name, s.enabled, s.type])).toEqual([
      ['dev', true, 'loom-registry'],
      ['official', false, 'auto'],
      ['team', false, 'auto'],
    ]);
    const text = fs.readFileSync(loom.path('config.yaml'), 'utf8');
    expect(text).toContain('# my Loom settings');
    expect(text).toContain('log_level: debug');
    expect(text).toContain('# the public one');
    expect(text).toContain('token: ${TEAM_TOKEN}');
    await loom.plugin(['sources', 'enable', 'team']);
    await loom.plugin(['sources', 'remove', 'official']);
    listed = (await loom.json(['sources', 'list'])).sources;
    expect(listed.map((s: { name: string }) => s.name)).toEqual(['dev', 'team']);
    expect(listed[1]).toMatchObject({ enabled: true, auth: false });
    expect((await loom.json(['sources', 'list'], 0, { env: { TEAM_TOKEN: 'x' } })).sources[1].auth).toBe(true);
    // The parsed file is cached for fast starts, private because it may hold tokens, and follows every edit.
    expect(fs.statSync(loom.path('cache', 'config.json')).mode & 0o777).toBe(0o600);
    fs.writeFileSync(loom.path('config.yaml'), fs.readFileSync(loom.path('config.yaml'), 'utf8').replace('name: team', 'name: crew'));
    expect((await loom.json(['sources', 'list'])).sources.map((s: { name: string }) => s.name)).toEqual(['dev', 'crew']);
  });

  it('writes the defaults first when the first change has no file to change, as plain values Loom can read', async () => {
    const loom = home();
    await loom.plugin(['sources', 'add', 'dev', t.url]);
    const text = fs.readFileSync(loom.path('config.yaml'), 'utf8');
    expect(text).toContain('url: https://registry.loom.io\n');
    expect(text).toContain(`url: file://${loom.home}/registry\n`);
    expect(text).not.toMatch(/\$\{/);
    // LOOM_REGISTRY_URL still moves the official source, which the file leaves at the public registry.
    const { sources } = await loom.json(['sources', 'list']);
    expect(sources.map((s: { name: string; url: string }) => [s.name, s.url])).toEqual([
      ['official', 'http://127.0.0.1:1'],
      ['local', `file://${loom.home}/registry`],
      ['dev', t.url],
    ]);
    expect((await loom.json(['sources', 'list'], 0, { env: { LOOM_REGISTRY_URL: undefined } })).sources[0].url).toBe('https://registry.loom.io');
    // An official source pointed elsewhere keeps its URL.
    fs.writeFileSync(loom.path('config.yaml'), text.replace('url: https://registry.loom.io', 'url: https://mirror.example.com'));
    expect((await loom.json(['sources', 'list'])).sources[0].url).toBe('https://mirror.example.com');
  });

  it('writes the local registry as an absolute file:/// path, which Loom reads (it does not expand ~), and URLs without trailing slashes', async () => {
    const loom = home();
    const env = { env: { LOOM_HOME: undefined } };
    const added = await loom.plugin(['sources', 'add', 'dev', `${t.url}/`], 0, env);
    expect(added.stdout).toContain(`Added source dev (${t.url})`);
    const text = fs.readFileSync(loom.path('.loom', 'config.yaml'), 'utf8');
    expect(text).toContain(`url: file://${loom.path('.loom', 'registry')}\n`);
    expect(text).toContain('url: https://registry.loom.io\n');
    // Loom requests <url> + "/registry.json" as written: a trailing slash would ask for //registry.json.
    expect(text).toContain(`url: ${t.url}\n`);
    expect(text).not.toContain('~');
    await loom.plugin(['sources', 'add', 'folder', 'file:///srv/loom-registry//'], 0, env);
    await loom.plugin(['sources', 'add', 'root', 'file:///'], 0, env);
    const urls = (await loom.json(['sources', 'list'], 0, env)).sources.map((s: { name: string; url: string }) => [s.name, s.url]);
    expect(urls.slice(1)).toEqual([
      ['local', `file://${loom.path('.loom', 'registry')}`],
      ['dev', t.url],
      ['folder', 'file:///srv/loom-registry'],
      ['root', 'file:///'],
    ]);
  });

  it('rewrites, on its next change, the ~ and trailing slashes an older loom or a person wrote, saying so', async () => {
    const loom = home();
    fs.mkdirSync(loom.path('.loom'));
    fs.writeFileSync(loom.path('.loom', 'config.yaml'), `# mine\nplugin_registry:\n  sources:\n    - name: local\n      url: file://~/.loom/registry\n      enabled: true\n    - name: team\n      url: ${t.url}/\n      enabled: true\n`);
    const listed = await loom.plugin(['sources', 'list'], 0, { env: { LOOM_HOME: undefined } });
    expect(listed.stderr).toContain(
      `warning: source team: Loom's client cannot read ${t.url}/ (it requests <url>/registry.json as written and does not expand ~); any "loom plugin sources" change writes it as ${t.url}`,
    );
    const disabled = await loom.plugin(['sources', 'disable', 'team'], 0, { env: { LOOM_HOME: undefined } });
    expect(disabled.stderr).toContain(`Wrote the url of source local as file://${loom.path('.loom', 'registry')} (was file://~/.loom/registry)`);
    expect(disabled.stderr).toContain(`Wrote the url of source team as ${t.url} (was ${t.url}/)`);
    expect(fs.readFileSync(loom.path('.loom', 'config.yaml'), 'utf8')).toBe(
      `# mine\nplugin_registry:\n  sources:\n    - name: local\n      url: file://${loom.path('.loom', 'registry')}\n      enabled: true\n    - name: team\n      url: ${t.url}\n      enabled: false\n`,
    );
  });

  it('refuses bad changes with the right exit code', async () => {
    const loom = home();
    await loom.plugin(['sources', 'add', 'dev', t.url]);
    const taken = await loom.plugin(['sources', 'add', 'dev', t.url], 2);
    expect(taken.stderr).toContain('a source named "dev" already exists');
    expect(taken.stderr).toContain('hint: remove it first ("loom plugin sources remove dev"), or choose another name');
    expect((await loom.plugin(['sources', 'add', 'bad name', t.url], 2)).stderr).toContain('is not a valid source name');
    expect((await loom.plugin(['sources', 'add', 'ftp', 'ftp://example.com'], 2)).stderr).toContain('is not an http(s):// or file:// URL');
    expect((await loom.plugin(['sources', 'add', 'x', t.url, '--type', 'graphql'], 2)).stderr).toContain('Allowed choices are loom-registry, static');
    expect((await loom.plugin(['sources', 'remove', 'nope'], 3)).stderr).toContain('no source named "nope"');
    expect((await loom.plugin(['sources', 'enable', 'nope'], 3)).stderr).toContain('no source named "nope"');
  });

  it('explains a broken config file', async () => {
    const loom = home();
    fs.writeFileSync(loom.path('config.yaml'), 'plugin_registry:\n  sources:\n    - name: a\n      enabled: maybe\n');
    const result = await loom.plugin(['search', 'x'], 1);
    expect(result.stderr).toContain('plugin_registry.sources[0].url must be a URL');
    expect(result.stderr).toContain(`hint: fix ${loom.path('config.yaml')}`);
    fs.writeFileSync(loom.path('config.yaml'), 'plugin_registry: [unclosed\n');
    expect((await loom.plugin(['sources', 'list'], 1)).stderr).toContain('not valid YAML');
  });
});

describe('source kinds', () => {
  it('detects a registry server and a static host when no type is given', async () => {
    host.json('/plain/registry.json', { version: '1.0', plugins: [entry('plain-plugin', '1.0.0')] });
    const loom = home().sources([
      { name: 'server', url: t.url },
      { name: 'plain', url: `${host.url}/plain` },
    ]);
    const { sources } = await loom.json(['search', 'plugin', '--limit', '1']);
    expect(sources.map((s: { name: string; kind: string }) => [s.name, s.kind])).toEqual([
      ['server', 'loom-registry'],
      ['plain', 'static'],
    ]);
  });

  /** How plain file servers refuse the POST to <url>/graphql: python3 -m http.server, nginx, a bare 404 or 500 page. */
  const refusals: [string, number, Record<string, string>, string][] = [
    ['python http.server', 501, { 'content-type': 'text/html;charset=utf-8' }, "<!DOCTYPE HTML>\n<html lang=\"en\"><head><title>Error response</title></head><body><h1>Error response</h1><p>Error code: 501</p><p>Message: Unsupported method ('POST').</p></body></html>\n"],
    ['nginx', 405, { 'content-type': 'text/html' }, '<html><head><title>405 Not Allowed</title></head><body><center><h1>405 Not Allowed</h1></center></body></html>'],
    ['a bare 404', 404, { 'content-type': 'text/plain' }, 'not found'],
    ['a 500 page', 500, { 'content-type': 'text/html' }, '<h1>Internal Server Error</h1>'],
  ];

  it.each(refusals)('reads registry.json from a static host that answers a POST like %s', async (kind, status, headers, body) => {
    const prefix = `/${kind.replace(/\W+/g, '-')}`;
    host.json(`${prefix}/registry.json`, { version: '1.0', plugins: [entry('static-host-plugin', '1.0.0')] });
    host.routes.set(`${prefix}/graphql`, (req, res) => {
      if (req.method === 'GET') return void res.writeHead(404).end();
      res.writeHead(status, headers).end(body);
    });
    const loom = home().sources([{ name: 'plain', url: `${host.url}${prefix}` }]);
    const result = await loom.plugin(['search', 'static-host', '--json']);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.plugins.map((p: { id: string }) => p.id)).toEqual(['static-host-plugin']);
    expect(parsed.sources[0]).toMatchObject({ name: 'plain', kind: 'static', matches: 1 });
    expect(result.stderr).toBe('');
    expect((await loom.json(['show', 'static-host-plugin'])).plugin.source).toBe('plain');
    // A key for it is saved as given: there is no registry to ask whose it is.
    expect((await loom.plugin(['login', '--source', 'plain'], 0, { input: 'key-1\n' })).stdout).toContain('Saved the API key for plain');
  });

  it('reads a .json source URL directly, without asking it for GraphQL', async () => {
    host.json('/direct/registry.json', { version: '1.0', plugins: [entry('direct-json-plugin', '1.0.0')] });
    const loom = home().sources([{ name: 'direct', url: `${host.url}/direct/registry.json` }]);
    const { plugins, sources } = await loom.json(['list']);
    expect(plugins.map((p: { id: string }) => p.id)).toEqual(['direct-json-plugin']);
    expect(sources[0]).toMatchObject({ kind: 'static', matches: 1 });
    expect(host.hits.get('/direct/registry.json/graphql')).toBeUndefined();
  });

  it('reads a registry.json URL given directly, and a missing folder index as empty', async () => {
    host.json('/direct/index.json', { version: '1.0', plugins: [entry('direct-plugin', '1.0.0')] });
    const loom = home().sources([
      { name: 'direct', url: `${host.url}/direct/index.json`, type: 'static' },
      { name: 'empty', url: 'file:///nonexistent/loom/registry' },
    ]);
    const { plugins, sources } = await loom.json(['list']);
    expect(plugins.map((p: { id: string }) => p.id)).toEqual(['direct-plugin']);
    expect(sources[1]).toMatchObject({ name: 'empty', kind: 'file', matches: 0 });
  });

  it('retries a registry.json GET after a dropped connection and a 5xx answer', async () => {
    let calls = 0;
    host.routes.set('/flaky/registry.json', (req, res) => {
      calls++;
      if (calls === 1) return void req.socket.destroy();
      if (calls === 2) return void res.writeHead(503).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', plugins: [entry('flaky-plugin', '1.0.0')] }));
    });
    const loom = home().sources([{ name: 'flaky', url: `${host.url}/flaky`, type: 'static' }]);
    const result = await loom.plugin(['list', '--json']);
    expect(JSON.parse(result.stdout).plugins.map((p: { id: string }) => p.id)).toEqual(['flaky-plugin']);
    expect([calls, result.stderr]).toEqual([3, '']);
  });

  it('reads the local registry folders Loom reads: LOOM_HOME, the project and the system one', async () => {
    const loom = home();
    const project = loom.path('work');
    const system = loom.path('etc-loom-registry');
    for (const [dir, id] of [
      [loom.path('registry'), 'user-plugin'],
      [path.join(project, '.loom', 'registry'), 'project-plugin'],
      [system, 'system-plugin'],
    ]) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify({ version: '1.0', plugins: [entry(id, '1.0.0')] }));
    }
    loom.sources([{ name: 'server', url: t.url, type: 'loom-registry', enabled: false }]);
    const options = { cwd: project, env: { LOOM_SYSTEM_REGISTRY: system } };
    const { sources } = await loom.json(['sources', 'list'], 0, options);
    expect(sources.map((s: { name: string; origin: string }) => [s.name, s.origin])).toEqual([
      ['server', 'config'],
      ['local', 'implicit'],
      ['project', 'implicit'],
      ['system', 'implicit'],
    ]);
    const { plugins } = await loom.json(['list'], 0, options);
    expect(plugins.map((p: { source: string; id: string }) => `${p.source}/${p.id}`)).toEqual(['local/user-plugin', 'project/project-plugin', 'system/system-plugin']);
    const change = await loom.plugin(['sources', 'disable', 'project'], 2, options);
    expect(change.stderr).toContain('is a local registry folder found on disk');
  });
});

describe('authentication', () => {
  it('expands ${VAR} in the auth token and sends it as a bearer token', async () => {
    const seen: (string | undefined)[] = [];
    guarded('/enterprise', 's3cret', seen);
    const loom = home().sources([{ name: 'enterprise', url: `${host.url}/enterprise`, type: 'static', auth: { type: 'token', token: '${ENTERPRISE_REGISTRY_TOKEN}' } }]);
    const { plugins } = await loom.json(['list'], 0, { env: { ENTERPRISE_REGISTRY_TOKEN: 's3cret' } });
    expect(plugins.map((p: { id: string }) => p.id)).toEqual(['private-plugin']);
    const refused = await loom.plugin(['list'], 4);
    expect(refused.stderr).toContain('HTTP 401');
    expect(refused.stderr.match(/warning: source enterprise: \$\{ENTERPRISE_REGISTRY_TOKEN\} is not set, so its auth.token is empty/g)).toHaveLength(1);
    expect(refused.stderr).toContain('hint: set ENTERPRISE_REGISTRY_TOKEN (auth.token of source enterprise reads it), or save an API key with "loom plugin login --source enterprise"');
    const wrong = await loom.plugin(['list'], 4, { env: { ENTERPRISE_REGISTRY_TOKEN: 'nope' } });
    expect(wrong.stderr).not.toContain('warning:');
    expect(wrong.stderr).toContain('hint: the token comes from ENTERPRISE_REGISTRY_TOKEN (auth.token of source enterprise): check its value');
    expect(seen).toEqual(['Bearer s3cret', undefined, 'Bearer nope']);
  });

  it('names the unset variable when a registry server refuses, and warns about an unset one in a URL', async () => {
    const loom = home().sources([
      { name: 'reg', url: t.url, type: 'loom-registry', auth: { type: 'token', token: '${REG_TOKEN}' } },
      { name: 'team', url: '${TEAM_URL}/team', type: 'static', enabled: true },
    ]);
    const result = await loom.plugin(['rate', 'openai-plugin', '--rating', '5', '--source', 'reg'], 4);
    expect(result.stderr).toContain('warning: source reg: ${REG_TOKEN} is not set, so its auth.token is empty');
    expect(result.stderr).toContain('warning: source team: ${TEAM_URL} is not set, so its url is "/team"');
    expect(result.stderr).toContain('hint: set REG_TOKEN (auth.token of source reg reads it)');
  });

  it('saves an API key per source with mode 0600, uses it only for that URL, and forgets it on logout', async () => {
    const seen: (string | undefined)[] = [];
    guarded('/team', 'key-123', seen);
    const loom = home().sources([{ name: 'team', url: `${host.url}/team`, type: 'static' }]);
    await loom.plugin(['list'], 4);
    const login = await loom.plugin(['login', '--source', 'team'], 0, { input: 'key-123\n' });
    expect(login.stdout).toContain(`Saved the API key for team; it is sent only to ${host.url}/team`);
    const file = loom.path('credentials');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, sources: { team: { url: `${host.url}/team`, token: 'key-123', saved_at: expect.any(String) } } });
    expect((await loom.json(['sources', 'list'])).sources[0].auth).toBe(true);
    expect((await loom.json(['list'])).plugins.map((p: { id: string }) => p.id)).toEqual(['private-plugin']);
    // The same URL with a trailing slash (which a sources change rewrites away) still gets it.
    loom.sources([{ name: 'team', url: `${host.url}/team/`, type: 'static' }]);
    expect((await loom.json(['list'])).plugins.map((p: { id: string }) => p.id)).toEqual(['private-plugin']);
    await loom.plugin(['sources', 'enable', 'team']);
    expect((await loom.json(['list'])).plugins.map((p: { id: string }) => p.id)).toEqual(['private-plugin']);
    // Pointed somewhere else, the source no longer gets the key.
    guarded('/moved', 'key-123', seen);
    loom.sources([{ name: 'team', url: `${host.url}/moved`, type: 'static' }]);
    await loom.plugin(['list'], 4);
    expect(seen).toEqual([undefined, 'Bearer key-123', 'Bearer key-123', 'Bearer key-123', undefined]);
    expect((await loom.plugin(['logout', '--source', 'team'])).stdout).toContain('Forgot the API key for team');
    expect(fs.existsSync(file)).toBe(false);
    expect((await loom.plugin(['logout', '--source', 'team'])).stderr).toContain('No API key was saved for team');
    expect((await loom.plugin(['logout', '--source', 'nope'], 3)).stderr).toContain('no source named "nope"');
    // A key saved for a source since removed can still be forgotten.
    await loom.plugin(['login', '--source', 'team'], 0, { input: 'key-123\n' });
    loom.sources([]);
    expect((await loom.plugin(['logout', '--source', 'team'])).stdout).toContain('Forgot the API key for team');
  });

  it('refuses an empty key and a folder source', async () => {
    const loom = home().sources([
      { name: 'team', url: `${host.url}/team`, type: 'static' },
      { name: 'folder', url: 'file:///tmp' },
    ]);
    expect((await loom.plugin(['login', '--with-token'], 2, { input: '' })).stderr).toContain('no API key given');
    expect((await loom.plugin(['login'], 2, { input: '' })).stderr).toContain('static registry.json host: it has no login page');
    expect((await loom.plugin(['login', '--source', 'folder'], 2, { input: 'k' })).stderr).toContain('it takes no API key');
    expect((await loom.plugin(['login', '--source', 'nope'], 3, { input: 'k' })).stderr).toContain('no source named "nope"');
    expect(fs.existsSync(loom.path('credentials'))).toBe(false);
  });
});
