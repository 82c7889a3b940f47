import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFragment } from '../../domain/registry-entry.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import type { TestApp } from '../helpers/app.js';
import { PluginInstallableDocument, PluginInstallDocument, UnyankVersionDocument, YankVersionDocument } from '../gql/graphql.js';
import { expectLoomDocument } from '../helpers/loom.js';
import { goodManifest, publishingSetup, sampleSubmission, type startManifestServer } from '../helpers/manifests.js';
import type { RestClient } from '../helpers/rest.js';

/**
 * Issue 13, item 3: what registry.json, REST and GraphQL say a plugin installs is its current version (newest neither
 * yanked nor a pre-release), with that version's own manifest, docker image, capabilities, description and tags.
 */
let setup: Awaited<ReturnType<typeof publishingSetup>>;
let t: TestApp;
let api: RestClient;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
let publisher: Awaited<ReturnType<TestApp['user']>>;
let reviewer: Awaited<ReturnType<TestApp['user']>>;

const VERSIONS = ['1.0.0', '1.1.0-beta.1', '1.1.0', '2.0.0-rc.1'];
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  setup = await publishingSetup(Object.fromEntries(VERSIONS.map((v) => [`/${v}.yaml`, goodManifest(v)])));
  ({ t, api, manifests, publisher, reviewer } = setup);
});
afterAll(() => setup.close());

/** Submits a version whose every install detail names it, and approves it once the checks pass. */
async function publish(id: string, version: string): Promise<void> {
  const body = sampleSubmission(`${manifests.base}/${version}.yaml`, { id, version });
  body.plugin.description = `The ${version} release of ${id}`;
  body.plugin.tags = [`v${version.replace(/\W/g, '-')}`];
  body.plugin.capabilities = { streaming: version.startsWith('1.0'), function_calling: false, vision: !version.startsWith('1.0') };
  body.plugin.install.docker_image = `you/${id}:${version}`;
  const submitted = await fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...publisher.auth }, body: JSON.stringify(body) });
  expect(submitted.status).toBe(202);
  const { submission_id: submission } = (await submitted.json()) as { submission_id: string };
  await t.checksIdle();
  const approved = await fetch(`${t.url}/api/v1/submissions/${submission}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', ...reviewer.auth }, body: '{}' });
  expect(approved.status, await approved.clone().text()).toBe(200);
}

async function setYanked(id: string, version: string, yanked: boolean): Promise<void> {
  const res = yanked
    ? await t.graphql(YankVersionDocument, { pluginId: id, version, reason: 'broken' }, publisher.auth)
    : await t.graphql(UnyankVersionDocument, { pluginId: id, version }, publisher.auth);
  expect(res.body.errors).toBeUndefined();
}

/** The entry of `id` in /registry.json (undefined when left out), after the document caught up with the last write. */
async function registryEntry(id: string) {
  const res = await api.get('/registry.json');
  expectLoomDocument(res.body);
  return res.body.plugins.find((p: { id: string }) => p.id === id);
}

/** What each read path says the plugin installs, which must be `version`'s own details everywhere. */
async function expectCurrent(id: string, version: string): Promise<void> {
  const details = {
    version,
    description: `The ${version} release of ${id}`,
    tags: [`v${version.replace(/\W/g, '-')}`],
    install: { type: 'http', manifest_url: `${t.url}/api/v1/plugins/${id}/versions/${version}/manifest`, sha256: sha256(goodManifest(version)), docker_image: `you/${id}:${version}` },
  };
  expect(await registryEntry(id)).toMatchObject({ ...details, capabilities: { streaming: version.startsWith('1.0'), vision: !version.startsWith('1.0') } });
  expect((await api.get(`/api/v1/plugins/${id}`)).body).toMatchObject({ ...details, installable: true, not_installable_reason: null });
  const data = await t.data(PluginInstallDocument, { id });
  expect(data.plugin).toEqual({
    version,
    description: details.description,
    tags: details.tags,
    installable: true,
    notInstallableReason: null,
    capabilities: { vision: !version.startsWith('1.0') },
    install: { manifestUrl: details.install.manifest_url, sha256: details.install.sha256, sourceUrl: `${manifests.base}/${version}.yaml`, dockerImage: details.install.docker_image },
  });
  // every write here goes through the app, which rewrites the plugin's stored registry.json fragment with the change
  // (an empty one would still serialise right, from the columns, but lose the build's fast path)
  const plugin = await t.em().findOneOrFail(Plugin, { id }, { populate: ['registryEntry'] });
  expect(plugin.registryEntry).toBe(entryFragment(plugin));
  // the bytes Loom would fetch are those of the version named
  expect(await (await fetch(details.install.manifest_url)).text()).toBe(goodManifest(version));
}

describe('the current version and its install details', () => {
  it('stays on 1.0.0, with 1.0.0’s manifest, after 1.1.0-beta.1 is published', async () => {
    await publish('steady-plugin', '1.0.0');
    await expectCurrent('steady-plugin', '1.0.0');
    await publish('steady-plugin', '1.1.0-beta.1');
    await expectCurrent('steady-plugin', '1.0.0');
  });

  it('moves to a new release, back to the previous one when the newest is yanked, and forward again when it is unyanked', async () => {
    await publish('steady-plugin', '1.1.0');
    await expectCurrent('steady-plugin', '1.1.0');
    await setYanked('steady-plugin', '1.1.0', true);
    await expectCurrent('steady-plugin', '1.0.0');
    await setYanked('steady-plugin', '1.1.0', false);
    await expectCurrent('steady-plugin', '1.1.0');
  });

  it('leaves a plugin with only pre-releases out of registry.json, and REST and GraphQL say why', async () => {
    await publish('early-plugin', '2.0.0-rc.1');
    expect(await registryEntry('early-plugin')).toBeUndefined();
    const detail = await api.get('/api/v1/plugins/early-plugin');
    expect(detail.body).toMatchObject({ version: '2.0.0-rc.1', installable: false, not_installable_reason: expect.stringMatching(/only pre-releases/) });
    const data = await t.data(PluginInstallableDocument, { id: 'early-plugin' });
    expect(data.plugin).toEqual({ installable: false, notInstallableReason: detail.body.not_installable_reason });
    const list = await api.get('/api/v1/plugins?search=early-plugin');
    expect(list.body.plugins.find((p: { id: string }) => p.id === 'early-plugin')).toMatchObject({ installable: false });
  });

  it('leaves a plugin out once every version is yanked, and lists it again when one comes back', async () => {
    await publish('fragile-plugin', '1.0.0');
    expect(await registryEntry('fragile-plugin')).toMatchObject({ version: '1.0.0' });
    await setYanked('fragile-plugin', '1.0.0', true);
    expect(await registryEntry('fragile-plugin')).toBeUndefined();
    expect((await api.get('/api/v1/plugins/fragile-plugin')).body).toMatchObject({ installable: false, not_installable_reason: 'every version is yanked' });
    await setYanked('fragile-plugin', '1.0.0', false);
    await expectCurrent('fragile-plugin', '1.0.0');
  });
});
