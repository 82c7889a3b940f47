import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { expectAccessible, launchBrowser, lookTest, screenshot, skipWithoutChromium } from '../helpers/browser.js';

/**
 * Issue 15 in a real browser (Debian's Chromium through playwright-core): search as you type, filters, the plugin
 * page, keyboard use, an axe check of every page, the same pages without JavaScript, screenshots at two widths.
 */
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

describe.skipIf(skipWithoutChromium)('the web app in Chromium', () => {
  // the pages link the browser files `vite build` makes
  needsBuild();
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const scriptErrors = new WeakMap<Page, string[]>();

  /** A page in a context of its own; every script error it logs is kept, for `done` to check. */
  async function open(path: string, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: options.viewport ?? WIDTHS.desktop });
    const page = await context.newPage();
    const errors: string[] = [];
    scriptErrors.set(page, errors);
    page.on('pageerror', (err) => errors.push(err.message));
    // a 404 page's own status is logged as a failed load; that is the answer, not an error of the page
    page.on('console', (msg) => msg.type() === 'error' && msg.location().url !== page.url() && errors.push(msg.text()));
    await page.goto(`${t.url}${path}`);
    return page;
  }

  /** Closes the page's context, failing the test if the page's scripts logged an error. */
  async function done(page: Page): Promise<void> {
    const errors = scriptErrors.get(page)!;
    await page.context().close();
    expect(errors).toEqual([]);
  }

  it('searches as you type: the results and the URL follow the box without a page load', async () => {
    const page = await open('/');
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    const before = await page.locator('.summary').textContent();
    // a mark on the document that a page load would wipe
    await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1));
    await page.locator('#q').pressSequentially('anthropic', { delay: 20 });
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'anthropic');
    await page.locator('.result h2 a[href="/plugins/anthropic-plugin"]').waitFor();
    expect(await page.locator('.summary').textContent()).not.toBe(before);
    expect(await page.locator('.summary').textContent()).toContain('for “anthropic”');
    expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(1);
    await done(page);
  });

  it('filters by verified, category and capability, and the page a filter leads to can be reloaded', async () => {
    const page = await open('/');
    await page.waitForFunction(() => document.querySelectorAll('.result').length > 0);
    const total = async () => Number(/(\d+) plugins?/.exec((await page.locator('.summary').textContent())!)![1]);
    const all = await total();
    await page.getByLabel('Verified only').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('verified') === '1');
    await page.waitForFunction((n) => !document.querySelector('.summary')!.textContent!.startsWith(`${n} `), all);
    const verified = await total();
    expect(verified).toBeLessThan(all);
    expect(await page.locator('.badge-verified').count()).toBe(await page.locator('.result').count());
    await page.getByLabel('Vision').check();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('cap').includes('VISION'));
    await page.reload();
    expect(await page.getByLabel('Verified only').isChecked()).toBe(true);
    expect(await page.getByLabel('Vision').isChecked()).toBe(true);
    await done(page);
  });

  it('reaches a plugin page from the keyboard alone, and the copy button copies the install command', async () => {
    const page = await open('/?q=openai');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator('#q').focus();
    // Tab from the search box through the form to the first result's link
    let focused = '';
    for (let i = 0; i < 30 && !focused.startsWith('/plugins/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toMatch(/^\/plugins\//);
    await Promise.all([page.waitForURL(`**${focused}`), page.keyboard.press('Enter')]);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`loom plugin install ${focused.slice('/plugins/'.length)}`);
    await done(page);
  });

  it('reads without JavaScript: the catalog, a search through the form, and the plugin page', async () => {
    const page = await open('/', { javaScriptEnabled: false });
    expect(await page.locator('.result').count()).toBeGreaterThan(0);
    await page.locator('#q').fill('ollama');
    await Promise.all([page.waitForURL('**/?q=ollama*'), page.locator('#q').press('Enter')]);
    expect(await page.locator('.summary').textContent()).toContain('for “ollama”');
    await Promise.all([page.waitForURL('**/plugins/*'), page.locator('.result h2 a').first().click()]);
    expect(await page.locator('#install-command').textContent()).toMatch(/^loom plugin install /);
    expect(await page.locator('.versions tbody tr').count()).toBeGreaterThan(0);
    await done(page);
  });

  it('signs up, creates an API key shown once, signs out and in again, all through the forms', async () => {
    const page = await open('/signup');
    await page.getByLabel('Username').fill('browser-user');
    await page.getByLabel('Display name').fill('Browser User');
    await page.getByLabel('Email').fill('browser-user@example.com');
    await page.getByLabel('Password').fill('a long enough password');
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Create account' }).click()]);
    await page.getByLabel('Name').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.locator('#created-key-secret').textContent())!.trim();
    expect(secret).toMatch(/^loom_/);
    expect(await page.getByRole('button', { name: /^Revoke laptop/ }).count()).toBe(1);
    await expectAccessible(page, 'settings');
    await screenshot(page, 'settings-desktop');
    await Promise.all([page.waitForURL(`${t.url}/`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.goto(`${t.url}/settings`);
    await page.waitForURL('**/login?next=*');
    await expectAccessible(page, 'login');
    await page.getByLabel('Username or email').fill('browser-user');
    await page.getByLabel('Password').fill('a long enough password');
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await page.getByRole('button', { name: /^Revoke laptop/ }).count()).toBe(1);
    await done(page);
  });

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    // six pages, each loaded, checked and photographed: slow on a shared machine
    lookTest(`passes an axe check (WCAG 2 A and AA) on every page at ${name} width, and is photographed`, { timeout: 90_000 }, async () => {
      for (const [label, path] of [
        ['catalog', '/'],
        ['search', '/?q=embeddings'],
        ['plugin', '/plugins/openai-plugin'],
        ['plugin-dependencies', '/plugins/azure-openai-plugin'],
        ['not-found', '/plugins/no-such-plugin'],
        ['signup', '/signup'],
      ]) {
        const page = await open(path, { viewport });
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `${label} at ${name} width`);
        await screenshot(page, `${label}-${name}`);
        // nothing wider than the screen: no sideways scrolling on a phone
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        await done(page);
      }
    });
  }
});
