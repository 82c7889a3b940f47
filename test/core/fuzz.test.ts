import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_DIALECT } from '../helpers/database.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { FUZZ_SETTINGS, formatReport, prepareTarget, runFuzz, type FuzzTarget } from '../fuzz/fuzz.js';

/** `npm run fuzz` at a smaller size, on the suite's database: no malformed request gets a 5xx. */

let t: TestApp;
let target: FuzzTarget;
beforeAll(async () => {
  t = await createTestApp(FUZZ_SETTINGS);
  target = await prepareTarget(t.app, t.url);
});
afterAll(() => t.close());

it('answers 1,500 malformed REST and GraphQL requests without a 5xx, an INTERNAL_SERVER_ERROR or a stack trace', async () => {
  const report = await runFuzz(target, { requests: 1500, seed: 20, concurrency: 6 });
  const text = formatReport(report, TEST_DIALECT);
  expect(report.requests).toBe(1500);
  expect(report.findings, text).toEqual([]);
  // the run reached every layer: refusals, successes and the handlers behind them
  expect(report.classes['2xx'], text).toBeGreaterThan(100);
  expect(report.classes['4xx'], text).toBeGreaterThan(500);
}, 60_000);
