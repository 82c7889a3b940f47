import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { MeDocument, MyScopesDocument } from '../gql/graphql.js';
import { needsBuild } from '../helpers/build.js';
import { FormBrowser } from '../helpers/form-browser.js';

/** Issue 15, accounts: sign up, sign in and out, API keys on /settings; sessions, CSRF and sign-in limits. */
// the pages link the browser files `vite build` makes
needsBuild();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
});
afterAll(() => t.close());

/** Signs up through the form, answering the response (the tests look at its status and cookies). */
async function signUp(browser: FormBrowser, username: string): Promise<Response> {
  const csrf = await browser.csrf('/signup');
  return browser.post('/signup', { csrf, username, displayName: `User ${username}`, email: `${username}@example.com`, password: 'a long enough password' });
}

describe('signing up and in', () => {
  it('signs up into a session held in an HttpOnly, SameSite=Lax cookie, and the settings page shows the account', async () => {
    const browser = new FormBrowser(t.url);
    const res = await signUp(browser, 'ada');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings');
    const session = browser.lastSetCookie.find((c) => c.startsWith('loom_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i); // plain http here; PUBLIC_URL=https://… makes it Secure
    const settings = await browser.get('/settings');
    expect(settings.status).toBe(200);
    expect(settings.headers.get('cache-control')).toBe('no-store');
    const html = await settings.text();
    expect(html).toContain('<dd>ada</dd>');
    expect(html).toContain('browser session');
  });

  it('refuses a taken username, a short password and a bad email with the field named, keeping what was typed', async () => {
    await signUp(new FormBrowser(t.url), 'grace');
    const browser = new FormBrowser(t.url);
    const taken = await browser.post('/signup', { csrf: await browser.csrf('/signup'), username: 'grace', displayName: 'User grace', email: 'other-grace@example.com', password: 'a long enough password' });
    expect(taken.status).toBe(409);
    const html = await taken.text();
    expect(html).toContain('is taken');
    expect(html).toMatch(/id="username"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="username"/);
    expect(html).toContain('value="User grace"');
    expect(html).not.toContain('a long enough password');

    const csrf = await browser.csrf('/signup');
    const short = await browser.post('/signup', { csrf, username: 'linus', displayName: 'L', email: 'l@example.com', password: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('at least 10 characters');
  });

  it('signs in with a username or an email, refuses a wrong password vaguely, and goes back where it was asked to', async () => {
    await signUp(new FormBrowser(t.url), 'barbara');
    const browser = new FormBrowser(t.url);
    let csrf = await browser.csrf('/login');
    const wrong = await browser.post('/login', { csrf, login: 'barbara', password: 'not the password', next: '/settings' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('wrong username, email or password');
    const nobody = await browser.post('/login', { csrf, login: 'nobody-at-all', password: 'not the password', next: '/settings' });
    expect(nobody.status).toBe(401);
    for (const login of ['barbara', 'barbara@example.com']) {
      csrf = await browser.csrf('/login');
      const ok = await browser.post('/login', { csrf, login, password: 'a long enough password', next: '/plugins/x' });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/plugins/x');
    }
    // never to another site
    const away = await browser.post('/login', { csrf, login: 'barbara', password: 'a long enough password', next: '//evil.example/' });
    expect(away.headers.get('location')).toBe('/settings');
  });

  it('limits sign-in attempts per account name and address (429 with Retry-After)', async () => {
    const browser = new FormBrowser(t.url);
    const csrf = await browser.csrf('/login');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await browser.post('/login', { csrf, login: 'target', password: `guess ${i}`, next: '/' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('refuses every form without the CSRF token of the browser that shows it', async () => {
    const victim = new FormBrowser(t.url);
    await signUp(victim, 'edsger');
    const forged = await fetch(`${t.url}/settings/keys`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'stolen', scopes: 'publish' }),
      headers: { cookie: `loom_session=${victim.cookies.get('loom_session')}` },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    for (const path of ['/signup', '/login', '/logout', '/settings/keys', '/settings/keys/1/revoke']) {
      expect((await victim.post(path, { csrf: 'x'.repeat(43) })).status, path).toBe(403);
    }
    expect(await (await victim.get('/settings')).text()).not.toContain('stolen');
  });
});

describe('API keys on /settings', () => {
  it('creates a key shown once that works on the API, lists it, revokes it; signing out ends the session but not the key', async () => {
    const browser = new FormBrowser(t.url);
    await signUp(browser, 'margaret');
    let csrf = await browser.csrf('/settings');
    const created = await browser.post('/settings/keys', { csrf, name: 'laptop CLI', scopes: 'publish', expires_days: '30' });
    expect(created.status).toBe(200);
    const html = await created.text();
    const secret = /id="created-key-secret">(loom_[A-Za-z0-9_-]+)</.exec(html)![1];
    const me = await t.graphql(MyScopesDocument, {}, { authorization: `Bearer ${secret}` });
    expect(me.body.data!.me).toEqual({ username: 'margaret', scopes: ['publish'] });
    // shown once: the next page lists it by prefix only
    const listed = await (await browser.get('/settings')).text();
    expect(listed).toContain('laptop CLI');
    expect(listed).toContain(secret.slice(0, 12));
    expect(listed).not.toContain(secret);

    csrf = await browser.csrf('/settings');
    expect((await browser.post('/logout', { csrf })).headers.get('location')).toBe('/');
    expect((await browser.get('/settings')).headers.get('location')).toBe('/login?next=%2Fsettings');
    expect((await t.graphql(MeDocument, {}, { authorization: `Bearer ${secret}` })).body.data).toEqual({ me: { username: 'margaret' } });

    // signed in again: revoke the key
    csrf = await browser.csrf('/login');
    await browser.post('/login', { csrf, login: 'margaret', password: 'a long enough password', next: '/settings' });
    const page = await (await browser.get('/settings')).text();
    // the revoke form of that key's row
    const id = /\/settings\/keys\/(\d+)\/revoke"(?:(?!\/revoke")[^])*?Revoke laptop CLI/.exec(page)![1];
    csrf = await browser.csrf('/settings');
    expect((await browser.post(`/settings/keys/${id}/revoke`, { csrf })).status).toBe(303);
    expect((await t.graphql(MeDocument, {}, { authorization: `Bearer ${secret}` })).status).toBe(401);
  });

  it('sends a browser without a session to the sign-in page', async () => {
    const res = await new FormBrowser(t.url).get('/settings');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fsettings');
  });
});
