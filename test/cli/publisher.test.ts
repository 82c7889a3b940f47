import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';

let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
let reviewer: Awaited<ReturnType<TestApp['user']>>;
let pat: Loom;
let rita: Loom;
let anonymous: Loom;

beforeAll(async () => {
  manifests = await startManifestServer({ '/v1.yaml': goodManifest('1.0.0'), '/v2.yaml': goodManifest('1.1.0') });
  t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true });
  const publisher = await t.user('user', 'pat');
  reviewer = await t.user('reviewer', 'rita');
  const as = (key?: string) => new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry', ...(key ? { auth: { type: 'token', token: key } } : {}) }]);
  pat = as(publisher.key);
  rita = as(reviewer.key);
  anonymous = as();
  fs.writeFileSync(pat.path('v1.json'), JSON.stringify(sampleSubmission(`${manifests.base}/v1.yaml`)));
  fs.writeFileSync(pat.path('v2.json'), JSON.stringify(sampleSubmission(`${manifests.base}/v2.yaml`, { version: '1.1.0' })));
});
afterAll(async () => {
  for (const home of [pat, rita, anonymous]) home.remove();
  await t.close();
  await manifests.close();
});

async function review(id: string, ...actions: ('claim' | 'approve' | 'request-changes')[]): Promise<void> {
  await t.checksIdle();
  for (const action of actions) {
    const res = await fetch(`${t.url}/api/v1/submissions/${id}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', ...reviewer.auth }, body: JSON.stringify({ notes: 'Please fix the description.' }) });
    expect(res.status, await res.clone().text()).toBe(200);
  }
}

describe('publisher commands', () => {
  it('submissions lists mine; withdraw takes one back', async () => {
    const first = (await pat.json(['submit', 'v1.json'])).submission.submission_id;
    const { submissions, total } = await pat.json(['submissions']);
    expect(total).toBe(1);
    expect(submissions[0]).toMatchObject({ submission_id: first, plugin_id: 'my-ai-plugin', version: '1.0.0', status: 'pending_review' });
    expect((await pat.plugin(['submissions'])).stdout).toMatch(new RegExp(`^${first}\\s+my-ai-plugin@1\\.0\\.0\\s+pending review`, 'm'));
    expect((await pat.json(['withdraw', first])).submission).toMatchObject({ submission_id: first, status: 'withdrawn' });
    expect((await pat.json(['submissions', '--status', 'pending_review'])).submissions).toEqual([]);
    expect((await anonymous.plugin(['withdraw', first], 4)).stderr).toContain('hint:');
  });

  it('resubmit answers changes requested', async () => {
    const id = (await pat.json(['submit', 'v1.json'])).submission.submission_id;
    await review(id, 'claim', 'request-changes');
    expect((await pat.json(['status', id])).submission.status).toBe('changes_requested');
    const again = await pat.plugin(['resubmit', id, 'v1.json']);
    expect(again.stdout).toContain(`✓ Resubmitted ${id} (my-ai-plugin 1.0.0): pending review`);
    await review(id, 'claim', 'approve');
  });

  it('owner list/add/remove/transfer', async () => {
    expect((await pat.json(['owner', 'list', 'my-ai-plugin'])).plugin).toEqual({ id: 'my-ai-plugin', owner: 'pat', maintainers: [] });
    expect((await pat.plugin(['owner', 'add', 'my-ai-plugin', 'rita'])).stdout).toContain('✓ Added maintainer rita (my-ai-plugin on registry)\nmy-ai-plugin: owner pat; maintainers rita');
    expect((await pat.json(['owner', 'remove', 'my-ai-plugin', 'rita'])).plugin.maintainers).toEqual([]);
    const refused = await rita.plugin(['owner', 'transfer', 'my-ai-plugin', 'rita', '--json'], 4);
    expect(JSON.parse(refused.stdout).error.code).toBe('FORBIDDEN');
    expect((await pat.plugin(['owner', 'add', 'no-such-plugin', 'rita'], 3)).stderr).toContain('error: source registry:');
  });

  it('yank and unyank a version; deprecate and undeprecate', async () => {
    const yanked = await pat.json(['yank', 'my-ai-plugin@1.0.0', '--reason', 'Breaks streaming']);
    expect(yanked).toEqual({ version: { plugin_id: 'my-ai-plugin', version: '1.0.0', yanked_reason: 'Breaks streaming' }, warnings: [] });
    expect((await pat.json(['show', 'my-ai-plugin@1.0.0'])).version.yanked_reason).toBe('Breaks streaming');
    expect((await pat.plugin(['unyank', 'my-ai-plugin@1.0.0'])).stdout).toBe('✓ Unyanked my-ai-plugin 1.0.0 on registry\n');
    expect((await pat.plugin(['yank', 'my-ai-plugin', '--reason', 'x'], 2)).stderr).toContain('"my-ai-plugin" names no version');
    expect((await anonymous.plugin(['yank', 'my-ai-plugin@1.0.0', '--reason', 'x'], 4)).stderr).toContain('refused the request');
    const deprecated = await pat.json(['deprecate', 'my-ai-plugin', '--message', 'Superseded', '--replacement', 'openai-plugin']);
    expect(deprecated.plugin).toEqual({ id: 'my-ai-plugin', deprecated: { message: 'Superseded', replacement: 'openai-plugin' } });
    expect((await pat.plugin(['show', 'my-ai-plugin'])).stdout).toContain('Deprecated: Superseded Use openai-plugin instead.');
    expect((await pat.json(['undeprecate', 'my-ai-plugin'])).plugin.deprecated).toBeNull();
  });

  it('whoami and keys create/list/revoke', async () => {
    expect((await pat.json(['whoami'])).account).toMatchObject({ source: 'registry', username: 'pat', role: 'user' });
    expect((await anonymous.plugin(['whoami'], 4)).stderr).toContain('error: not logged in to registry');
    const created = await pat.json(['keys', 'create', '--name', 'ci', '--scopes', 'publish', '--expires', '2099-01-01']);
    expect(created.key).toMatch(/^loom_/);
    expect(created.api_key).toMatchObject({ name: 'ci', scopes: ['publish'], revoked_at: null });
    expect(created.api_key.expires_at).toMatch(/^2099-01-01/);
    const listed = (await pat.json(['keys', 'list'])).api_keys;
    expect(listed.map((k: { id: string }) => k.id)).toContain(created.api_key.id);
    expect((await pat.plugin(['keys'])).stdout).toMatch(/^ID\s+NAME\s+PREFIX/);
    expect((await pat.json(['keys', 'revoke', created.api_key.id])).api_key.revoked_at).not.toBeNull();
    expect((await pat.plugin(['keys', 'create', '--expires', 'soon'], 2)).stderr).toContain('"soon" is not a date');
  });
});
