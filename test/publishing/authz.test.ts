import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { Plugin, PluginMaintainer } from '../../server/modules/plugin/plugin.entity.js';
import { User } from '../../server/modules/user/user.entity.js';
import { createTestApp, errorCode, type TestApp } from '../helpers/app.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';

type Actor = 'anonymous' | 'user' | 'owner' | 'maintainer' | 'reviewer' | 'admin';
const ACTORS: Actor[] = ['anonymous', 'user', 'owner', 'maintainer', 'reviewer', 'admin'];
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
const auth = {} as Record<Actor, Record<string, string>>;
let submitterAuth: Record<string, string>;
let counter = 0;

/** A fresh plugin owned by `owner`, maintained by `maintainer`, with versions 1.0.0 and 1.1.0. */
async function freshPlugin(): Promise<string> {
  const id = `matrix-${++counter}`;
  const entry = {
    id, name: `Matrix ${counter}`, provider_type: 'matrix', description: 'Authorization matrix subject', author: 'Test', version: '1.1.0', license: 'MIT',
    homepage: 'https://example.com', repository: 'https://example.com', install: { type: 'http', manifest_url: 'https://example.com/p.yaml' },
    versions: [{ version: '1.0.0', published_at: '2026-01-01T00:00:00Z' }, { version: '1.1.0', published_at: '2026-02-01T00:00:00Z' }],
  };
  await new CatalogService().import(t.em(), { version: '1.0', plugins: [entry] });
  const em = t.em();
  const plugin = await em.findOneOrFail(Plugin, id);
  plugin.owner = await em.findOneOrFail(User, { username: 'the-owner' });
  em.create(PluginMaintainer, { plugin, user: await em.findOneOrFail(User, { username: 'the-maintainer' }) });
  await em.flush();
  return id;
}

/** A submission by a separate user, checks done: the subject of reviewer actions. */
async function freshSubmission(): Promise<string> {
  const id = `sub-matrix-${++counter}`;
  const res = await t.graphql<{ submitPlugin: { submissionId: string } }>(
    'mutation($s: JSONObject!) { submitPlugin(submission: $s) { submissionId } }',
    { s: sampleSubmission(`${manifests.base}/ok.yaml`, { id }) },
    submitterAuth,
  );
  await t.checksIdle();
  return res.body.data!.submitPlugin.submissionId;
}

interface Operation {
  name: string;
  setup: () => Promise<string>;
  run: (subject: string, headers: Record<string, string>) => Promise<Outcome | string>;
  expect: Record<Actor, Outcome>;
}

const gql = (query: string, variables: (subject: string) => Record<string, unknown>) => async (subject: string, headers: Record<string, string>) => {
  const res = await t.graphql(query, variables(subject), headers);
  return (errorCode(res) as Outcome | undefined) ?? 'ok';
};
const rest = (method: string, path: (subject: string) => string, body: (subject: string) => unknown) => async (subject: string, headers: Record<string, string>) => {
  const res = await fetch(`${t.url}${path(subject)}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body(subject)) });
  if (res.status < 300) return 'ok';
  return ((await res.json()) as { error: { code: string } }).error.code;
};

const OWNERS: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'ok', maintainer: 'ok', reviewer: 'FORBIDDEN', admin: 'ok' };
const OWNER_ONLY: Record<Actor, Outcome> = { ...OWNERS, maintainer: 'FORBIDDEN' };
const ADMINS: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'FORBIDDEN', maintainer: 'FORBIDDEN', reviewer: 'FORBIDDEN', admin: 'ok' };
const REVIEWERS: Record<Actor, Outcome> = { ...ADMINS, reviewer: 'ok' };
const PUBLISHERS: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'FORBIDDEN', owner: 'ok', maintainer: 'ok', reviewer: 'FORBIDDEN', admin: 'FORBIDDEN' };
const ANY_USER: Record<Actor, Outcome> = { anonymous: 'UNAUTHENTICATED', user: 'ok', owner: 'ok', maintainer: 'ok', reviewer: 'ok', admin: 'ok' };

const OPERATIONS: Operation[] = [
  { name: 'createApiKey', setup: async () => '', run: gql('mutation { createApiKey(name: "x") { key } }', () => ({})), expect: ANY_USER },
  { name: 'yankVersion', setup: freshPlugin, run: gql('mutation($p: ID!) { yankVersion(pluginId: $p, version: "1.0.0", reason: "broken") { version } }', (p) => ({ p })), expect: OWNERS },
  { name: 'unyankVersion', setup: freshPlugin, run: gql('mutation($p: ID!) { unyankVersion(pluginId: $p, version: "1.0.0") { version } }', (p) => ({ p })), expect: OWNERS },
  { name: 'deprecatePlugin', setup: freshPlugin, run: gql('mutation($p: ID!) { deprecatePlugin(id: $p, message: "use another") { id } }', (p) => ({ p })), expect: OWNERS },
  { name: 'undeprecatePlugin', setup: freshPlugin, run: gql('mutation($p: ID!) { undeprecatePlugin(id: $p) { id } }', (p) => ({ p })), expect: OWNERS },
  { name: 'addMaintainer', setup: freshPlugin, run: gql('mutation($p: ID!) { addMaintainer(pluginId: $p, username: "plain-user") { id } }', (p) => ({ p })), expect: OWNER_ONLY },
  { name: 'removeMaintainer', setup: freshPlugin, run: gql('mutation($p: ID!) { removeMaintainer(pluginId: $p, username: "the-maintainer") { id } }', (p) => ({ p })), expect: OWNER_ONLY },
  { name: 'transferOwnership', setup: freshPlugin, run: gql('mutation($p: ID!) { transferOwnership(pluginId: $p, username: "plain-user") { id } }', (p) => ({ p })), expect: OWNER_ONLY },
  { name: 'setVerified', setup: freshPlugin, run: gql('mutation($p: ID!) { setVerified(pluginId: $p, verified: true) { id } }', (p) => ({ p })), expect: ADMINS },
  { name: 'setCategory', setup: freshPlugin, run: gql('mutation($p: ID!) { setCategory(pluginId: $p, category: OFFICIAL) { id } }', (p) => ({ p })), expect: ADMINS },
  {
    name: 'submitPlugin (new version of an existing plugin)',
    setup: freshPlugin,
    run: gql('mutation($s: JSONObject!) { submitPlugin(submission: $s) { submissionId } }', (p) => ({ s: sampleSubmission(`${manifests.base}/ok.yaml`, { id: p, version: '2.0.0' }) })),
    expect: PUBLISHERS,
  },
  { name: 'POST /api/v1/plugins (new version)', setup: freshPlugin, run: rest('POST', () => '/api/v1/plugins', (p) => sampleSubmission(`${manifests.base}/ok.yaml`, { id: p, version: '2.0.0' })), expect: PUBLISHERS },
  { name: 'claimSubmission', setup: freshSubmission, run: gql('mutation($s: ID!) { claimSubmission(id: $s) { status } }', (s) => ({ s })), expect: REVIEWERS },
  { name: 'approveSubmission', setup: freshSubmission, run: gql('mutation($s: ID!) { approveSubmission(id: $s) { status } }', (s) => ({ s })), expect: REVIEWERS },
  { name: 'rejectSubmission', setup: freshSubmission, run: gql('mutation($s: ID!) { rejectSubmission(id: $s, notes: "no") { status } }', (s) => ({ s })), expect: REVIEWERS },
  { name: 'requestChanges', setup: freshSubmission, run: gql('mutation($s: ID!) { requestChanges(id: $s, notes: "fix") { status } }', (s) => ({ s })), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/approve', setup: freshSubmission, run: rest('POST', (s) => `/api/v1/submissions/${s}/approve`, () => ({})), expect: REVIEWERS },
  { name: 'POST /api/v1/submissions/:id/reject', setup: freshSubmission, run: rest('POST', (s) => `/api/v1/submissions/${s}/reject`, () => ({ notes: 'no' })), expect: REVIEWERS },
];

beforeAll(async () => {
  manifests = await startManifestServer({ '/ok.yaml': goodManifest('1.0.0') });
  t = await createTestApp({ fetchAllow: ['127.0.0.1'], allowHttpLoopback: true, writesPerKey: 10_000, writesPerIp: 10_000 });
  auth.anonymous = {};
  auth.user = (await t.user('user', 'plain-user')).auth;
  auth.owner = (await t.user('user', 'the-owner')).auth;
  auth.maintainer = (await t.user('user', 'the-maintainer')).auth;
  auth.reviewer = (await t.user('reviewer', 'the-reviewer')).auth;
  auth.admin = (await t.user('admin', 'the-admin')).auth;
  submitterAuth = (await t.user('user', 'the-submitter')).auth;
});
afterAll(async () => {
  await t.close();
  await manifests.close();
});

describe('authorization matrix', () => {
  for (const op of OPERATIONS) {
    describe(op.name, () => {
      for (const actor of ACTORS) {
        it(`${actor}: ${op.expect[actor]}`, async () => {
          const subject = await op.setup();
          const outcome = await op.run(subject, auth[actor]);
          expect(outcome).toBe(op.expect[actor]);
        });
      }
    });
  }
});

describe('API keys', () => {
  it('answers a bad, revoked or expired key with 401 and one vague message', async () => {
    const fresh = await t.user('user', 'key-owner');
    const keys = await t.graphql<{ me: { apiKeys: { id: string }[] } }>('{ me { apiKeys { id } } }', undefined, fresh.auth);
    const id = keys.body.data!.me.apiKeys[0].id;
    await t.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id }, fresh.auth);
    const messages = new Set<string>();
    for (const header of [fresh.auth.authorization, 'Bearer loom_not-a-real-key', 'Bearer something-else', 'Basic abc']) {
      const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: header }, body: '{"query":"{ me { username } }"}' });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      messages.add(body.errors[0].message);
      const restRes = await fetch(`${t.url}/api/v1/submissions/sub-x`, { headers: { authorization: header } });
      expect(restRes.status).toBe(401);
    }
    expect(messages.size).toBe(1);
  });

  it('stores only a hash, shows the secret once, records last use and refuses scopes beyond the role', async () => {
    const u = await t.user('user', 'scoped');
    const created = await t.graphql<{ createApiKey: { key: string; apiKey: { prefix: string; scopes: string[] } } }>('mutation { createApiKey(name: "ci") { key apiKey { prefix scopes } } }', undefined, u.auth);
    const { key, apiKey } = created.body.data!.createApiKey;
    expect(key).toMatch(/^loom_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.scopes).toEqual(['publish']);
    const rows = await t.em().getConnection().execute<{ hash: string }[]>('select hash from api_key');
    expect(rows.some((r) => r.hash.includes(key) || key.includes(r.hash))).toBe(false);
    const me = await t.graphql<{ me: { apiKeys: { lastUsedAt: string | null }[] } }>('{ me { apiKeys { lastUsedAt } } }', undefined, u.auth);
    expect(me.body.data!.me.apiKeys.some((k) => k.lastUsedAt !== null)).toBe(true);
    const beyond = await t.graphql('mutation { createApiKey(scopes: ["admin"]) { key } }', undefined, u.auth);
    expect(errorCode(beyond)).toBe('FORBIDDEN');
  });

  it('refuses an action the key lacks the scope for, even to an admin', async () => {
    const admin = await t.user('admin', 'narrow-admin', ['publish']);
    const plugin = await freshPlugin();
    const res = await t.graphql('mutation($p: ID!) { setVerified(pluginId: $p, verified: true) { id } }', { p: plugin }, admin.auth);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.body.errors?.[0].message).toMatch(/lacks the "admin" scope/);
  });
});

describe('write rate limits', () => {
  it('answers 429 with Retry-After and RateLimit headers once a key exceeds its writes a minute', async () => {
    const limited = await createTestApp({ writesPerKey: 3, writesPerIp: 100 });
    try {
      const u = await limited.user('user', 'busy');
      const codes: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 5; i++) {
        last = await fetch(`${limited.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...u.auth }, body: '{}' });
        codes.push(last.status);
      }
      expect(codes).toEqual([400, 400, 400, 429, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get('ratelimit-limit')).toBe('3');
      expect(last!.headers.get('ratelimit-remaining')).toBe('0');
      const gqlRes = await fetch(`${limited.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...u.auth },
        body: JSON.stringify({ query: 'mutation { submitPlugin(submission: {}) { submissionId } }' }),
      });
      expect(gqlRes.status).toBe(429);
      expect(gqlRes.headers.get('retry-after')).not.toBeNull();
      expect(((await gqlRes.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });
});
