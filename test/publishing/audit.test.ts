import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TypedDocument } from '../helpers/app.js';
import {
  AuditLogDocument, type AuditLogQuery, CreateApiKeyDocument, DeleteReviewDocument, FlagReviewDocument, MyKeysDocument, PluginVersionDocument,
  RatePluginDocument, RevokeApiKeyDocument, ReviewPluginDocument, StarPluginDocument, UnstarPluginDocument,
} from '../gql/graphql.js';

type Who = Awaited<ReturnType<TestApp['user']>>;

const PLUGIN = 'groq-plugin';
let t: TestApp;
let admin: Who;
let alice: Who;
let bob: Who;

beforeAll(async () => {
  t = await createTestApp({ writesPerKey: 10_000, writesPerIp: 10_000 });
  admin = await t.user('admin', 'audit-admin');
  alice = await t.user('user', 'alice');
  bob = await t.user('user', 'bob');
});
afterAll(() => t.close());

/** The audit log of one target as an admin reads it, newest first. */
async function log(target?: string): Promise<AuditLogQuery['auditLog']> {
  const res = await t.graphql(AuditLogDocument, { target }, admin.auth);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.auditLog;
}

async function mutate<R, V>(who: Who, document: TypedDocument<R, V>, variables: V): Promise<R> {
  const res = await t.graphql(document, variables, who.auth);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data!;
}

const createKey = async (who: Who) =>
  (await mutate(who, CreateApiKeyDocument, { name: 'ci' })).createApiKey;
const revokeKey = (who: Who, id: string) => mutate(who, RevokeApiKeyDocument, { id });

describe('the audit log', () => {
  it('records users the server operator creates and their first key, with no actor and saying who', async () => {
    const [created] = (await log('user:alice')).nodes;
    expect(created).toMatchObject({ action: 'user.create', actor: null, details: { role: 'user', by: 'the server operator (admin CLI)' } });
    expect(Date.now() - Date.parse(created.createdAt)).toBeLessThan(60_000);
    const keys = await mutate(alice, MyKeysDocument, {});
    const first = keys.me!.apiKeys.find((k) => k.name === 'first key')!;
    expect((await log(`api_key:${first.id}`)).nodes).toMatchObject([{ action: 'api_key.create', actor: null, details: { owner: 'alice', by: 'the server operator (admin CLI)' } }]);
  });

  it('records keys created and revoked through the API, naming both people when an admin revokes somebody else’s', async () => {
    const own = await createKey(alice);
    await revokeKey(alice, own.apiKey.id);
    // revoking twice changes nothing, so it is not recorded twice
    await revokeKey(alice, own.apiKey.id);
    expect((await log(`api_key:${own.apiKey.id}`)).nodes).toMatchObject([
      { action: 'api_key.revoke', actor: { username: 'alice' }, target: `api_key:${own.apiKey.id}`, details: { owner: 'alice', prefix: own.apiKey.prefix } },
      { action: 'api_key.create', actor: { username: 'alice' }, details: { owner: 'alice', prefix: own.apiKey.prefix, name: 'ci', scopes: ['publish'] } },
    ]);
    const bobs = await createKey(bob);
    await revokeKey(admin, bobs.apiKey.id);
    expect((await log(`api_key:${bobs.apiKey.id}`)).nodes[0]).toMatchObject({ action: 'api_key.revoke', actor: { username: 'audit-admin' }, details: { owner: 'bob' } });
  });

  it('records keys the server operator issues and revokes', async () => {
    const em = t.em();
    const user = await t.app.services.users.findUser(em, 'bob');
    const issued = await t.app.services.users.createKey(em, user, { name: 'deploy' });
    await t.app.services.users.revokeKey(em, String(issued.apiKey.id));
    const by = 'the server operator (admin CLI)';
    expect((await log(`api_key:${issued.apiKey.id}`)).nodes).toMatchObject([
      { action: 'api_key.revoke', actor: null, details: { owner: 'bob', by } },
      { action: 'api_key.create', actor: null, details: { owner: 'bob', name: 'deploy', by } },
    ]);
  });

  it('never holds key material: only ids and prefixes', async () => {
    const fresh = await createKey(alice);
    const text = JSON.stringify((await log()).nodes);
    const hashes = await t.em().getConnection().execute<{ hash: string }[]>('select hash from api_key');
    for (const secret of [fresh.key, alice.key, bob.key, admin.key, ...hashes.map((h) => h.hash)]) expect(text).not.toContain(secret.slice(12));
  });

  it('records reviews written, edited, flagged and deleted, through GraphQL and REST', async () => {
    const written = await mutate(alice, ReviewPluginDocument, { id: PLUGIN, rating: 4, comment: 'Fast' });
    await mutate(alice, RatePluginDocument, { id: PLUGIN, rating: 5 });
    const target = `review:${written.reviewPlugin.id}`;
    const res = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/reviews`, { method: 'POST', headers: { 'content-type': 'application/json', ...bob.auth }, body: '{"rating": 2, "comment": "Slow"}' });
    expect(res.status).toBeLessThan(300);
    await mutate(bob, FlagReviewDocument, { id: written.reviewPlugin.id, reason: 'spam' });
    await mutate(alice, DeleteReviewDocument, { pluginId: PLUGIN });
    expect((await log(target)).nodes).toMatchObject([
      { action: 'review.delete', actor: { username: 'alice' }, details: { plugin: PLUGIN } },
      { action: 'review.flag', actor: { username: 'bob' }, details: { plugin: PLUGIN, reason: 'spam' } },
      { action: 'review.update', actor: { username: 'alice' }, details: { plugin: PLUGIN, rating: 5 } },
      { action: 'review.create', actor: { username: 'alice' }, details: { plugin: PLUGIN, rating: 4 } },
    ]);
    const bobsReview = (await log()).nodes.find((e) => e.action === 'review.create' && e.actor?.username === 'bob');
    expect(bobsReview).toMatchObject({ details: { plugin: PLUGIN, rating: 2 } });
  });

  it('records stars and unstars that change something', async () => {
    const before = (await log(`plugin:${PLUGIN}`)).totalCount;
    await mutate(alice, StarPluginDocument, { id: PLUGIN });
    await mutate(alice, StarPluginDocument, { id: PLUGIN });
    await mutate(alice, UnstarPluginDocument, { id: PLUGIN });
    const { totalCount, nodes } = await log(`plugin:${PLUGIN}`);
    expect(totalCount).toBe(before + 2);
    expect(nodes.slice(0, 2)).toMatchObject([
      { action: 'plugin.unstar', actor: { username: 'alice' }, target: `plugin:${PLUGIN}` },
      { action: 'plugin.star', actor: { username: 'alice' }, target: `plugin:${PLUGIN}` },
    ]);
  });

  it('leaves anonymous usage counting out', async () => {
    const before = (await log()).totalCount;
    const plugin = (await t.data(PluginVersionDocument, { id: PLUGIN })).plugin!;
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${t.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body === undefined ? undefined : JSON.stringify(body) });
    const answers = await Promise.all([
      send('POST', `/api/v1/plugins/${PLUGIN}/installs`, { version: plugin.version }),
      send('DELETE', `/api/v1/plugins/${PLUGIN}/installs`),
      send('POST', '/api/v1/telemetry', { plugin_id: PLUGIN, version: plugin.version, requests: 10, errors: 1 }),
      send('GET', `/api/v1/plugins/${PLUGIN}/versions/${plugin.version}/manifest`),
    ]);
    expect(answers.map((a) => a.status < 300)).toEqual([true, true, true, true]);
    expect((await log()).totalCount).toBe(before);
  });
});
