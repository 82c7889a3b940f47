import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { expectAccessible, launchBrowser, screenshot, skipWithoutChromium } from '../helpers/browser.js';

/** Issue 16, private reports on the web: the plugin page's form (anonymous with a contact), the status link, /reports. */
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const DETAILS = 'Version 1.2.0 sends the API key to any host named in a redirect.';

describe.skipIf(skipWithoutChromium)('private reports in Chromium', () => {
  needsBuild();
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ reportsPerIp: 1000 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(path: string, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: options.viewport ?? WIDTHS.desktop });
    const page = await context.newPage();
    await page.goto(`${t.url}${path}`);
    return page;
  }

  /** Checks a page with axe, photographs it and checks it fits the screen. */
  async function check(page: Page, label: string, viewport: { width: number }, axe = true): Promise<void> {
    // axe runs as a script: pages without JavaScript are photographed only
    if (axe) await expectAccessible(page, label);
    await screenshot(page, label);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), label).toBeLessThanOrEqual(viewport.width);
  }

  async function signUp(page: Page, username: string): Promise<void> {
    await page.goto(`${t.url}/signup`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill(username);
    await page.getByLabel('Email').fill(`${username}@example.com`);
    await page.getByLabel('Password').fill('a long enough password');
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Create account' }).click()]);
  }

  for (const [name, viewport, js] of [['desktop', WIDTHS.desktop, true], ['phone', WIDTHS.phone, true], ['nojs', WIDTHS.desktop, false]] as const) {
    it(`anonymous (${name}): the form refuses a missing contact, then sends the report and gives a status link that works`, async () => {
      const page = await open('/plugins/openai-plugin', { javaScriptEnabled: js, viewport });
      await Promise.all([page.waitForURL('**/plugins/openai-plugin/report'), page.getByRole('link', { name: 'Report it privately' }).click()]);
      await check(page, `report-form-${name}`, viewport, js);
      await page.getByRole('radio', { name: /^Security:/ }).check();
      await page.getByLabel('Details').fill(DETAILS);
      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.locator('#form-problem').waitFor();
      expect(await page.locator('#form-problem').textContent()).toContain('contact: is required when not signed in');
      expect(await page.getByLabel('Details').inputValue()).toBe(DETAILS);
      expect(await page.getByRole('textbox', { name: /^Your email/ }).getAttribute('aria-invalid')).toBe('true');
      await check(page, `report-form-problem-${name}`, viewport, js);
      await page.getByRole('textbox', { name: /^Your email/ }).fill('finder@example.org');
      await page.getByRole('button', { name: 'Send the report' }).click();
      await page.locator('#report-filed').waitFor();
      await check(page, `report-filed-${name}`, viewport, js);
      const link = (await page.locator('#report-status-link').getAttribute('href'))!;
      expect(link).toMatch(/^\/reports\/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]{43}$/);
      await page.locator('#report-status-link').click();
      await page.getByRole('heading', { name: 'Your report about openai-plugin' }).waitFor();
      expect(await page.locator('dl.stats').textContent()).toContain('Statusopen');
      await check(page, `report-status-${name}`, viewport, js);
      await page.context().close();
    });
  }

  it('the owner handles reports on /reports (close with a note, publish an advisory); the reporter sees the statuses; a stranger sees none', { timeout: 90_000 }, async () => {
    const owner = await open('/');
    await signUp(owner, 'web-owner');
    await t.em().execute('update plugin set owner_id = (select id from "user" where username = ?) where id = ?', ['web-owner', 'groq-plugin']);
    const reporter = await open('/');
    await signUp(reporter, 'web-reporter');
    for (const details of [DETAILS, 'Ships GPL-3.0 code under an MIT license file.']) {
      await reporter.goto(`${t.url}/plugins/groq-plugin/report`);
      await reporter.getByRole('radio', { name: details === DETAILS ? /^Security:/ : /^License:/ }).check();
      await reporter.getByLabel('Details').fill(details);
      await reporter.getByRole('button', { name: 'Send the report' }).click();
      await reporter.locator('#report-filed').waitFor();
      expect(await reporter.locator('#report-filed').textContent()).toContain('Follow its status on your reports');
    }

    await owner.goto(`${t.url}/reports`);
    expect(await owner.locator('article.report').count()).toBe(2);
    await check(owner, 'reports-desktop', WIDTHS.desktop);
    const license = owner.locator('article.report', { hasText: 'license report' });
    expect(await license.getByRole('button', { name: 'Publish an advisory' }).count()).toBe(0);
    await license.getByLabel('Note for the reporter').fill('Relicensed in 2.0.1.');
    await Promise.all([owner.waitForURL('**/reports'), license.getByRole('button', { name: 'Close the report' }).click()]);
    const security = owner.locator('article.report', { hasText: 'security report' });
    await security.getByLabel('Affected versions').fill('<99.0.0');
    await security.getByLabel('Severity').selectOption('HIGH');
    await Promise.all([owner.waitForURL('**/reports'), security.getByRole('button', { name: 'Publish an advisory' }).click()]);
    expect(await owner.locator('article.report .badge').allTextContents()).toEqual(expect.arrayContaining(['closed', expect.stringMatching(/^advisory LOOM-\d{4}-\d{4}$/)]));
    const phone = await browser.newContext({ viewport: WIDTHS.phone, storageState: await owner.context().storageState() });
    const ownerPhone = await phone.newPage();
    await ownerPhone.goto(`${t.url}/reports`);
    await check(ownerPhone, 'reports-phone', WIDTHS.phone);
    await phone.close();

    await reporter.goto(`${t.url}/reports`);
    const rows = await reporter.locator('#mine-heading ~ .table-scroll tbody tr').allTextContents();
    expect(rows.join('\n')).toMatch(/licenseclosed.*Relicensed in 2\.0\.1\./);
    expect(rows.join('\n')).toMatch(/securityadvisory LOOM-/);
    expect(await reporter.locator('article.report').count()).toBe(0);

    const stranger = await open('/');
    await signUp(stranger, 'web-stranger');
    await stranger.goto(`${t.url}/reports`);
    expect(await stranger.locator('article.report').count()).toBe(0);
    for (const page of [owner, reporter, stranger]) await page.context().close();
  });

  it('the plugin page warns when its version is under an advisory and lists every advisory with its ranges and links', async () => {
    const admin = await t.user('admin', 'web-advisory-admin');
    const { version } = (await t.data<{ plugin: { version: string } }>('{ plugin(id: "mistral-plugin") { version } }')).plugin;
    const publish = (body: Record<string, unknown>) =>
      fetch(`${t.url}/api/v1/advisories`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin.auth }, body: JSON.stringify({ plugin_id: 'mistral-plugin', details: 'd', ...body }) });
    expect((await publish({ affected: `<=${version}`, severity: 'high', kind: 'vulnerability', summary: 'Leaks the API key in logs', references: ['https://example.com/advisory'] })).status).toBe(201);
    expect((await publish({ affected: '<0.0.1', patched: '>=0.0.1', severity: 'low', kind: 'deprecated-dependency', summary: 'Old HTTP client' })).status).toBe(201);
    for (const [name, viewport] of Object.entries(WIDTHS)) {
      const page = await open('/plugins/mistral-plugin', { viewport });
      const banner = await page.locator('#advisory-banner').textContent();
      expect(banner).toMatch(new RegExp(`version ${version.replaceAll('.', '\\.')} is affected by LOOM-\\d{4}-\\d{4} \\(high\\)\\.`));
      expect(banner).not.toContain('low');
      const items = await page.locator('.advisory').allTextContents();
      expect(items).toHaveLength(2);
      expect(items.join('\n')).toContain('Fixed in: >=0.0.1');
      expect(items.join('\n')).toContain('Fixed in: no fixed version yet');
      expect(await page.getByRole('link', { name: 'https://example.com/advisory' }).count()).toBe(1);
      await check(page, `plugin-advisories-${name}`, viewport);
      await page.context().close();
    }
    // the search results mark it
    const search = await open('/?q=mistral');
    expect(await search.locator('.result', { hasText: 'Mistral' }).first().locator('.advisory-mark').textContent()).toBe('⚠ high advisory');
    expect(await search.locator('.result .advisory-mark').count()).toBe(1);
    await check(search, 'search-advisory-desktop', WIDTHS.desktop);
    await search.context().close();
    // a plugin without advisories has neither
    const clean = await (await fetch(`${t.url}/plugins/ollama-plugin`, { headers: { accept: 'text/html' } })).text();
    expect(clean).not.toContain('advisory-banner');
    expect(clean).not.toContain('advisories-heading');
  });

  it('never lets a cache keep a report page; /reports asks to sign in; a forged form is refused', async () => {
    const form = await fetch(`${t.url}/plugins/openai-plugin/report`, { headers: { accept: 'text/html' } });
    expect([form.status, form.headers.get('cache-control')]).toEqual([200, 'no-store']);
    const list = await fetch(`${t.url}/reports`, { redirect: 'manual' });
    expect([list.status, list.headers.get('location')]).toEqual([303, '/login?next=%2Freports']);
    const forged = await fetch(`${t.url}/plugins/openai-plugin/report`, { method: 'POST', body: new URLSearchParams({ kind: 'SECURITY', details: DETAILS, contact: 'a@example.org' }), redirect: 'manual' });
    expect(forged.status).toBe(403);
    const unknown = await fetch(`${t.url}/reports/00000000-0000-4000-8000-000000000000?token=nope`);
    expect([unknown.status, unknown.headers.get('cache-control')]).toEqual([404, 'no-store']);
  });
});
