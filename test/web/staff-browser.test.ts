import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { expectAccessible, launchBrowser, lookTest, screenshot, skipWithoutChromium } from '../helpers/browser.js';
import { goodManifest, startManifestServer } from '../helpers/manifests.js';
import { PASSWORD, staffUser, submitThroughApi } from '../helpers/staff.js';

/**
 * Issue 15, the reviewer and admin pages in Chromium: a reviewer signs in, claims a waiting submission in /review
 * from the keyboard and approves it, and the plugin is then on `/` and its page for anyone without JavaScript; an axe
 * check and screenshots of every staff page at two widths.
 */
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

describe.skipIf(skipWithoutChromium)('the reviewer and admin pages in Chromium', () => {
  // the pages link the browser files `vite build` makes
  needsBuild();
  let t: TestApp;
  let browser: Browser;
  let manifests: Awaited<ReturnType<typeof startManifestServer>>;
  let author: Record<string, string>;
  beforeAll(async () => {
    manifests = await startManifestServer({ '/1.0.0.yaml': goodManifest('1.0.0'), '/1.1.0.yaml': goodManifest('1.1.0') });
    [t, browser] = await Promise.all([createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true, writesPerKey: 10_000, writesPerIp: 10_000 }), launchBrowser()]);
    author = (await t.user('user', 'the-author')).auth;
    await staffUser(t, 'reviewer', 'rhea');
    await staffUser(t, 'admin', 'ada');
    await staffUser(t, 'user', 'ulla');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await manifests?.close();
  });

  const scriptErrors = new WeakMap<BrowserContext, string[]>();

  /** A context of its own, signed in as `username` through the sign-in form; every script error it logs is kept. */
  async function signIn(username: string, viewport = WIDTHS.desktop): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const errors: string[] = [];
    scriptErrors.set(context, errors);
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    // a refused page's own status is logged as a failed load; that is the answer, not an error of the page
    page.on('console', (msg) => msg.type() === 'error' && msg.location().url !== page.url() && errors.push(msg.text()));
    await page.goto(`${t.url}/login`);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Sign in' }).click()]);
    return page;
  }

  async function done(page: Page): Promise<void> {
    const errors = scriptErrors.get(page.context())!;
    await page.context().close();
    expect(errors).toEqual([]);
  }

  /** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
  async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  it('end to end: a reviewer signs in, claims the waiting submission from the keyboard, approves it, and anyone reads the plugin without JavaScript', async () => {
    const id = await submitThroughApi(t, author, `${manifests.base}/1.0.0.yaml`, 'e2e-reviewed-plugin');
    const page = await signIn('rhea');
    // the layout links the queue for a reviewer
    await Promise.all([page.waitForURL('**/review'), page.getByRole('link', { name: 'Review', exact: true }).click()]);
    await page.getByRole('link', { name: 'e2e-reviewed-plugin@1.0.0' }).waitFor();
    await tabTo(page, 'button[aria-label="Claim e2e-reviewed-plugin@1.0.0"]');
    await Promise.all([page.waitForURL(`**/review/${id}`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1 .badge').textContent()).toBe('In review');
    await expectAccessible(page, 'a claimed submission');

    await page.getByLabel('Approval notes (optional)').focus();
    await page.keyboard.type('Clean manifest, checks pass.');
    await page.keyboard.press('Tab'); // past the hint to the button
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Approve and publish');
    await Promise.all([page.waitForURL(`**/review/${id}`), page.keyboard.press('Enter')]);
    await page.locator('h1 .badge', { hasText: 'Approved' }).waitFor();
    expect(await page.getByRole('link', { name: '/plugins/e2e-reviewed-plugin' }).count()).toBe(1);
    await done(page);

    // anyone, without JavaScript: the catalog finds it, and its page is in the HTML itself
    const search = await fetch(`${t.url}/?q=e2e-reviewed-plugin`, { headers: { accept: 'text/html' } });
    expect(search.status).toBe(200);
    expect(await search.text()).toContain('href="/plugins/e2e-reviewed-plugin"');
    const plain = await fetch(`${t.url}/plugins/e2e-reviewed-plugin`, { headers: { accept: 'text/html' } });
    expect(plain.status).toBe(200);
    const html = await plain.text();
    expect(html).toContain('My AI Provider Plugin');
    expect(html).toContain('loom plugin install e2e-reviewed-plugin');
    const reader = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await reader.newPage();
    await noScript.goto(`${t.url}/plugins/e2e-reviewed-plugin`);
    expect(await noScript.locator('#install-command').textContent()).toBe('loom plugin install e2e-reviewed-plugin');
    await reader.close();
  });

  it('sends a signed-out browser to sign in and back, and shows a user the 403 page', async () => {
    const anonymous = await browser.newContext();
    const page = await anonymous.newPage();
    await page.goto(`${t.url}/moderation`);
    await page.waitForURL('**/login?next=%2Fmoderation');
    await page.getByLabel('Username or email').fill('rhea');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL('**/moderation'), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.getByRole('heading', { name: 'Moderation queue' }).waitFor();
    await anonymous.close();

    const user = await signIn('ulla');
    expect(await user.getByRole('link', { name: 'Review', exact: true }).count()).toBe(0);
    const res = await user.goto(`${t.url}/review`);
    expect(res!.status()).toBe(403);
    await user.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await expectAccessible(user, 'the 403 page');
    await screenshot(user, 'staff-forbidden-desktop');
    await done(user);
  });

  for (const [name, viewport] of Object.entries(WIDTHS)) {
    lookTest(`passes an axe check on every staff page at ${name} width, and is photographed`, async () => {
      // something on each page: a waiting submission with a diff, a reported review, audit entries
      const first = await submitThroughApi(t, author, `${manifests.base}/1.0.0.yaml`, `shots-${name}`);
      await t.graphql('mutation($id: ID!) { approveSubmission(id: $id, notes: "first") { status } }', { id: first }, (await t.user('reviewer')).auth);
      const next = await submitThroughApi(t, author, `${manifests.base}/1.1.0.yaml`, `shots-${name}`, '1.1.0');
      const critic = (await t.user('user')).auth;
      const reviewed = await t.graphql<{ reviewPlugin: { id: string } }>('mutation { reviewPlugin(id: "openai-plugin", rating: 2, comment: "Did not work with my proxy, and the docs are thin.") { id } }', undefined, critic);
      await t.graphql('mutation($id: ID!) { flagReview(id: $id, reason: "off-topic complaint") { id } }', { id: reviewed.body.data!.reviewPlugin.id }, author);

      const page = await signIn('ada', viewport);
      for (const [label, path] of [
        ['review-queue', '/review?status=all'],
        ['review-submission', `/review/${next}`],
        ['moderation', '/moderation'],
        ['curate', '/admin/plugins/openai-plugin'],
        ['audit', '/admin/audit'],
      ]) {
        await page.goto(`${t.url}${path}`);
        await page.waitForLoadState('networkidle');
        await expectAccessible(page, `${label} at ${name} width`);
        await screenshot(page, `staff-${label}-${name}`);
        // nothing wider than the screen: no sideways scrolling on a phone (wide tables scroll in their own box)
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at ${name} width`).toBeLessThanOrEqual(viewport.width);
      }
      await done(page);
      // five pages, each checked by axe and photographed: ~9 s alone, and three times that beside the rest of the suite
      // on a slow two-core machine (seen: the default 30 s ran out)
    }, 120_000);
  }
});
