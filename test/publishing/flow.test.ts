import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { AuditLogCountDocument, AuditLogDocument, PluginCurrentVersionDocument, PluginOwnerDocument, SubmitPluginDocument, WithdrawSubmissionDocument } from '../gql/graphql.js';
import { expectLoomDocument } from '../helpers/loom.js';
import { goodManifest, publishingSetup, sampleSubmission, type startManifestServer } from '../helpers/manifests.js';
import type { RestClient } from '../helpers/rest.js';

let t: TestApp;
let api: RestClient;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
let publisher: Awaited<ReturnType<TestApp['user']>>;
let reviewer: Awaited<ReturnType<TestApp['user']>>;

let setup: Awaited<ReturnType<typeof publishingSetup>>;

beforeAll(async () => {
  setup = await publishingSetup({
    '/v1.yaml': goodManifest('1.0.0'),
    '/v1.1.yaml': goodManifest('1.1.0'),
    '/wrong-version.yaml': goodManifest('9.9.9'),
    '/endpoint-not-a-url.yaml': goodManifest('1.0.0').replace('http://localhost:8090', 'not a url'),
    '/endpoint-no-host.yaml': goodManifest('1.0.0').replace('http://localhost:8090', 'http://'),
  });
  ({ t, api, manifests, publisher, reviewer } = setup);
});
afterAll(() => setup.close());

async function rest(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('submit → checks → review → published', () => {
  let submissionId: string;
  let nextSubmissionId: string;

  it('accepts the spec sample submission with the spec answer', async () => {
    const res = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`), publisher.auth);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ submission_id: expect.stringMatching(/^sub-[0-9a-f]{12}$/), status: 'pending_review', message: 'Plugin submitted for review', estimated_review_time: '3-5 days' });
    expect(res.headers.get('location')).toBe(`/api/v1/submissions/${res.body.submission_id}`);
    submissionId = res.body.submission_id;
  });

  it('shows the status while the checks run, and their results after', async () => {
    const during = await rest('GET', `/api/v1/submissions/${submissionId}`, undefined, publisher.auth);
    expect(during.status).toBe(200);
    expect(['queued', 'running', 'done']).toContain(during.body.checks_state);
    await t.checksIdle();
    const after = await rest('GET', `/api/v1/submissions/${submissionId}`, undefined, publisher.auth);
    expect(after.body).toMatchObject({ submission_id: submissionId, status: 'pending_review', plugin_id: 'my-ai-plugin', reviewed_by: null, reviewed_at: null, checks_state: 'done' });
    const byName = Object.fromEntries(after.body.checks.map((c: { name: string; status: string }) => [c.name, c.status]));
    expect(byName).toMatchObject({ 'manifest-fetch': 'pass', 'manifest-schema': 'pass', 'manifest-match': 'pass', secrets: 'pass', 'secret-defaults': 'pass', 'docker-image-pinned': 'pass', 'lookalike-name': 'pass' });
  });

  it('hides the submission from everyone but its submitter, reviewers and admins', async () => {
    const stranger = await t.user();
    expect((await rest('GET', `/api/v1/submissions/${submissionId}`, undefined, stranger.auth)).status).toBe(404);
    expect((await rest('GET', `/api/v1/submissions/${submissionId}`)).status).toBe(404);
    expect((await rest('GET', `/api/v1/submissions/${submissionId}`, undefined, reviewer.auth)).status).toBe(200);
  });

  it('lets nobody review their own submission', async () => {
    const selfReviewer = await t.user('reviewer', 'selfie');
    const own = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'selfie-plugin' }), selfReviewer.auth);
    await t.checksIdle();
    const res = await rest('POST', `/api/v1/submissions/${own.body.submission_id}/approve`, {}, selfReviewer.auth);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/own submission/);
  });

  it('publishes on approval: REST detail, the manifest snapshot with its sha256, /registry.json and REST search', async () => {
    expect((await rest('POST', `/api/v1/submissions/${submissionId}/claim`, {}, reviewer.auth)).body.status).toBe('in_review');
    const approved = await rest('POST', `/api/v1/submissions/${submissionId}/approve`, { notes: 'Approved! Great plugin.' }, reviewer.auth);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', reviewed_by: 'rita@example.test', notes: 'Approved! Great plugin.', reviewed_at: expect.stringMatching(/Z$/) });

    // `api` checks every answer against the OpenAPI document, which spells out Loom's JSON types.
    const detail = await api.get('/api/v1/plugins/my-ai-plugin');
    expect(detail.status).toBe(200);
    // install names the registry's own snapshot of the version, never the publisher's (mutable) URL
    const snapshot = { manifest_url: `${t.url}/api/v1/plugins/my-ai-plugin/versions/1.0.0/manifest`, sha256: createHash('sha256').update(goodManifest('1.0.0')).digest('hex') };
    expect(detail.body).toMatchObject({ id: 'my-ai-plugin', version: '1.0.0', category: 'community', verified: false, installable: true, not_installable_reason: null, install: snapshot });
    expect(detail.body.versions).toEqual([expect.objectContaining({ version: '1.0.0', changes: 'First release of my plugin', yanked: false })]);
    const manifest = await api.get('/api/v1/plugins/my-ai-plugin/versions/1.0.0/manifest');
    expect(manifest.status).toBe(200);
    expect(manifest.text).toBe(goodManifest('1.0.0'));
    expect(manifest.headers.get('etag')).toBe(`"${createHash('sha256').update(goodManifest('1.0.0')).digest('hex')}"`);

    const registry = await api.get('/registry.json');
    expect(registry.status).toBe(200);
    expectLoomDocument(registry.body);
    expect(registry.body.plugins.find((p: { id: string }) => p.id === 'my-ai-plugin')).toMatchObject({ version: '1.0.0', verified: false, tags: ['ai', 'llm', 'custom'], install: { type: 'http', ...snapshot } });
    const found = await api.get('/api/v1/plugins?search=my%20ai');
    expect(found.status).toBe(200);
    expect(found.body.plugins[0]).toMatchObject({ id: 'my-ai-plugin', version: '1.0.0' });

    const owner = await t.data(PluginOwnerDocument, { id: 'my-ai-plugin' });
    expect(owner.plugin!.owner!.username).toBe('pat');
  });

  it('publishes a new version from the owner, refuses older or equal versions and other people', async () => {
    expect((await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`), publisher.auth)).status).toBe(409);
    const stranger = await t.user();
    const theirs = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.1.yaml`, { version: '1.1.0' }), stranger.auth);
    expect(theirs.status).toBe(403);

    const next = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.1.yaml`, { version: '1.1.0' }), publisher.auth);
    expect(next.status).toBe(202);
    await t.checksIdle();
    nextSubmissionId = next.body.submission_id;
    expect((await rest('POST', `/api/v1/submissions/${nextSubmissionId}/approve`, {}, reviewer.auth)).body.status).toBe('approved');
    const data = await t.data(PluginCurrentVersionDocument, { id: 'my-ai-plugin' });
    expect(data.plugin!.version).toBe('1.1.0');
    expect(data.plugin!.versions.nodes.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
    const older = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`, { version: '1.0.5' }), publisher.auth);
    expect(older.status).toBe(409);
    expect(older.body.error.message).toMatch(/greater than 1.1.0/);
  });

  it('sends failing submissions back with the reasons, and accepts a corrected resubmission', async () => {
    const bad = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/wrong-version.yaml`, { id: 'second-plugin' }), publisher.auth);
    await t.checksIdle();
    const status = await rest('GET', `/api/v1/submissions/${bad.body.submission_id}`, undefined, publisher.auth);
    expect(status.body.status).toBe('changes_requested');
    expect(status.body.notes).toMatch(/manifest-match: metadata.version is 9.9.9, the submission says 1.0.0/);
    const approve = await rest('POST', `/api/v1/submissions/${bad.body.submission_id}/approve`, {}, reviewer.auth);
    expect(approve.status).toBe(409);

    const fixed = await rest('PUT', `/api/v1/submissions/${bad.body.submission_id}`, sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'second-plugin' }), publisher.auth);
    expect(fixed.body).toMatchObject({ status: 'pending_review', checks_state: 'queued' });
    await t.checksIdle();
    expect((await rest('POST', `/api/v1/submissions/${bad.body.submission_id}/approve`, {}, reviewer.auth)).body.status).toBe('approved');
  });

  it('records a manifest whose endpoint is not a URL as a failed check and sends it back, never leaving its checks running', async () => {
    for (const [path, id] of [['/endpoint-not-a-url.yaml', 'not-a-url-plugin'], ['/endpoint-no-host.yaml', 'no-host-plugin']]) {
      const sent = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}${path}`, { id }), publisher.auth);
      await t.checksIdle();
      const status = await rest('GET', `/api/v1/submissions/${sent.body.submission_id}`, undefined, publisher.auth);
      expect(status.body).toMatchObject({ checks_state: 'done', status: 'changes_requested' });
      expect(status.body.checks).toContainEqual({ name: 'manifest-schema', status: 'fail', message: expect.stringMatching(/endpoint: Invalid URL/) });
      expect(status.body.notes).toMatch(/manifest-schema: manifest does not match Loom's manifest schema: endpoint: Invalid URL/);
      // sent back like any failing submission: the submitter can withdraw it, a reviewer cannot approve it
      expect((await rest('POST', `/api/v1/submissions/${sent.body.submission_id}/approve`, {}, reviewer.auth)).status).toBe(409);
      expect((await rest('DELETE', `/api/v1/submissions/${sent.body.submission_id}`, undefined, publisher.auth)).body.status).toBe('withdrawn');
    }
  });

  it('clears the earlier decision on a resubmission, keeping its notes for the submitter and the next reviewer', async () => {
    const author = await t.user();
    const sent = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'third-plugin' }), author.auth);
    await t.checksIdle();
    const back = await rest('POST', `/api/v1/submissions/${sent.body.submission_id}/request-changes`, { notes: 'Add a changelog.' }, reviewer.auth);
    expect(back.body).toMatchObject({ status: 'changes_requested', reviewed_by: 'rita@example.test', reviewed_at: expect.stringMatching(/Z$/), notes: 'Add a changelog.' });

    const again = await rest('PUT', `/api/v1/submissions/${sent.body.submission_id}`, sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'third-plugin' }), author.auth);
    expect(again.body).toMatchObject({ status: 'pending_review', reviewed_by: null, reviewed_at: null, notes: 'Add a changelog.' });
    await t.checksIdle();
  });

  it('lets the submitter withdraw a submission under way, freeing its id@version, and not a decided one', async () => {
    const author = await t.user();
    // The manifest answers only when the test says: the withdrawal lands while the checks run.
    let fetching!: () => void;
    let answer!: () => void;
    const fetched = new Promise<void>((resolve) => (fetching = resolve));
    const answered = new Promise<void>((resolve) => (answer = resolve));
    manifests.routes['/held.yaml'] = (_req, res) => {
      fetching();
      void answered.then(() => res.writeHead(200, { 'content-type': 'application/yaml' }).end(goodManifest('1.0.0')));
    };
    const sent = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/held.yaml`, { id: 'fourth-plugin' }), author.auth);
    await fetched;
    const withdrawn = await api.request('DELETE', `/api/v1/submissions/${sent.body.submission_id}`, { headers: author.auth });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ submission_id: sent.body.submission_id, status: 'withdrawn', checks_state: 'done' });
    answer();
    await t.checksIdle();
    // The run that was under way drops its results rather than leaving the checks "running" on a closed submission.
    expect((await rest('GET', `/api/v1/submissions/${sent.body.submission_id}`, undefined, author.auth)).body).toMatchObject({ status: 'withdrawn', checks_state: 'done', checks: [] });
    expect((await api.request('DELETE', `/api/v1/submissions/${sent.body.submission_id}`, { headers: author.auth })).status).toBe(409);

    const body = sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'fourth-plugin' });

    const again = await rest('POST', '/api/v1/plugins', body, author.auth);
    expect(again.status).toBe(202);
    await t.checksIdle();
    await rest('POST', `/api/v1/submissions/${again.body.submission_id}/request-changes`, { notes: 'Not like this.' }, reviewer.auth);
    const viaGraphql = await t.graphql(WithdrawSubmissionDocument, { id: again.body.submission_id }, author.auth);
    expect(viaGraphql.body.data?.withdrawSubmission.status).toBe('WITHDRAWN');

    const decided = await rest('DELETE', `/api/v1/submissions/${submissionId}`, undefined, publisher.auth);
    expect(decided.status).toBe(409);
    expect(decided.body.error.message).toBe(`submission ${submissionId} is approved; only pending_review, in_review and changes_requested submissions can be withdrawn`);
  });

  it('replays the answer for a retried Idempotency-Key (the same body in any key order), and refuses the key with another body', async () => {
    const body = sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'idem-plugin' });
    const headers = { ...publisher.auth, 'idempotency-key': 'retry-123' };
    const first = await rest('POST', '/api/v1/plugins', body, headers);
    const again = await rest('POST', '/api/v1/plugins', body, headers);
    expect(first.status).toBe(202);
    expect(again.body).toEqual(first.body);
    const reordered = { submission: body.submission, plugin: Object.fromEntries(Object.entries(body.plugin).reverse()) };
    const same = await rest('POST', '/api/v1/plugins', reordered, headers);
    expect(same.status).toBe(202);
    expect(same.body).toEqual(first.body);
    const other = await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'idem-plugin-2' }), headers);
    expect(other.status).toBe(409);
    await t.checksIdle();
  });

  it('lets exactly one of many concurrent submissions of the same id@version win', async () => {
    const body = sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'race-plugin' });
    const results = await Promise.all(Array.from({ length: 8 }, () => rest('POST', '/api/v1/plugins', body, publisher.auth)));
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409, 409, 409, 409, 409, 409]);
    await t.checksIdle();
  });

  it('records every write in the audit log, readable by admins only', async () => {
    const admin = await t.user('admin');
    const log = await t.graphql(AuditLogDocument, { target: 'plugin:my-ai-plugin', first: 50 }, admin.auth);
    expect(log.body.errors).toBeUndefined();
    // Each publication shows under the plugin, newest first, not only under its submission.
    expect(log.body.data!.auditLog.nodes.filter((n) => n.action === 'plugin.publish')).toMatchObject([
      { action: 'plugin.publish', target: 'plugin:my-ai-plugin', details: { version: '1.1.0', submission: nextSubmissionId }, actor: { username: 'rita' } },
      { action: 'plugin.publish', target: 'plugin:my-ai-plugin', details: { version: '1.0.0', submission: submissionId }, actor: { username: 'rita' } },
    ]);
    const all = await t.graphql(AuditLogDocument, {}, admin.auth);
    const actions = all.body.data!.auditLog.nodes.map((n) => n.action);
    expect(actions).toEqual(expect.arrayContaining(['submission.create', 'submission.checks', 'submission.claim', 'submission.approve', 'submission.resubmit', 'submission.withdraw']));
    const denied = await t.graphql(AuditLogCountDocument, undefined, reviewer.auth);
    expect(denied.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('submission validation', () => {
  it('reports every bad field at once', async () => {
    const body = sampleSubmission('ftp://example.com/plugin.yaml');
    Object.assign(body.plugin, { id: 'Bad_Id', version: 'one', license: 'Proprietary', tags: Array.from({ length: 11 }, (_, i) => `t${i}`), homepage: 'http://example.com' });
    body.submission.contact_email = 'nope';
    const res = await rest('POST', '/api/v1/plugins', body, publisher.auth);
    expect(res.status).toBe(400);
    const fields = res.body.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['plugin.id', 'plugin.version', 'plugin.license', 'plugin.tags', 'plugin.homepage', 'plugin.install.manifest_url', 'submission.contact_email']));
  });

  it("refuses a custom capability named like a key Loom's capabilities decode, naming each one", async () => {
    const body = sampleSubmission(`${manifests.base}/v1.yaml`, { id: 'clash-plugin' });
    Object.assign(body.plugin.capabilities, { custom_capabilities: { streaming: true, custom_capabilities: true, fine_tuning: false, structured_outputs: true } });
    const res = await rest('POST', '/api/v1/plugins', body, publisher.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_USER_INPUT');
    const fields = res.body.error.details.fields as { field: string; message: string }[];
    expect(fields.map((f) => f.field).sort()).toEqual(['custom_capabilities', 'fine_tuning', 'streaming'].map((n) => `plugin.capabilities.custom_capabilities.${n}`));
    expect(fields[0].message).toMatch(/name Loom's capabilities already decode .*in any case/);
    const graphql = await t.graphql(SubmitPluginDocument, { submission: body }, publisher.auth);
    expect(graphql.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers 415 for a non-JSON body and 401 without a key', async () => {
    const res = await fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'text/plain', ...publisher.auth }, body: 'x' });
    expect(res.status).toBe(415);
    expect((await rest('POST', '/api/v1/plugins', sampleSubmission(`${manifests.base}/v1.yaml`))).status).toBe(401);
  });
});
