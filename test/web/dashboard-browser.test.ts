import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../server/modules/accounts/user.entity.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { expectAccessible, launchBrowser, lookTest, screenshot, skipWithoutChromium } from '../helpers/browser.js';

/**
 * Issue 15 in Chromium: an author reads the downloads counted through the manifest route on /dashboard, works the
 * range and the forms from the keyboard; a reader stars and reviews from the plugin page; axe and screenshots of each.
 */
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const OWNED = 'mistral-plugin';
const READ = 'anthropic-plugin';

describe.skipIf(skipWithoutChromium)('the dashboard and the reader controls in Chromium', () => {
  // the pages link the browser files `vite build` makes
  needsBuild();
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ statsFlushMs: 60_000 }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const scriptErrors = new WeakMap<Page, string[]>();

  /** A signed-in page in a context of its own (signed up through the form); every script error it logs is kept. */
  async function signedIn(username: string, viewport = WIDTHS.desktop): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors: string[] = [];
    scriptErrors.set(page, errors);
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && msg.location().url !== page.url() && errors.push(msg.text()));
    await page.goto(`${t.url}/signup`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill(`User ${username}`);
    await page.getByLabel('Email').fill(`${username}@example.com`);
    await page.getByLabel('Password').fill('a long enough password');
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Create account' }).click()]);
    return page;
  }

  async function done(page: Page): Promise<void> {
    const errors = scriptErrors.get(page)!;
    await page.context().close();
    expect(errors).toEqual([]);
  }

  const figure = async (page: Page, selector: string) => Number((await page.locator(selector).textContent())!.replace(/,/g, ''));

  it('end to end: an author signs in, downloads are counted through the manifest route, and /dashboard shows them', { timeout: 60_000 }, async () => {
    const page = await signedIn('chrome-author');
    await t.writeBehind(async (em) => {
      (await em.findOneOrFail(Plugin, OWNED)).owner = await em.findOneOrFail(User, { username: 'chrome-author' });
      await em.flush();
    });
    await page.goto(`${t.url}/dashboard/${OWNED}`);
    const before = await figure(page, '#range-downloads');

    const { version } = await t.em().findOneOrFail(Plugin, OWNED);
    for (const id of ['e2e-install-0001', 'e2e-install-0002']) {
      const res = await fetch(`${t.url}/api/v1/plugins/${OWNED}/versions/${version}/manifest`, { headers: { 'x-loom-install-id': id } });
      expect(res.status).toBe(200);
    }
    await t.app.services.stats.flush();

    // from /dashboard, by the plugin's link
    await page.goto(`${t.url}/dashboard`);
    const row = page.locator('table.dashboard-plugins tbody tr', { has: page.locator(`a[href="/dashboard/${OWNED}"]`) });
    expect(Number(await row.locator('td.downloads').getAttribute('title').then((v) => v!.replace(/,/g, '')))).toBe((await t.em().findOneOrFail(Plugin, OWNED)).downloads);
    await Promise.all([page.waitForURL(`**/dashboard/${OWNED}`), row.getByRole('link').click()]);
    expect(await figure(page, '#range-downloads')).toBe(before + 2);
    await page.getByText('The figures').first().click();
    expect(await page.locator('#daily-chart table tbody tr').count()).toBe(30);
    await done(page);
  });

  it("works the range and a yank from the keyboard alone, the API's refusal beside the form", { timeout: 60_000 }, async () => {
    const page = await signedIn('chrome-keys');
    await t.writeBehind(async (em) => {
      (await em.findOneOrFail(Plugin, 'vllm-plugin')).owner = await em.findOneOrFail(User, { username: 'chrome-keys' });
      await em.flush();
    });
    await page.goto(`${t.url}/dashboard/vllm-plugin`);
    await page.locator('#from').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2026-03-02');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2026-03-01');
    await Promise.all([page.waitForURL('**/dashboard/vllm-plugin?from=2026-03-02&to=2026-03-01'), page.keyboard.press('Enter')]);
    expect(await page.getByRole('alert').textContent()).toBe('from: must not be after to');
    expect(await page.locator('#from').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#reason-1\\.0\\.0').focus();
    await page.keyboard.type('broken build');
    await Promise.all([page.waitForURL('**/dashboard/vllm-plugin'), page.keyboard.press('Enter')]);
    expect(await page.locator('table.versions').textContent()).toContain('Yanked: broken build');
    await page.getByRole('button', { name: 'Unyank 1.0.0' }).focus();
    await page.keyboard.press('Enter');
    // the same address again: the page that follows has the yank form back
    await page.getByRole('button', { name: 'Yank 1.0.0' }).waitFor();
    expect(await page.locator('table.versions').textContent()).not.toContain('Yanked: broken build');
    await done(page);
  });

  it('stars and reviews from the plugin page, and the page read without a session still has only sign-in links', { timeout: 60_000 }, async () => {
    const page = await signedIn('chrome-reader');
    await page.goto(`${t.url}/plugins/${READ}`);
    await Promise.all([page.waitForURL(`**/plugins/${READ}`), page.getByRole('button', { name: /^Star this plugin/ }).click()]);
    await page.getByRole('button', { name: /^Unstar this plugin/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Unstar this plugin/ }).getAttribute('aria-pressed')).toBe('true');

    await page.getByLabel('4 stars').check();
    await page.getByLabel('Comment').fill('Fast and faithful to the protocol');
    await Promise.all([page.waitForURL(`**/plugins/${READ}#reviews-heading`), page.getByRole('button', { name: 'Post review' }).click()]);
    await page.getByRole('heading', { name: 'Edit your review' }).waitFor();
    expect(await page.getByLabel('4 stars').isChecked()).toBe(true);
    expect(await page.locator('.reviews').textContent()).toContain('Fast and faithful to the protocol');

    const anonymous = await browser.newPage();
    await anonymous.goto(`${t.url}/plugins/${READ}`);
    expect(await anonymous.getByRole('link', { name: '☆ Sign in to star' }).getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/plugins/${READ}`)}`);
    expect(await anonymous.getByRole('button', { name: /Unstar/ }).count()).toBe(0);
    expect(await anonymous.getByRole('heading', { name: 'Edit your review' }).count()).toBe(0);
    await anonymous.close();
    await done(page);
  });

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    lookTest(`passes an axe check on the dashboard pages and the signed-in plugin page at ${name} width, and is photographed`, { timeout: 90_000 }, async () => {
      const username = `chrome-shots-${name}`;
      const page = await signedIn(username, viewport);
      await t.writeBehind(async (em) => {
        (await em.findOneOrFail(Plugin, 'groq-plugin')).owner = await em.findOneOrFail(User, { username });
        await em.flush();
      });
      for (const [label, path] of [
        ['dashboard', '/dashboard'],
        ['plugin-dashboard', '/dashboard/groq-plugin'],
        ['plugin-dashboard-range-refused', '/dashboard/groq-plugin?from=2026-02-31'],
        ['plugin-signed-in', `/plugins/${READ}`],
      ]) {
        await page.goto(`${t.url}${path}`);
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `${label} at ${name} width`);
        await screenshot(page, `${label}-${name}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at ${name} width`).toBeLessThanOrEqual(viewport.width);
      }
      await done(page);
    });
  }
});
