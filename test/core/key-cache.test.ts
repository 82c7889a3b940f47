import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { restClient, type RestClient } from '../helpers/rest.js';

// Resolved API keys are kept per auth version (server/modules/accounts/key-cache.ts): a signed-in request costs no
// key lookup, and any write that changes who may sign in drops what is kept, in this process and in others.

let t: TestApp;
let rest: RestClient;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, (sql) => statements.push(sql));
  rest = await restClient(t.url);
});
afterAll(() => t.close());

const keyReads = () => statements.filter((sql) => /from [`"]api_key[`"].*[`"]hash[`"] =/.test(sql));
const authVersion = async () => Number((await t.em().execute<{ value: string | number }[]>("select sum(value) as value from registry_meta where key = 'auth_version' or key like 'auth_version:%'"))[0].value);

describe('the API key cache', () => {
  it('reads a key once: later requests with it cost no key lookup, on REST and GraphQL', async () => {
    const { auth } = await t.user();
    expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(200);
    statements.length = 0;
    for (let i = 0; i < 5; i++) expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(200);
    const me = await t.graphql<{ me: { username: string } }>('{ me { username } }', {}, auth);
    expect(me.body.data?.me.username).toMatch(/^user-/);
    expect(keyReads()).toEqual([]);
  });

  it('makes no EntityManager for a kept key until the request reads who the caller is', async () => {
    const { auth, username } = await t.user();
    expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(200);
    const fork = vi.fn(() => t.em());
    const viewer = await t.app.services.users.authenticate(fork, auth.authorization, '127.0.0.1');
    expect(fork).not.toHaveBeenCalled();
    expect(viewer.user?.username).toBe(username);
    expect(viewer.key?.user).toBe(viewer.user);
    expect(fork).toHaveBeenCalledTimes(1);
    // and a bad key is still refused at once
    await expect(t.app.services.users.authenticate(fork, 'Bearer loom_not-a-key', '127.0.0.1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a key revoked through the API at once', async () => {
    const { auth } = await t.user();
    const keys = await t.graphql<{ me: { apiKeys: { id: string }[] } }>('{ me { apiKeys { id } } }', {}, auth);
    const [{ id }] = keys.body.data!.me.apiKeys;
    const revoked = await t.graphql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id }, auth);
    expect(revoked.body.errors).toBeUndefined();
    expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(401);
    expect((await t.graphql('{ me { username } }', {}, auth)).status).toBe(401);
  });

  it('refuses a key revoked by another process (a raw write, no flush here) once the auth version moves', async () => {
    const { auth, key } = await t.user();
    expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(200);
    const prefix = key.slice(0, 12);
    const before = await authVersion();
    await t.em().execute(`update api_key set revoked_at = ? where prefix = ?`, [new Date().toISOString(), prefix]);
    expect(await authVersion()).toBeGreaterThan(before);
    // SQLite re-reads the counter within 100 ms; PostgreSQL learns it from the commit's NOTIFY
    await vi.waitFor(async () => expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(401), { timeout: 5000, interval: 20 });
  });

  it("follows a user's new role written elsewhere", async () => {
    const { auth, username } = await t.user();
    const role = async () => (await t.graphql<{ me: { role: string } }>('{ me { role } }', {}, auth)).body.data?.me.role;
    expect(await role()).toBe('USER');
    await t.em().execute(`update "user" set role = 'reviewer' where username = ?`, [username]);
    await vi.waitFor(async () => expect(await role()).toBe('REVIEWER'), { timeout: 5000, interval: 20 });
  });

  it('does not move the auth version for last_used_at, nor for a new key', async () => {
    const before = await authVersion();
    const { auth } = await t.user();
    expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(200);
    expect(await authVersion()).toBe(before);
  });

  it('records last use from a shared REST read as from any request, and only once a minute', async () => {
    const { auth } = await t.user();
    const lastUsed = async () => (await t.em().execute<{ at: string | Date | null }[]>('select max(last_used_at) as at from api_key where revoked_at is null'))[0].at;
    expect((await rest.get('/api/v1/plugins?limit=1', auth)).status).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    statements.length = 0;
    expect((await rest.get('/api/v1/plugins?limit=2', auth)).status).toBe(200);
    expect(statements.filter((sql) => /api_key/.test(sql))).toEqual([]);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 60_000 });
    try {
      expect((await rest.get('/api/v1/plugins?limit=3', auth)).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
    expect(statements.filter((sql) => /update [`"]api_key[`"] set [`"]last_used_at[`"]/.test(sql))).toHaveLength(1);
  });

  it('still refuses a key that expired while kept', async () => {
    const { auth } = await t.user();
    const expiresAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await t.graphql<{ createApiKey: { key: string } }>('mutation($e: DateTimeISO) { createApiKey(name: "short", expiresAt: $e) { key } }', { e: expiresAt }, auth);
    expect(created.body.errors).toBeUndefined();
    const short = { authorization: `Bearer ${created.body.data!.createApiKey.key}` };
    expect((await rest.get('/api/v1/plugins?limit=1', short)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3600_000 });
    try {
      expect((await rest.get('/api/v1/plugins?limit=1', short)).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});
