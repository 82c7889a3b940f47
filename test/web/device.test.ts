import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeviceGrant } from '../../server/modules/accounts/device-grant.entity.js';
import { DEVICE_CODE_SECONDS, EXPIRED_GRANT_KEPT_SECONDS } from '../../server/modules/accounts/device.service.js';
import { ApiKey } from '../../server/modules/accounts/user.entity.js';
import { AuditEntry } from '../../server/modules/audit/audit.entity.js';
import { createTestApp, errorCode, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { FormBrowser } from '../helpers/form-browser.js';

/** Issue 15, `loom plugin login` without a pasted key: the OAuth 2.0 device authorization grant (RFC 8628) and /device. */
needsBuild();
let t: TestApp;
/** The service's clock, moved by the tests. */
let clock = Date.now();
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  t.app.services.devices.now = () => clock;
});
afterAll(() => t.close());
beforeEach(() => {
  clock = Date.now();
});

let addresses = 0;
/** A form POST from a client address of its own (the code requests are limited per address). */
async function oauth(path: string, form: Record<string, string>, ip = `10.0.0.${++addresses}`): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const res = await t.app.server.inject({ method: 'POST', url: path, payload: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, remoteAddress: ip });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const start = (form: Record<string, string> = {}) => oauth('/oauth/device/code', { client_id: 'loom-cli', ...form });
const poll = (deviceCode: string, form: Record<string, string> = {}) => oauth('/oauth/token', { grant_type: GRANT, client_id: 'loom-cli', device_code: deviceCode, ...form });
/** The poll after the interval has passed on the service's clock. */
const pollLater = (deviceCode: string, seconds = 5) => {
  clock += seconds * 1000;
  return poll(deviceCode);
};

let users = 0;
async function signedIn(): Promise<{ browser: FormBrowser; username: string }> {
  const browser = new FormBrowser(t.url);
  const username = `dev${++users}`;
  await browser.signUp(username);
  return { browser, username };
}

async function decide(browser: FormBrowser, userCode: string, decision: 'approve' | 'deny'): Promise<Response> {
  const page = await browser.get(`/device?user_code=${encodeURIComponent(userCode)}`);
  const html = await page.text();
  expect(page.status, html).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1];
  return browser.post('/device', { csrf, user_code: userCode, decision });
}

describe('POST /oauth/device/code', () => {
  it('answers the RFC 8628 fields, a consonant user code and a high-entropy device code, both stored only hashed', async () => {
    const res = await start();
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { device_code, user_code, verification_uri, verification_uri_complete, expires_in, interval } = res.body;
    expect(user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(device_code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verification_uri).toBe(`${t.url}/device`);
    expect(verification_uri_complete).toBe(`${t.url}/device?user_code=${user_code}`);
    expect(expires_in).toBe(DEVICE_CODE_SECONDS);
    expect(interval).toBe(5);
    const rows = await t.em().find(DeviceGrant, {});
    const text = JSON.stringify(rows);
    expect(text).not.toContain(device_code);
    expect(text).not.toContain(user_code.replace('-', ''));
  });

  it('refuses an unknown client and unknown scopes, in the RFC shape', async () => {
    expect(await oauth('/oauth/device/code', { client_id: 'someone-else' })).toMatchObject({ status: 400, body: { error: 'invalid_client', error_description: expect.stringContaining('loom-cli') } });
    expect(await oauth('/oauth/device/code', {})).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'client_id is required' } });
    expect(await start({ scope: 'publish root' })).toMatchObject({ status: 400, body: { error: 'invalid_scope', error_description: expect.stringContaining('"root"') } });
  });

  it('limits how many logins one address starts a minute', async () => {
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await start({}).then(() => oauth('/oauth/device/code', { client_id: 'loom-cli' }, '10.9.9.9')));
    expect(answers.slice(0, 10).every((a) => a.status === 200)).toBe(true);
    expect(answers[10]).toMatchObject({ status: 429, body: { error: 'slow_down' } });
    expect(answers[10].headers['retry-after']).toBeDefined();
  });
});

describe('POST /oauth/token', () => {
  it('answers each RFC error for a request that is not a valid poll', async () => {
    const { body } = await start();
    expect(await oauth('/oauth/token', { grant_type: 'password', client_id: 'loom-cli' })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await oauth('/oauth/token', { client_id: 'loom-cli', device_code: body.device_code })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await oauth('/oauth/token', { grant_type: GRANT, client_id: 'loom-cli' })).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'device_code is required' } });
    expect(await poll(body.device_code, { client_id: 'other' })).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    expect(await poll('not-a-code')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // a parameter given twice is malformed (RFC 6749 §3.2)
    const twice = await t.app.server.inject({ method: 'POST', url: '/oauth/token', payload: `grant_type=${encodeURIComponent(GRANT)}&client_id=loom-cli&device_code=a&device_code=b`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('is pending until decided, and says slow_down to a poll sooner than the interval, which then grows by 5 s', async () => {
    const { body } = await start();
    expect(await poll(body.device_code)).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
    clock += 2000;
    expect(await poll(body.device_code)).toMatchObject({ status: 400, body: { error: 'slow_down', error_description: expect.stringContaining('every 10 s') } });
    // 5 s later is now too soon (the interval is 10 s)
    expect(await pollLater(body.device_code, 5)).toMatchObject({ body: { error: 'slow_down', error_description: expect.stringContaining('every 15 s') } });
    expect(await pollLater(body.device_code, 15)).toMatchObject({ body: { error: 'authorization_pending' } });
  });

  it('answers expired_token once the 15 minutes are over, and the code no longer opens /device', async () => {
    const { body } = await start();
    const { browser } = await signedIn();
    clock += DEVICE_CODE_SECONDS * 1000;
    expect(await poll(body.device_code)).toMatchObject({ status: 400, body: { error: 'expired_token' } });
    const page = await browser.get(`/device?user_code=${body.user_code}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('may have expired or been used');
  });

  it('keeps an expired grant a day (late polls still hear expired_token), then the next login deletes it', async () => {
    const { body: old } = await start();
    clock += (DEVICE_CODE_SECONDS + EXPIRED_GRANT_KEPT_SECONDS - 60) * 1000;
    const { body: recent } = await start();
    expect(await poll(old.device_code)).toMatchObject({ status: 400, body: { error: 'expired_token' } });
    clock += DEVICE_CODE_SECONDS * 1000;
    await start();
    expect(await poll(old.device_code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await poll(recent.device_code)).toMatchObject({ status: 400, body: { error: 'expired_token' } });
  });
});

describe('approving and denying on /device', () => {
  it('sends a visitor who is not signed in through /login and back to the code', async () => {
    const browser = new FormBrowser(t.url);
    const res = await browser.get('/device?user_code=WDJB-MJHT');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/device?user_code=WDJB-MJHT')}`);
  });

  it('approved: the key (requested ∩ the role) is answered exactly once, is the user’s, listed on /settings and revocable there', async () => {
    const { body } = await start({ scope: 'publish review' });
    const { browser, username } = await signedIn();
    // the code as typed: lower case, no dash
    const typed = await browser.get(`/device?user_code=${body.user_code.replace('-', '').toLowerCase()}`);
    const html = await typed.text();
    expect(typed.status).toBe(200);
    expect(html).toContain(body.user_code);
    expect(html).toContain('Loom CLI');
    expect(html).toMatch(/id="device-scopes">publish</);
    expect(html).toContain('review (your account may not hold them)');
    expect(html).toMatch(/10\.0\.0\.\d+/);

    // a form without the token is refused
    expect((await browser.post('/device', { user_code: body.user_code, decision: 'approve' })).status).toBe(403);
    const approved = await decide(browser, body.user_code, 'approve');
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('Device approved');

    const token = await pollLater(body.device_code);
    const redeemedAt = clock;
    expect(token.status).toBe(200);
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.body).toEqual({ access_token: expect.stringMatching(/^loom_/), token_type: 'Bearer', scope: 'publish', expires_in: 90 * 24 * 3600 });
    // exactly once
    expect(await pollLater(body.device_code)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // and the code cannot be decided again
    expect((await browser.get(`/device?user_code=${body.user_code}`)).status).toBe(404);

    const me = await t.graphql<{ me: { username: string; scopes: string[] } }>('{ me { username scopes } }', {}, { authorization: `Bearer ${token.body.access_token}` });
    expect(me.body.data?.me).toEqual({ username, scopes: ['publish'] });
    const key = await t.em().findOneOrFail(ApiKey, { name: 'loom CLI (device login)', user: { username } });
    expect(key.expiresAt!.getTime() - redeemedAt).toBe(90 * 24 * 3600 * 1000);
    const audit = await t.em().find(AuditEntry, { action: { $in: ['device.approve', 'api_key.create'] }, actor: { username } }, { populate: ['actor'] });
    expect(audit.map((a) => a.action).sort()).toEqual(['api_key.create', 'api_key.create', 'device.approve']); // the session's key, the device's, the approval
    expect(audit.find((a) => a.target === `api_key:${key.id}`)).toBeDefined();

    const settings = await (await browser.get('/settings')).text();
    expect(settings).toContain('loom CLI (device login)');
    const revoke = new RegExp(`action="/settings/keys/${key.id}/revoke"`);
    expect(settings).toMatch(revoke);
    const csrf = /name="csrf" value="([^"]+)"/.exec(settings)![1];
    expect((await browser.post(`/settings/keys/${key.id}/revoke`, { csrf })).status).toBe(303);
    const after = await t.graphql('{ me { username } }', {}, { authorization: `Bearer ${token.body.access_token}` });
    expect(errorCode(after)).toBe('UNAUTHENTICATED');
  });

  it('denied: the device gets access_denied and no key', async () => {
    const { body } = await start();
    const { browser, username } = await signedIn();
    const denied = await decide(browser, body.user_code, 'deny');
    expect(denied.status).toBe(200);
    expect(await denied.text()).toContain('Device denied');
    expect(await pollLater(body.device_code)).toMatchObject({ status: 400, body: { error: 'access_denied' } });
    expect(await t.em().count(ApiKey, { name: 'loom CLI (device login)', user: { username } })).toBe(0);
  });

  it('a code nobody issued is a form problem, and a malformed one says what a code looks like', async () => {
    const { browser } = await signedIn();
    const unknown = await browser.get('/device?user_code=BBBB-BBBB');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/aria-invalid="true"/);
    const malformed = await browser.get('/device?user_code=hello');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('8 letters, like WDJB-MJHT');
    const empty = await browser.get('/device');
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Enter the code');
  });

  it('only a browser session approves: an API key is refused, whatever its scopes', async () => {
    const { body } = await start();
    const admin = await t.user('admin');
    const res = await t.graphql('query ($c: String!) { deviceAuthorization(userCode: $c) { userCode } }', { c: body.user_code }, admin.auth);
    expect(errorCode(res)).toBe('FORBIDDEN');
    const anonymous = await t.graphql('mutation ($c: String!) { decideDeviceAuthorization(userCode: $c, approve: true) { userCode } }', { c: body.user_code });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });
});
