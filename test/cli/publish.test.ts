import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { RecentReviewsDocument } from '../gql/graphql.js';
import { Loom } from '../helpers/cli.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';

let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
let publisher: Awaited<ReturnType<TestApp['user']>>;
let reviewer: Awaited<ReturnType<TestApp['user']>>;
let pat: Loom;
let anonymous: Loom;
const homes: Loom[] = [];

beforeAll(async () => {
  manifests = await startManifestServer({ '/v1.yaml': goodManifest('1.0.0') });
  t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true });
  publisher = await t.user('user', 'pat');
  reviewer = await t.user('reviewer', 'rita');
  pat = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
  anonymous = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
  fs.writeFileSync(pat.path('registry-submission.json'), JSON.stringify(sampleSubmission(`${manifests.base}/v1.yaml`)));
});
afterAll(async () => {
  for (const home of [pat, anonymous, ...homes]) home.remove();
  await t.close();
  await manifests.close();
});

async function approve(id: string): Promise<void> {
  for (const action of ['claim', 'approve']) {
    const res = await fetch(`${t.url}/api/v1/submissions/${id}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', ...reviewer.auth }, body: JSON.stringify({ notes: 'Approved! Great plugin.' }) });
    expect(res.status).toBe(200);
  }
}

describe('login', () => {
  it('refuses a key the registry does not accept, and saves nothing', async () => {
    const result = await pat.plugin(['login'], 4, { input: 'lk_not-a-real-key\n' });
    expect(result.stderr).toContain('error: registry did not accept this API key');
    expect(result.stderr).toContain('hint: check that you copied all of it (it starts with loom_), and that it is not revoked or expired');
    expect(fs.existsSync(pat.path('credentials'))).toBe(false);
  });

  it('checks the key with the registry and saves it', async () => {
    const result = await pat.plugin(['login'], 0, { input: `${publisher.key}\n` });
    expect(result.stdout).toContain('Logged in to registry as pat.');
    expect(fs.statSync(pat.path('credentials')).mode & 0o777).toBe(0o600);
  });
});

describe('submit → status → install → review', () => {
  let id: string;

  it('needs an API key', async () => {
    const result = await anonymous.plugin(['submit', pat.path('registry-submission.json')], 4);
    expect(result.stderr).toContain('hint: save an API key with "loom plugin login --source registry"');
  });

  it('submits a registry-submission.json and answers with the receipt', async () => {
    const { submission } = await pat.json(['submit', 'registry-submission.json']);
    expect(submission).toEqual({ submission_id: expect.stringMatching(/^sub-/), status: 'pending_review', message: 'Plugin submitted for review', estimated_review_time: '3-5 days' });
    id = submission.submission_id;
  });

  it('says what is in the way of a second submission of the same version, without telling to wait', async () => {
    const again = await pat.plugin(['submit', 'registry-submission.json'], 1);
    expect(again.stderr).toMatch(/error: source registry: a submission of my-ai-plugin@1.0.0 is already open/);
    expect(again.stderr).not.toContain('try again later');
  });

  it('shows the status with the automated checks', async () => {
    await t.checksIdle();
    const { submission } = await pat.json(['status', id]);
    expect(submission).toMatchObject({ submission_id: id, plugin_id: 'my-ai-plugin', version: '1.0.0', status: 'pending_review', checks_state: 'done', reviewed_by: null, reviewed_at: null });
    expect(submission.checks).toContainEqual({ name: 'manifest-schema', status: 'pass', message: expect.any(String) });
    const text = await pat.plugin(['status', id]);
    expect(text.stdout).toMatch(new RegExp(`^${id}  my-ai-plugin 1\\.0\\.0  pending review`));
    expect(text.stdout).toContain('✓ manifest-fetch');
    expect((await anonymous.plugin(['status', id], 3)).stderr).toContain(`no submission "${id}" that you can see`);
  });

  it('follows the submission to approval, then installs the published plugin', async () => {
    await approve(id);
    const { submission } = await pat.json(['status', id]);
    expect(submission).toMatchObject({ status: 'approved', reviewed_by: 'rita', notes: 'Approved! Great plugin.' });
    const { installed } = await pat.json(['install', 'my-ai-plugin']);
    expect(installed).toMatchObject({ id: 'my-ai-plugin', version: '1.0.0', source: 'registry' });
    expect(fs.readFileSync(pat.path('plugins', 'my-ai-plugin', 'published.yaml'), 'utf8')).toBe(goodManifest('1.0.0'));
    expect(JSON.parse(fs.readFileSync(pat.path('plugins', 'my-ai-plugin', 'plugin.json'), 'utf8')).metadata.provider_type).toBe('my-provider');
  });

  it('rates and reviews, marked as from an installer; authors cannot review their own plugin', async () => {
    const owner = await pat.plugin(['rate', 'my-ai-plugin', '--rating', '5', '--json'], 4);
    expect(JSON.parse(owner.stdout).error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('reviews are for its users, not its authors') });
    const ivy = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    homes.push(ivy);
    await ivy.plugin(['login'], 0, { input: (await t.user('user', 'ivy')).key });
    await ivy.plugin(['install', 'my-ai-plugin']);
    expect((await ivy.json(['rate', 'my-ai-plugin', '--rating', '4'])).review).toEqual({
      plugin_id: 'my-ai-plugin',
      source: 'registry',
      rating: 4,
      comment: '',
      installed: true,
      updated_at: expect.any(String),
    });
    const { review } = await ivy.json(['review', 'registry/my-ai-plugin', '--rating', '5', '--comment', 'Excellent plugin, works perfectly!']);
    expect(review).toMatchObject({ rating: 5, comment: 'Excellent plugin, works perfectly!', installed: true });
    const { plugin } = await t.data(RecentReviewsDocument, { id: 'my-ai-plugin' });
    expect(plugin!.reviews.nodes).toEqual([{ rating: 5, comment: 'Excellent plugin, works perfectly!', author: { username: 'ivy' } }]);
    expect((await ivy.plugin(['rate', 'my-ai-plugin', '--rating', '3'])).stdout).toContain('Rated my-ai-plugin 3/5 on registry: "Excellent plugin, works perfectly!".');
  });
});

describe('bad input', () => {
  it('exits 2 for bad arguments or documents, 3 for what does not exist, 4 without a key', async () => {
    expect((await pat.plugin(['rate', 'my-ai-plugin', '--rating', '6'], 2)).stderr).toContain('a whole number from 1 to 5');
    expect((await pat.plugin(['review', 'my-ai-plugin', '--rating', '5'], 2)).stderr).toContain("required option '--comment <text>' not specified");
    expect((await pat.plugin(['rate', 'no-such-plugin', '--rating', '5'], 3)).stderr).toContain('not found');
    expect((await anonymous.plugin(['rate', 'openai-plugin', '--rating', '5'], 4)).stderr).toContain('loom plugin login');
    expect((await pat.plugin(['submit', 'missing.json'], 3)).stderr).toContain('no such file');
    fs.writeFileSync(pat.path('broken.json'), '{"plugin": ');
    expect((await pat.plugin(['submit', 'broken.json'], 2)).stderr).toContain('is not valid JSON');
    fs.writeFileSync(pat.path('empty.json'), '{}');
    expect((await pat.plugin(['submit', 'empty.json'], 2)).stderr).toMatch(/error: source registry: .*plugin/);
    expect((await pat.plugin(['submit', 'registry-submission.json', '--source', 'nope'], 3)).stderr).toContain('no source named "nope"');
  });

  it('sends accounts, submissions and reviews to registry servers only', async () => {
    const folder = new Loom().sources([{ name: 'folder', url: 'file:///tmp' }]);
    expect((await folder.plugin(['rate', 'x-plugin', '--rating', '5', '--source', 'folder'], 2)).stderr).toContain('is not a registry server');
    expect((await folder.plugin(['status', 'sub-1'], 3)).stderr).toContain('no enabled registry server');
    folder.remove();
  });
});
