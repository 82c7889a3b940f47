import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';
import { goodManifest, publishingSetup, sampleSubmission, type startManifestServer } from '../helpers/manifests.js';

/** Issue 19 end to end: plugins published with dependencies through the real server, installed through its API. */
let setup: Awaited<ReturnType<typeof publishingSetup>>;
let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
let publisher: Awaited<ReturnType<TestApp['user']>>;
let reviewer: Awaited<ReturnType<TestApp['user']>>;
const homes: Loom[] = [];

/** Submits id@version declaring `dependencies`, waits for its checks and approves it. */
async function publish(id: string, version: string, dependencies: Record<string, string> = {}): Promise<void> {
  const path = `/${id}/${version}.yaml`;
  manifests.routes[path] = goodManifest(version, id);
  const body = { ...sampleSubmission(`${manifests.base}${path}`, { id, version, provider_type: id }), ...(Object.keys(dependencies).length ? { dependencies } : {}) };
  const res = await fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...publisher.auth }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(202);
  const { submission_id: submission } = (await res.json()) as { submission_id: string };
  await t.checksIdle();
  const approved = await fetch(`${t.url}/api/v1/submissions/${submission}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', ...reviewer.auth }, body: '{}' });
  expect(approved.status, await approved.clone().text()).toBe(200);
}

beforeAll(async () => {
  setup = await publishingSetup({});
  ({ t, manifests, publisher, reviewer } = setup);
  await publish('graph-base-plugin', '1.0.0');
  await publish('graph-base-plugin', '1.1.0');
  await publish('graph-base-plugin', '2.0.0');
  await publish('graph-mid-plugin', '1.0.0', { 'graph-base-plugin': '^1.0.0' });
  await publish('graph-top-plugin', '1.0.0', { 'graph-mid-plugin': '^1.0.0', 'graph-base-plugin': '>=1.1.0' });
  await publish('graph-new-plugin', '1.0.0', { 'graph-base-plugin': '^2.0.0' });
});
afterAll(async () => {
  for (const home of homes) home.remove();
  await setup.close();
});

function home(): Loom {
  const loom = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
  homes.push(loom);
  return loom;
}

describe('dependencies through a registry server', () => {
  it('resolves across versions (the newest every range allows), installs dependencies first with their checks, and shows who uses what', async () => {
    const loom = home();
    const { plan } = await loom.json(['install', 'graph-top-plugin', '--dry-run']);
    expect(plan.map((s: { id: string; version: string }) => `${s.id}@${s.version}`)).toEqual(['graph-base-plugin@1.1.0', 'graph-mid-plugin@1.0.0', 'graph-top-plugin@1.0.0']);
    const { installed, dependencies } = await loom.json(['install', 'graph-top-plugin']);
    expect(installed).toMatchObject({ id: 'graph-top-plugin', version: '1.0.0', source_kind: 'loom-registry', explicit: true });
    expect(dependencies.map((d: { id: string; version: string; explicit: boolean }) => [d.id, d.version, d.explicit])).toEqual([
      ['graph-base-plugin', '1.1.0', false],
      ['graph-mid-plugin', '1.0.0', false],
    ]);
    const published = await (await fetch(`${t.url}/api/v1/plugins/graph-base-plugin/versions/1.1.0/manifest`)).text();
    expect(fs.readFileSync(loom.path('plugins', 'graph-base-plugin', 'published.yaml'), 'utf8')).toBe(published);
    expect(loom.lock().plugins.find((p) => p.id === 'graph-base-plugin')).toMatchObject({ required_by: ['graph-mid-plugin', 'graph-top-plugin'], explicit: false });
    expect((await loom.plugin(['tree'])).stdout).toBe(
      ['graph-top-plugin 1.0.0', '├── graph-base-plugin >=1.1.0 → 1.1.0', '└── graph-mid-plugin ^1.0.0 → 1.0.0', '    └── graph-base-plugin ^1.0.0 → 1.1.0 (deduped)', ''].join('\n'),
    );

    const shown = await loom.json(['show', 'graph-base-plugin']);
    expect(shown.dependents.items.map((d: { plugin_id: string; range: string }) => [d.plugin_id, d.range])).toEqual([
      ['graph-mid-plugin', '^1.0.0'],
      ['graph-new-plugin', '^2.0.0'],
      ['graph-top-plugin', '>=1.1.0'],
    ]);
    expect((await loom.json(['show', 'graph-top-plugin'])).requires.dependencies).toEqual({ 'graph-base-plugin': '>=1.1.0', 'graph-mid-plugin': '^1.0.0' });

    // base 2 is what graph-new-plugin needs, and what mid's range forbids
    const refused = await loom.plugin(['install', 'graph-new-plugin'], 1);
    expect(refused.stderr).toContain('error: graph-new-plugin@1.0.0 needs graph-base-plugin ^2.0.0 but graph-mid-plugin@1.0.0 needs graph-base-plugin ^1.0.0');
    const updates = (await loom.json(['update'])).updates;
    expect(updates.find((u: { id: string }) => u.id === 'graph-base-plugin')).toEqual({
      id: 'graph-base-plugin',
      from: '1.1.0',
      to: null,
      latest: '2.0.0',
      status: 'pinned',
      message: '2.0.0 is outside what graph-mid-plugin@1.0.0 needs (^1.0.0); update or remove it first',
    });
  });
});
