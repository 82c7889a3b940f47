import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plugin, PluginTag } from '../../server/modules/catalog/plugin.entity.js';
import { Submission } from '../../server/modules/publishing/submission.entity.js';
import { PluginVersion } from '../../server/modules/publishing/version.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CreateApiKeyDocument, MeDocument } from '../gql/graphql.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';

/**
 * Races decided by the database, not by timing: every test fires its requests at once (Promise.all) and
 * asserts what any order of them must give — one winner where only one may win, clean 409s for the rest,
 * and nothing half-published.
 */

const VERSIONS = ['1.0.0', '1.0.1', '1.0.2', '1.0.3', '2.0.0', '2.1.0', '2.2.0', '2.3.0'];
let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
type Auth = Record<string, string>;

beforeAll(async () => {
  manifests = await startManifestServer(Object.fromEntries(VERSIONS.map((v) => [`/${v}.yaml`, goodManifest(v)])));
  t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true, writesPerKey: 10_000, writesPerIp: 10_000 });
});
afterAll(async () => {
  await t.close();
  await manifests.close();
});

async function rest(method: string, path: string, auth: Auth, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...auth, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Submits id@version as `by` and waits for the checks: a submission ready for approval. */
async function submitted(by: Auth, id: string, version: string): Promise<string> {
  const res = await rest('POST', '/api/v1/plugins', by, sampleSubmission(`${manifests.base}/${version}.yaml`, { id, version }));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  await t.checksIdle();
  return res.body.submission_id;
}

const approve = (id: string, reviewer: Auth) => rest('POST', `/api/v1/submissions/${id}/approve`, reviewer, {});

async function published(id: string) {
  const em = t.em();
  const plugin = await em.findOne(Plugin, id, { populate: ['owner'] });
  const versions = (await em.find(PluginVersion, { plugin: id })).map((v) => v.version).sort();
  const tags = (await em.find(PluginTag, { plugin: id })).map((tag) => tag.tag).sort();
  return { plugin, versions, tags };
}

describe('concurrent approvals', () => {
  it('publishes exactly one of competing submissions of the same new plugin id; the others get 409 saying why', async () => {
    const reviewers = await Promise.all([1, 2, 3, 4].map(() => t.user('reviewer')));
    const submitters = await Promise.all([1, 2, 3, 4].map(() => t.user('user')));
    const ids: string[] = [];
    for (const [i, submitter] of submitters.entries()) ids.push(await submitted(submitter.auth, 'contested', VERSIONS[i]));

    const results = await Promise.all(ids.map((id, i) => approve(id, reviewers[i].auth)));

    expect(results.map((r) => r.status).sort(), JSON.stringify(results)).toEqual([200, 409, 409, 409]);
    const winner = results.findIndex((r) => r.status === 200);
    for (const loser of results.filter((r) => r.status === 409)) {
      expect(loser.body.error.message).toBe(`"contested" belongs to ${submitters[winner].username} now, and the submitter is neither its owner nor a maintainer: reject this submission`);
    }
    const { plugin, versions, tags } = await published('contested');
    expect(plugin?.owner?.username).toBe(submitters[winner].username);
    expect(versions).toEqual([VERSIONS[winner]]);
    expect(tags).toEqual(['ai', 'custom', 'llm']);
    const statuses = await t.em().find(Submission, { id: { $in: ids } });
    expect(statuses.map((s) => s.status).sort()).toEqual(['approved', 'pending_review', 'pending_review', 'pending_review']);
  });

  it('publishes new versions of one plugin one at a time: each is above every version published before it', async () => {
    const owner = await t.user('user');
    const reviewers = await Promise.all([1, 2, 3, 4].map(() => t.user('reviewer')));
    expect((await approve(await submitted(owner.auth, 'versioned', '1.0.0'), reviewers[0].auth)).status).toBe(200);
    const next = VERSIONS.slice(4);
    const ids: string[] = [];
    for (const version of next) ids.push(await submitted(owner.auth, 'versioned', version));

    const results = await Promise.all(ids.map((id, i) => approve(id, reviewers[i].auth)));

    // Which ones win depends on the order the database grants the lock; that no other answer comes does not.
    const won = next.filter((_, i) => results[i].status === 200);
    expect(won.length).toBeGreaterThan(0);
    for (const [i, result] of results.entries()) {
      if (result.status === 200) continue;
      expect(result.status, JSON.stringify(result.body)).toBe(409);
      expect(result.body.error.message).toMatch(new RegExp(`^version ${next[i].replaceAll('.', '\\.')} is not above 2\\.\\d\\.0, the highest published version of versioned$`));
    }
    const { plugin, versions, tags } = await published('versioned');
    expect(versions).toEqual(['1.0.0', ...won]);
    expect(plugin?.version).toBe(won.at(-1));
    expect(tags).toEqual(['ai', 'custom', 'llm']);
  });

  it('approves one submission once, however many reviewers approve it at the same moment', async () => {
    const reviewers = await Promise.all([1, 2, 3, 4].map(() => t.user('reviewer')));
    const id = await submitted((await t.user('user')).auth, 'approved-once', '1.0.0');

    const results = await Promise.all(reviewers.map((r) => approve(id, r.auth)));

    expect(results.map((r) => r.status).sort(), JSON.stringify(results)).toEqual([200, 409, 409, 409]);
    for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.error.message).toBe(`submission ${id} is approved; only pending_review and in_review submissions can be approved`);
    expect((await published('approved-once')).versions).toEqual(['1.0.0']);
  });
});

describe('concurrent retries', () => {
  it('replays the one receipt to every concurrent retry with the same Idempotency-Key', async () => {
    const publisher = await t.user('user');
    const body = sampleSubmission(`${manifests.base}/1.0.0.yaml`, { id: 'retried' });

    const results = await Promise.all(Array.from({ length: 6 }, () => rest('POST', '/api/v1/plugins', publisher.auth, body, { 'idempotency-key': 'same-key' })));

    expect(results.map((r) => r.status), JSON.stringify(results)).toEqual([202, 202, 202, 202, 202, 202]);
    for (const result of results) expect(result.body).toEqual(results[0].body);
    expect(await t.em().count(Submission, { pluginId: 'retried' })).toBe(1);
    await t.checksIdle();
  });

  it('refuses every concurrent reuse of one Idempotency-Key with another body', async () => {
    const publisher = await t.user('user');
    const bodies = ['reused-a', 'reused-b', 'reused-c', 'reused-d'].map((id) => sampleSubmission(`${manifests.base}/1.0.0.yaml`, { id }));

    const results = await Promise.all(bodies.map((body) => rest('POST', '/api/v1/plugins', publisher.auth, body, { 'idempotency-key': 'one-key' })));

    expect(results.map((r) => r.status).sort(), JSON.stringify(results)).toEqual([202, 409, 409, 409]);
    for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.error.message).toBe('this Idempotency-Key was already used with a different body');
    expect(await t.em().count(Submission, { pluginId: { $like: 'reused-%' } })).toBe(1);
    await t.checksIdle();
  });
});

describe('a withdrawal racing an approval', () => {
  it('lets exactly one of them win, and leaves the plugin published only if the approval did', async () => {
    const submitter = await t.user('user');
    const reviewer = await t.user('reviewer');
    const id = await submitted(submitter.auth, 'taken-back', '1.0.0');

    const [approval, withdrawal] = await Promise.all([approve(id, reviewer.auth), rest('DELETE', `/api/v1/submissions/${id}`, submitter.auth)]);

    expect([approval.status, withdrawal.status].sort(), JSON.stringify([approval, withdrawal])).toEqual([200, 409]);
    const { plugin, versions } = await published('taken-back');
    const status = (await t.em().findOneOrFail(Submission, id)).status;
    if (approval.status === 200) {
      expect(status).toBe('approved');
      expect(versions).toEqual(['1.0.0']);
    } else {
      expect(status).toBe('withdrawn');
      expect(plugin).toBeNull();
    }
  });
});

describe('a key minted while its parent is revoked', () => {
  it('is refused or revoked with its parent, never left working', async () => {
    for (let i = 0; i < 8; i++) {
      const em = t.em();
      const { user } = await t.app.services.users.createUser(em, { username: `racer-${i}`, displayName: 'Racer', email: `racer-${i}@example.test`, role: 'user' });
      const parent = await t.app.services.users.createKey(em, user, { name: 'parent' });
      const [minted] = await Promise.all([
        t.graphql(CreateApiKeyDocument, { name: 'child' }, { authorization: `Bearer ${parent.key}` }),
        t.app.services.users.revokeKey(t.em(), String(parent.apiKey.id)),
      ]);
      const child = minted.body.data?.createApiKey.key;
      if (child === undefined) expect(minted.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      else expect((await t.graphql(MeDocument, undefined, { authorization: `Bearer ${child}` })).status).toBe(401);
    }
  });
});
