import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateManifest } from '../../server/modules/manifest/manifest.schema.js';
import { PluginVersion } from '../../server/modules/version/version.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const route = (id: string, version: string) => `${t.url}/api/v1/plugins/${id}/versions/${version}/manifest`;

it('serves the published manifest as YAML with its sha256 as ETag and Repr-Digest', async () => {
  const { plugin } = await t.data('{ plugin(id: "openai-plugin") { versions(limit: 1, offset: 1) { nodes { version sha256 } } } }');
  const [v] = plugin.versions.nodes;
  const res = await fetch(route('openai-plugin', v.version));
  const body = await res.text();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
  expect(YAML.parse(body).metadata).toMatchObject({ name: 'OpenAI Provider', version: v.version });
  expect(createHash('sha256').update(body).digest('hex')).toBe(v.sha256);
  expect(res.headers.get('etag')).toBe(`"${v.sha256}"`);
  expect(res.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(v.sha256, 'hex').toString('base64')}:`);
  const again = await fetch(route('openai-plugin', v.version), { headers: { 'if-none-match': `"${v.sha256}"` } });
  expect(again.status).toBe(304);
});

it('answers NOT_FOUND for an unknown plugin or version, and 405 for other methods', async () => {
  for (const [id, version] of [['openai-plugin', '9.9.9'], ['no-such-plugin', '1.0.0']]) {
    const res = await fetch(route(id, version));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  }
  const post = await fetch(route('openai-plugin', '1.3.0'), { method: 'POST' });
  expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
});

it('every manifest in the sample catalog is a valid Loom manifest', async () => {
  const versions = await t.em().find(PluginVersion, {}, { populate: ['manifest'] });
  const problems = versions.flatMap((v) => {
    const result = validateManifest(YAML.parse(v.manifest));
    return result.ok ? [] : [`${v.plugin.id}@${v.version}: ${result.problems.join('; ')}`];
  });
  expect(problems).toEqual([]);
  expect(versions.length).toBeGreaterThan(100);
});
