import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild } from '../helpers/build.js';
import { expectAccessible, launchBrowser, screenshot, skipWithoutChromium } from '../helpers/browser.js';
import { Loom, type CliResult } from '../helpers/cli.js';

/**
 * Issue 15's acceptance, "log the CLI in through the device flow", end to end: `loom plugin login` (in-process) shows
 * a code, a person signs in on the web in Chromium, enters the code on /device, approves, and the CLI is logged in.
 */
describe.skipIf(skipWithoutChromium)('device login in Chromium', () => {
  needsBuild();
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    [t, browser] = await Promise.all([createTestApp({ seed: false }), launchBrowser()]);
    // the CLI polls at the server's interval: a short one keeps the test quick
    t.app.services.devices.intervalSeconds = 1;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Screenshots at desktop and phone width, and an axe check of the page as it stands. */
  async function look(page: Page, name: string): Promise<void> {
    await expectAccessible(page, name);
    await screenshot(page, `${name}-desktop`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, `${name}-phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('the CLI starts the login, the browser signs in, enters the code and approves, the CLI finishes and whoami works', async () => {
    await t.data('mutation { signUp(username: "lin", displayName: "Lin", email: "lin@example.com", password: "a long enough password") { key } }');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));

    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    let shown: (code: { user_code: string; verification_uri: string }) => void;
    const codeShown = new Promise<{ user_code: string; verification_uri: string }>((resolve) => (shown = resolve));
    const cli: Promise<CliResult> = loom.run(['plugin', 'login', '--json'], {
      onOutput: (stdout) => {
        const first = stdout.split('\n')[0];
        if (stdout.includes('\n')) shown(JSON.parse(first));
      },
    });
    const { user_code, verification_uri } = await codeShown;

    // not signed in: /device sends the browser through the sign-in page and back
    await page.goto(verification_uri);
    await page.waitForURL(/\/login\?next=%2Fdevice/);
    await page.getByLabel('Username or email').fill('lin');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/device$/);
    await look(page, 'device-enter');

    // the code as a person types it: lower case, with the dash
    await page.getByLabel('Code').fill(user_code.toLowerCase());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Approve a device login' }).waitFor();
    expect(await page.locator('#device-code').textContent()).toBe(user_code);
    expect(await page.locator('#device-scopes').textContent()).toBe('publish');
    await look(page, 'device-approve');

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: 'Device approved' }).waitFor();
    await look(page, 'device-approved');

    const result = await cli;
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[1]).toMatchObject({ event: 'logged_in', username: 'lin', scopes: ['publish'] });
    expect(await loom.json(['whoami'])).toMatchObject({ account: { username: 'lin' } });

    // the key is on /settings, revocable there
    await page.goto(`${t.url}/settings`);
    await page.getByRole('button', { name: /Revoke loom CLI \(device login\)/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
