import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_DIALECT } from './database.js';
import { itOnce } from './once.js';

/** Debian's Chromium (`apt-get install chromium`); the browser tests need it, and CI requires it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
/** Skip the browser tests only on a machine without Chromium, never in CI. */
export const skipWithoutChromium = !hasChromium && process.env.CI !== 'true';

/** Where screenshots of each page go (kept after the run, to be looked at). */
export const ARTIFACTS = path.resolve('test-artifacts', 'web');

/**
 * Whether this project checks how pages look (axe, screenshots). The markup and styles are the same whichever
 * database serves them, so the looks are checked in the SQLite project only; the flows, which do touch the data,
 * run on both, and on PostgreSQL skip their axe checks and screenshots (each is seconds of Chromium's CPU).
 */
const CHECKS_LOOKS = TEST_DIALECT === 'sqlite';

/** For the sweeps that load every page of a face at each width for axe and a screenshot; elsewhere they show as skipped. */
export const lookTest = itOnce;

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium (a fresh temporary profile each launch); nothing it does reaches beyond this machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Runs axe-core in the page; resolves to the WCAG A/AA violations it finds. */
async function axeViolations(page: Page): Promise<{ id: string; help: string; nodes: number }[]> {
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  });
}

/** Expects no WCAG 2 A/AA violation from axe on the page as it stands (in the project that checks looks). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  if (CHECKS_LOOKS) expect(await axeViolations(page), label).toEqual([]);
}

/** A full-page screenshot into ARTIFACTS (in the project that checks looks). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!CHECKS_LOOKS) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}
