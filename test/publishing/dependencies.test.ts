import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { expectLoomEntry } from '../helpers/loom.js';
import { hasGo, loomcheck, loomcheckBinary } from '../helpers/loomcheck.js';
import { goodManifest, publishingSetup, sampleSubmission, type startManifestServer } from '../helpers/manifests.js';
import type { RestClient } from '../helpers/rest.js';

/**
 * Issue 19, the server's half: a version declares dependencies, conflicts and provides (in the submission, or in
 * the manifest under x-loom-registry); the `dependencies` check refuses what cannot be installed; REST, GraphQL and
 * registry.json expose them, each plugin's dependents are paged, and yanking a version others need warns.
 */
let setup: Awaited<ReturnType<typeof publishingSetup>>;
let t: TestApp;
let api: RestClient;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
let publisher: Awaited<ReturnType<TestApp['user']>>;
let reviewer: Awaited<ReturnType<TestApp['user']>>;

beforeAll(async () => {
  setup = await publishingSetup({});
  ({ t, api, manifests, publisher, reviewer } = setup);
});
afterAll(() => setup.close());

interface Declaration {
  dependencies?: Record<string, string>;
  conflicts?: Record<string, string>;
  provides?: string[];
}

interface Checked {
  id: string;
  status: string;
  checks: { name: string; status: string; message: string }[];
}

/** Submits id@version declaring `declared` (and the manifest `inManifest` under x-loom-registry); resolves once checked. */
async function submit(id: string, version: string, declared: Declaration = {}, inManifest?: Declaration): Promise<Checked> {
  const path = `/${id}/${version}.yaml`;
  manifests.routes[path] = goodManifest(version, id, inManifest ? { 'x-loom-registry': inManifest } : {});
  const body = { ...sampleSubmission(`${manifests.base}${path}`, { id, version, provider_type: id }), ...declared };
  const res = await fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...publisher.auth }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(202);
  const { submission_id: submission } = (await res.json()) as { submission_id: string };
  await t.checksIdle();
  const status = await api.get(`/api/v1/submissions/${submission}`, publisher.auth);
  return { id: submission, status: status.body.status, checks: status.body.checks };
}

function approve(submission: string) {
  return fetch(`${t.url}/api/v1/submissions/${submission}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', ...reviewer.auth }, body: '{}' });
}

async function publish(id: string, version: string, declared: Declaration = {}, inManifest?: Declaration): Promise<void> {
  const checked = await submit(id, version, declared, inManifest);
  expect(checked.checks.filter((c) => c.status === 'fail')).toEqual([]);
  const res = await approve(checked.id);
  expect(res.status, await res.clone().text()).toBe(200);
}

const check = (checked: Checked) => checked.checks.find((c) => c.name === 'dependencies');

async function yank(id: string, version: string) {
  const res = await t.graphql<{ yankVersion: { version: string; warnings: string[] } }>(
    `mutation { yankVersion(pluginId: "${id}", version: "${version}", reason: "broken") { version warnings } }`,
    {},
    publisher.auth,
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.yankVersion;
}

async function registryEntry(id: string) {
  const res = await api.get('/registry.json');
  return res.body.plugins.find((p: { id: string }) => p.id === id);
}

describe('the dependencies check', () => {
  it('passes a version without dependencies, and one whose every range a published version satisfies', async () => {
    expect(check(await submit('deps-none', '1.0.0'))).toEqual({ name: 'dependencies', status: 'pass', message: 'no dependencies declared' });
    const ok = await submit('deps-ok', '1.0.0', { dependencies: { 'openai-plugin': '^1.0.0', 'anthropic-plugin': '*' } });
    expect(check(ok)).toEqual({ name: 'dependencies', status: 'pass', message: '2 dependencies, each satisfiable, and no cycle' });
    expect(ok.status).toBe('pending_review');
  });

  it('refuses an unknown plugin id, naming it and its range', async () => {
    const checked = await submit('deps-unknown', '1.0.0', { dependencies: { 'no-such-plugin': '^1.0.0' } });
    expect(check(checked)).toMatchObject({ status: 'fail', message: '"no-such-plugin" ^1.0.0: no plugin "no-such-plugin" is published in this registry' });
    expect(checked.status).toBe('changes_requested');
  });

  it('refuses a range no published, non-yanked version satisfies', async () => {
    const checked = await submit('deps-unsatisfiable', '1.0.0', { dependencies: { 'openai-plugin': '^9.0.0' } });
    expect(check(checked)).toMatchObject({ status: 'fail', message: '"openai-plugin" ^9.0.0: no published version satisfies the range (not yanked: 2.0.0-beta.1, 1.3.0, 1.2.1, 1.2.0, 1.1.0, 1.0.0)' });
  });

  it('refuses a self-dependency, a conflict with itself, and an id both needed and in conflict', async () => {
    expect(check(await submit('deps-self', '1.0.0', { dependencies: { 'deps-self': '^1.0.0' } }))).toMatchObject({
      status: 'fail',
      message: '"deps-self" ^1.0.0: a plugin cannot depend on itself',
    });
    expect(check(await submit('deps-self-conflict', '1.0.0', { conflicts: { 'deps-self-conflict': '<1.0.0' } }))).toMatchObject({
      status: 'fail',
      message: 'conflicts: "deps-self-conflict" <1.0.0: a plugin cannot conflict with itself',
    });
    expect(check(await submit('deps-both', '1.0.0', { dependencies: { 'openai-plugin': '^1.0.0' }, conflicts: { 'openai-plugin': '<1.0.0' } }))).toMatchObject({
      status: 'fail',
      message: '"openai-plugin" is both a dependency (^1.0.0) and a conflict (<1.0.0)',
    });
  });

  it('warns of a conflict naming a plugin the registry does not have', async () => {
    expect(check(await submit('deps-conflict-unknown', '1.0.0', { conflicts: { 'old-thing-plugin': '*' } }))).toMatchObject({ status: 'warn', message: expect.stringContaining('"old-thing-plugin"') });
  });

  it('refuses bad ranges and ids in the submission itself, by field', async () => {
    const body = { ...sampleSubmission(`${manifests.base}/x.yaml`, { id: 'deps-bad-range' }), dependencies: { 'openai-plugin': 'not a range' } };
    const res = await fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...publisher.auth }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^invalid submission: dependencies\.openai-plugin: must be a semver range/);
  });

  it('refuses a cycle, following each dependency to the versions that satisfy its range', async () => {
    await publish('cycle-a', '1.0.0', { dependencies: { 'openai-plugin': '^1.0.0' } });
    await publish('cycle-b', '1.0.0', { dependencies: { 'cycle-a': '^1.0.0' } });
    await publish('cycle-c', '1.0.0', { dependencies: { 'cycle-b': '>=1.0.0' } });
    const checked = await submit('cycle-a', '1.1.0', { dependencies: { 'cycle-c': '^1.0.0' } });
    expect(check(checked)).toMatchObject({
      status: 'fail',
      message: 'a cycle: cycle-a@1.1.0 → cycle-c ^1.0.0 (cycle-c@1.0.0) → cycle-b >=1.0.0 (cycle-b@1.0.0) → cycle-a ^1.0.0; a plugin cannot need, even through others, a plugin that needs it',
    });
    expect(checked.status).toBe('changes_requested');
    // a range that no dependent version of the path satisfies closes no cycle
    expect(check(await submit('cycle-a', '1.2.0', { dependencies: { 'cycle-c': '^2.0.0' } }))).toMatchObject({ status: 'fail', message: expect.stringContaining('no published version satisfies') });
  });

  it('takes the declaration from the manifest under x-loom-registry, and refuses one that disagrees with the submission', async () => {
    const disagree = await submit('deps-disagree', '1.0.0', { dependencies: { 'openai-plugin': '^1.0.0' } }, { dependencies: { 'openai-plugin': '^1.2.0' } });
    expect(check(disagree)).toMatchObject({
      status: 'fail',
      message:
        'the submission and the manifest disagree: dependencies: the submission says {"openai-plugin":"^1.0.0"}, the manifest\'s x-loom-registry says {"openai-plugin":"^1.2.0"}: declare them in one place, or make both say the same',
    });
    // both saying the same, in another key order, agree
    const same = await submit('deps-agree', '1.0.0', { dependencies: { 'openai-plugin': '^1.0.0', 'anthropic-plugin': '*' } }, { dependencies: { 'anthropic-plugin': '*', 'openai-plugin': '^1.0.0' } });
    expect(check(same)?.status).toBe('pass');
    await publish('deps-manifest-only', '1.0.0', {}, { dependencies: { 'openai-plugin': '^1.0.0' }, provides: ['chat-router'] });
    const versions = await api.get('/api/v1/plugins/deps-manifest-only/versions');
    expect(versions.body.versions[0]).toMatchObject({ version: '1.0.0', dependencies: { 'openai-plugin': '^1.0.0' }, conflicts: {}, provides: ['chat-router'] });
  });

  it('approval checks the graph again: a dependency yanked since the checks ran refuses the approval', async () => {
    await publish('late-base', '1.0.0');
    const checked = await submit('late-user', '1.0.0', { dependencies: { 'late-base': '^1.0.0' } });
    expect(check(checked)?.status).toBe('pass');
    await yank('late-base', '1.0.0');
    const res = await approve(checked.id);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'the dependencies no longer hold: "late-base" ^1.0.0: no published version satisfies the range (every version is yanked); request changes instead',
    );
  });
});

describe('published dependencies', () => {
  beforeAll(async () => {
    await publish('router-plugin', '1.0.0', { dependencies: { 'openai-plugin': '^1.0.0', 'anthropic-plugin': '>=1.0.0' }, conflicts: { 'openrouter-plugin': '<1.0.0' }, provides: ['chat-router'] });
    await publish('router-plugin', '1.1.0', { dependencies: { 'openai-plugin': '^1.2.0' } });
  });

  it('keeps each version its own list, immutably', async () => {
    const versions = (await api.get('/api/v1/plugins/router-plugin/versions')).body;
    expect(versions.total).toBe(2);
    expect(versions.versions.map((v: Record<string, unknown>) => [v.version, v.dependencies, v.conflicts, v.provides])).toEqual([
      ['1.1.0', { 'openai-plugin': '^1.2.0' }, {}, []],
      ['1.0.0', { 'anthropic-plugin': '>=1.0.0', 'openai-plugin': '^1.0.0' }, { 'openrouter-plugin': '<1.0.0' }, ['chat-router']],
    ]);
    // a published version cannot be declared again
    const again = await fetch(`${t.url}/api/v1/plugins`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...publisher.auth },
      body: JSON.stringify({ ...sampleSubmission(`${manifests.base}/router-plugin/1.0.0.yaml`, { id: 'router-plugin', version: '1.0.0', provider_type: 'router-plugin' }), dependencies: {} }),
    });
    expect(again.status).toBe(409);
    const detail = (await api.get('/api/v1/plugins/router-plugin')).body;
    expect(detail.versions).toEqual(versions.versions);
  });

  it('REST: every version object carries dependencies, conflicts and provides ({} and [] when none)', async () => {
    const detail = (await api.get('/api/v1/plugins/anthropic-plugin')).body;
    expect(detail.versions.length).toBeGreaterThan(0);
    for (const v of detail.versions) expect(v).toMatchObject({ dependencies: {}, conflicts: {}, provides: [] });
    expect((await api.get('/api/v1/plugins/no-such-plugin/versions')).status).toBe(404);
  });

  it('GraphQL: PluginVersion.dependencies, conflicts and provides, with the plugins named', async () => {
    const data = await t.data<{ plugin: { versions: { nodes: Record<string, unknown>[] } } }>(
      `{ plugin(id: "router-plugin") { versions { nodes { version dependencies { pluginId range plugin { id name } } conflicts { pluginId range } provides warnings } } } }`,
    );
    expect(data.plugin.versions.nodes).toEqual([
      { version: '1.1.0', dependencies: [{ pluginId: 'openai-plugin', range: '^1.2.0', plugin: { id: 'openai-plugin', name: 'OpenAI Provider' } }], conflicts: [], provides: [], warnings: [] },
      {
        version: '1.0.0',
        dependencies: [
          { pluginId: 'anthropic-plugin', range: '>=1.0.0', plugin: { id: 'anthropic-plugin', name: expect.any(String) } },
          { pluginId: 'openai-plugin', range: '^1.0.0', plugin: { id: 'openai-plugin', name: 'OpenAI Provider' } },
        ],
        conflicts: [{ pluginId: 'openrouter-plugin', range: '<1.0.0' }],
        provides: ['chat-router'],
        warnings: [],
      },
    ]);
  });

  it("registry.json: the current version's fields, present only when non-empty, and Loom still decodes the document", async () => {
    expect(await registryEntry('router-plugin')).toMatchObject({ version: '1.1.0', dependencies: { 'openai-plugin': '^1.2.0' } });
    const entry = await registryEntry('router-plugin');
    expect(entry).not.toHaveProperty('conflicts');
    expect(entry).not.toHaveProperty('provides');
    expectLoomEntry(entry);
    const plain = await registryEntry('anthropic-plugin');
    for (const key of ['dependencies', 'conflicts', 'provides']) expect(plain).not.toHaveProperty(key);
    // the key order of an entry with all three: before install, which the stored-fragment path appends to
    const manifestOnly = JSON.stringify(await registryEntry('deps-manifest-only'));
    expect(manifestOnly).toMatch(/"category":"community","dependencies":\{"openai-plugin":"\^1\.0\.0"\},"provides":\["chat-router"\],"install":\{/);
    if (hasGo) {
      loomcheckBinary();
      const { code, stderr, value } = await loomcheck<{ plugins: { id: string }[] }>(['registry', t.url]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(value!.plugins.map((p) => p.id)).toContain('router-plugin');
    }
  }, 180_000);
});

describe('dependents ("used by")', () => {
  const USERS = ['uses-a', 'uses-b', 'uses-c', 'uses-d', 'uses-e'];
  beforeAll(async () => {
    await publish('shared-base', '1.0.0');
    await publish('shared-base', '1.1.0');
    for (const [i, id] of USERS.entries()) await publish(id, '1.0.0', { dependencies: { 'shared-base': i === 0 ? '^1.1.0' : '^1.0.0' } });
    // a plugin whose current version no longer depends is no dependent
    await publish('used-to', '1.0.0', { dependencies: { 'shared-base': '^1.0.0' } });
    await publish('used-to', '2.0.0');
  });

  it('REST: pages of dependents by id, cursor after cursor, without duplicates', async () => {
    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { total: number; dependents: { plugin_id: string }[]; next_cursor: string | null } } = await api.get(
        `/api/v1/plugins/shared-base/dependents?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(USERS.length);
      seen.push(...page.body.dependents);
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(USERS.map((id, i) => ({ plugin_id: id, version: '1.0.0', range: i === 0 ? '^1.1.0' : '^1.0.0' })));
  });

  it('REST: 404 for an unknown plugin, 400 for a malformed cursor, an empty page for a plugin nobody uses', async () => {
    expect((await api.get('/api/v1/plugins/no-such-plugin/dependents')).status).toBe(404);
    const bad = await api.get('/api/v1/plugins/shared-base/dependents?cursor=bogus');
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'cursor']);
    expect((await api.get('/api/v1/plugins/uses-a/dependents')).body).toEqual({ total: 0, dependents: [], next_cursor: null });
  });

  it('GraphQL: Plugin.dependents pages with first/after like the other connections', async () => {
    const query = `query ($after: String) { plugin(id: "shared-base") { dependents(first: 2, after: $after) { totalCount edges { cursor node { pluginId version range plugin { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: { plugin: { dependents: { totalCount: number; edges: { cursor: string; node: { pluginId: string; plugin: { id: string } } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } } } =
        await t.data(query, { after });
      const page = data.plugin.dependents;
      expect(page.totalCount).toBe(USERS.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      for (const edge of page.edges) expect(edge.node.plugin.id).toBe(edge.node.pluginId);
      ids.push(...page.edges.map((e) => e.node.pluginId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toEqual(USERS);
    const bad = await t.graphql(`{ plugin(id: "shared-base") { dependents(after: "bogus") { totalCount } } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('yanking a version others depend on succeeds and warns the publisher', async () => {
    const yanked = await yank('shared-base', '1.1.0');
    expect(yanked.version).toBe('1.1.0');
    expect(yanked.warnings).toEqual([
      'uses-a 1.0.0 depends on shared-base ^1.1.0, which 1.1.0 satisfied, and no other published version does: uses-a cannot be installed until one is',
      ...USERS.slice(1).map((id) => `${id} 1.0.0 depends on shared-base ^1.0.0, which 1.1.0 satisfied; 1.0.0 still does`),
    ]);
    // a version no dependent's range takes warns of nothing
    await publish('shared-base', '2.0.0');
    expect((await yank('shared-base', '2.0.0')).warnings).toEqual([]);
  });
});

describe('the sample catalog and imports', () => {
  it('seeds azure-openai-plugin depending on openai-plugin, and two embeddings plugins providing "embeddings"', async () => {
    expect(await registryEntry('azure-openai-plugin')).toMatchObject({ version: '1.2.1', dependencies: { 'openai-plugin': '^1.2.0' } });
    expect(await registryEntry('voyage-embeddings-plugin')).toMatchObject({ provides: ['embeddings'] });
    const versions = (await api.get('/api/v1/plugins/azure-openai-plugin/versions')).body.versions;
    // an imported entry says what its current version declares; of the older ones only their numbers are known
    expect(versions.map((v: { version: string; dependencies: object }) => [v.version, v.dependencies])).toEqual([
      ['1.2.1', { 'openai-plugin': '^1.2.0' }],
      ['1.2.0', {}],
      ['1.1.0', {}],
      ['1.0.0', {}],
    ]);
    const used = (await api.get('/api/v1/plugins/openai-plugin/dependents')).body;
    expect(used.dependents).toContainEqual({ plugin_id: 'azure-openai-plugin', version: '1.2.1', range: '^1.2.0' });
  });

  it('an export imported elsewhere keeps the dependencies (registry.json round trip)', async () => {
    const document = (await api.get('/registry.json')).body;
    const other = await createTestApp({ seed: false });
    try {
      await new CatalogService().import(other.em(), document);
      const res = await fetch(`${other.url}/api/v1/plugins/router-plugin/versions`);
      expect(((await res.json()) as { versions: unknown[] }).versions).toEqual([expect.objectContaining({ version: '1.1.0', dependencies: { 'openai-plugin': '^1.2.0' } })]);
      const used = (await (await fetch(`${other.url}/api/v1/plugins/openai-plugin/dependents?limit=100`)).json()) as { dependents: { plugin_id: string }[] };
      expect(used.dependents.map((d) => d.plugin_id)).toEqual(expect.arrayContaining(['azure-openai-plugin', 'router-plugin']));
    } finally {
      await other.close();
    }
  });
});

describe('caching', () => {
  it('a cached anonymous dependents answer follows the data version: a new dependent shows at once', async () => {
    const url = `${t.url}/api/v1/plugins/anthropic-plugin/dependents`;
    const before = await fetch(url);
    const etag = before.headers.get('etag')!;
    expect(before.headers.get('cache-control')).toBe('public, max-age=60');
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const total = ((await before.json()) as { total: number }).total;
    await publish('cache-user', '1.0.0', { dependencies: { 'anthropic-plugin': '^1.0.0' } });
    const after = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    const body = (await after.json()) as { total: number; dependents: { plugin_id: string }[] };
    expect(body.total).toBe(total + 1);
    expect(body.dependents.map((d) => d.plugin_id)).toContain('cache-user');
    const gql = await t.data<{ plugin: { dependents: { nodes: { pluginId: string }[] } } }>('{ plugin(id: "anthropic-plugin") { dependents(first: 100) { nodes { pluginId } } } }');
    expect(gql.plugin.dependents.nodes.map((n) => n.pluginId)).toContain('cache-user');
  });
});
