import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { expectAccessible, launchBrowser, lookTest, screenshot, skipWithoutChromium } from '../helpers/browser.js';
import { goodManifest, sampleSubmission } from '../helpers/manifests.js';

/**
 * Issue 15, the author's submission pages in Chromium: sign up, submit through the form (each field checked by the
 * server as it is typed), read the checks on /submissions/:id; the same form without JavaScript; axe and screenshots.
 */
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

describe.skipIf(skipWithoutChromium)('the submission pages in Chromium', () => {
  // the pages link the browser files `vite build` makes
  needsBuild();
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ seed: false }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const scriptErrors = new WeakMap<Page, string[]>();

  async function open(path: string, options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: options.viewport ?? WIDTHS.desktop });
    const page = await context.newPage();
    // a step that does not happen fails with its own message, well before the test's timeout
    page.setDefaultTimeout(8000);
    const errors: string[] = [];
    scriptErrors.set(page, errors);
    page.on('pageerror', (err) => errors.push(err.message));
    // a refused form's own status (400) is logged as a failed load; that is the answer, not an error of the page
    page.on('console', (msg) => msg.type() === 'error' && msg.location().url !== page.url() && errors.push(msg.text()));
    await page.goto(`${t.url}${path}`);
    return page;
  }

  async function done(page: Page): Promise<void> {
    const errors = scriptErrors.get(page)!;
    await page.context().close();
    expect(errors).toEqual([]);
  }

  let accounts = 0;
  /** Signs up through the form, as a person would; the page ends on /settings. */
  async function signUp(page: Page): Promise<void> {
    const username = `author-${++accounts}`;
    await page.goto(`${t.url}/signup`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill(username);
    await page.getByLabel('Email').fill(`${username}@example.com`);
    await page.getByLabel('Password').fill('a long enough password');
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Create account' }).click()]);
  }

  /** The message shown beside a field (empty when none). */
  const problemOf = (page: Page, id: string) => page.evaluate((i) => document.getElementById(`${i}-problem`)?.textContent ?? '', id);

  async function fillGood(page: Page, id: string): Promise<void> {
    const fields: [string, string][] = [
      ['Plugin id', id],
      ['Name', 'My AI Provider Plugin'],
      ['Provider type', 'my-provider'],
      ['Version', '1.0.0'],
      ['Description', 'Integration with My AI Provider'],
      ['Author', 'Your Name <you@example.com>'],
      ['License', 'MIT'],
      ['Homepage', 'https://github.com/you/my-plugin'],
      ['Repository', 'https://github.com/you/my-plugin'],
      ['Tags', 'ai, llm'],
      ['Docker image', 'you/my-plugin:1.0.0'],
      ['Contact email', 'you@example.com'],
    ];
    for (const [label, value] of fields) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('streaming').check();
    await page.getByLabel('Manifest text').fill(goodManifest('1.0.0'));
  }

  it('end to end: signs up, submits through the form with live checks per field, and reads the checks on /submissions/:id', { timeout: 90_000 }, async () => {
    const page = await open('/signup');
    await signUp(page);
    await Promise.all([page.waitForURL('**/submit'), page.getByRole('link', { name: 'Submit a plugin' }).click()]);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, '/submit');

    // nothing is marked before it is touched
    expect(await page.locator('.field-problem').count()).toBe(0);
    await page.getByLabel('Version', { exact: true }).pressSequentially('1.0', { delay: 20 });
    await page.waitForFunction(() => document.getElementById('f-plugin-version-problem')?.textContent?.includes('must be a semantic version'));
    expect(await page.getByLabel('Version', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // only the field typed in is marked, though the others are empty too
    expect(await problemOf(page, 'f-plugin-id')).toBe('');
    await page.getByLabel('Version', { exact: true }).press('End');
    await page.getByLabel('Version', { exact: true }).pressSequentially('.0', { delay: 20 });
    await page.waitForFunction(() => !document.getElementById('f-plugin-version-problem'));

    await page.getByLabel('License').fill('CC-BY-NC-4.0');
    await page.waitForFunction(() => document.getElementById('f-plugin-license-problem')?.textContent?.includes('is not an OSI-approved license'));
    await page.getByLabel('Manifest text').fill(goodManifest('2.0.0'));
    // the manifest's agreement with the form, checked as the automated checks will
    await page.waitForFunction(() => document.getElementById('f-plugin-install-manifest-problem')?.textContent?.includes('metadata.version is 2.0.0'));
    await screenshot(page, 'submit-live-desktop');

    await fillGood(page, 'e2e-plugin');
    await page.waitForFunction(() => document.querySelectorAll('.field-problem').length === 0 && document.getElementById('live-status')?.textContent === 'No problems found so far.');
    await page.getByRole('button', { name: 'Submit for review' }).focus();
    await Promise.all([page.waitForURL(/\/submissions\/sub-[0-9a-f]{12}$/), page.keyboard.press('Enter')]);
    await t.checksIdle();
    await page.reload();
    expect(await page.locator('#submission-status').textContent()).toBe('pending review');
    expect(await page.locator('#checks-state').textContent()).toMatch(/^\d+ checks ran\.$/);
    const checks = await page.locator('table.checks tbody th').allTextContents();
    expect(checks).toEqual(expect.arrayContaining(['manifest-fetch', 'manifest-schema', 'manifest-match', 'secrets', 'secret-defaults', 'docker-image-pinned', 'lookalike-name']));
    expect(await page.locator('table.checks .check-fail').count()).toBe(0);
    await expectAccessible(page, '/submissions/:id');
    await screenshot(page, 'submission-desktop');

    await Promise.all([page.waitForURL('**/submissions'), page.getByRole('link', { name: 'Your submissions' }).click()]);
    expect(await page.locator('tbody th a').allTextContents()).toEqual(['e2e-plugin']);
    await expectAccessible(page, '/submissions');
    await screenshot(page, 'submissions-desktop');
    await done(page);
  });

  it('fills the form from a registry-submission.json chosen in the browser, and checks it at once', async () => {
    const page = await open('/signup');
    await signUp(page);
    await page.goto(`${t.url}/submit`);
    await page.waitForLoadState('networkidle');
    const doc = sampleSubmission('http://example.com/plugin.yaml', { id: 'from-file' });
    await page.getByLabel('registry-submission.json', { exact: true }).setInputFiles({ name: 'registry-submission.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await page.waitForFunction(() => (document.getElementById('f-plugin-id') as HTMLInputElement | null)?.value === 'from-file');
    expect(await page.getByLabel('Tags').inputValue()).toBe('ai, llm, custom');
    expect(await page.getByLabel('streaming').isChecked()).toBe(true);
    // plain http is refused: the server says so beside the manifest URL
    await page.waitForFunction(() => document.getElementById('f-plugin-install-manifest_url-problem')?.textContent === 'must be an https URL');
    await done(page);
  });

  it('is used from the keyboard alone: Tab reaches every field of the form in order, then the submit button', async () => {
    const page = await open('/signup');
    await signUp(page);
    await page.goto(`${t.url}/submit`);
    await page.getByLabel('registry-submission.json', { exact: true }).focus();
    const reached: string[] = [];
    for (let i = 0; i < 60 && !reached.includes('button:Submit for review'); i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.tagName === 'BUTTON' ? `button:${el.textContent}` : (el?.name ?? '');
      }));
    }
    const order = ['plugin.id', 'plugin.version', 'plugin.capabilities.vision', 'plugin.install.manifest_url', 'plugin.install.manifest', 'manifest_file', 'submission.contact_email', 'submission.test_report', 'button:Submit for review'];
    expect(order.map((name) => reached.indexOf(name))).toEqual([...order.map((name) => reached.indexOf(name))].sort((a, b) => a - b));
    expect(order.every((name) => reached.includes(name))).toBe(true);
    await done(page);
  });

  it('works without JavaScript: a bad form comes back with the problems marked and the values kept, a good one is submitted', async () => {
    // signed up with scripts on, then the session used by a context without them
    const setupPage = await open('/signup');
    await signUp(setupPage);
    const cookies = await setupPage.context().cookies();
    await done(setupPage);
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: WIDTHS.phone });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.goto(`${t.url}/submit`);
    await fillGood(page, 'no-js-plugin');
    await page.getByLabel('Version', { exact: true }).fill('one');
    await Promise.all([page.waitForURL('**/submit'), page.getByRole('button', { name: 'Submit for review' }).click()]);
    expect(await page.locator('#form-problem').textContent()).toContain('plugin.version: must be a semantic version');
    expect(await problemOf(page, 'f-plugin-version')).toBe('must be a semantic version such as 1.2.0');
    expect(await page.getByLabel('Plugin id').inputValue()).toBe('no-js-plugin');
    expect(await page.getByLabel('Manifest text').inputValue()).toBe(goodManifest('1.0.0'));
    await screenshot(page, 'submit-problems-phone');
    await page.getByLabel('Version', { exact: true }).fill('1.0.0');
    await Promise.all([page.waitForURL(/\/submissions\/sub-/), page.getByRole('button', { name: 'Submit for review' }).click()]);
    expect(await page.locator('#submission-status').textContent()).toBe('pending review');
    await context.close();
  });

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    lookTest(`passes an axe check on the submission pages at ${name} width, and is photographed`, { timeout: 60_000 }, async () => {
      const page = await open('/signup', { viewport });
      await signUp(page);
      await page.goto(`${t.url}/submit`);
      await fillGood(page, `shot-${name}`);
      await Promise.all([page.waitForURL(/\/submissions\/sub-/), page.getByRole('button', { name: 'Submit for review' }).click()]);
      await t.checksIdle();
      const submission = page.url();
      for (const [label, path] of [
        ['submit', '/submit'],
        ['submission', submission.slice(t.url.length)],
        ['submissions', '/submissions'],
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
