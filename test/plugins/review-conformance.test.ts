import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../cli/tui/app.js';
import { Registry } from '../../cli/tui/registry.js';
import { pluginConfig } from '../../conformance/config.js';
import { runConformance } from '../../conformance/run.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { QualityListDocument, SubmissionConformanceDocument, VersionQualityDocument } from '../gql/graphql.js';
import { Loom } from '../helpers/cli.js';
import { publishingSetup } from '../helpers/manifests.js';
import { brokenPlugin, ECHO_DIR, startPlugin, type PluginProcess } from '../helpers/plugins.js';
import { restClient, type RestClient } from '../helpers/rest.js';
import { waitForText } from '../helpers/tui.js';

const MANIFEST = fs.readFileSync(path.join(ECHO_DIR, 'plugin.yaml'), 'utf8');
const SUBMISSION = JSON.parse(fs.readFileSync(path.join(ECHO_DIR, 'registry-submission.json'), 'utf8'));

let setup: Awaited<ReturnType<typeof publishingSetup>>;
let t: TestApp;
let api: RestClient;
let echo: PluginProcess;
let passedId = '';

beforeAll(async () => {
  setup = await publishingSetup({ '/echo.yaml': MANIFEST });
  ({ t, api } = setup);
  echo = await startPlugin(process.execPath, ['server.ts'], ECHO_DIR);
});
afterAll(async () => {
  await echo?.stop();
  await setup?.close();
});

/** The echo plugin's registry-submission.json, its manifest served locally, with these `submission` fields. */
function echoSubmission(id: string, submission: Record<string, unknown>) {
  return {
    plugin: { ...SUBMISSION.plugin, id, install: { ...SUBMISSION.plugin.install, manifest_url: `${setup.manifests.base}/echo.yaml` } },
    submission: { ...SUBMISSION.submission, ...submission },
  };
}

async function submitAndCheck(app: TestApp, client: RestClient, key: Record<string, string>, body: unknown) {
  const res = await client.request('POST', '/api/v1/plugins', { headers: { 'content-type': 'application/json', ...key }, body: JSON.stringify(body) });
  expect(res.status, res.text).toBe(202);
  await app.checksIdle();
  return (await client.get(`/api/v1/submissions/${res.body.submission_id}`, key)).body;
}

describe('conformance in the review pipeline', () => {
  it('runs loom plugin test against submission.test_endpoint, through the SSRF guard, and stores the report', async () => {
    const status = await submitAndCheck(t, api, setup.publisher.auth, echoSubmission('echo-plugin', { test_endpoint: echo.url }));
    expect(status.status).toBe('pending_review');
    passedId = status.submission_id;
    expect(status.checks.filter((c: { status: string }) => c.status !== 'pass')).toEqual([]);
    expect(status.checks).toContainEqual({ name: 'conformance', status: 'pass', message: expect.stringMatching(new RegExp(`^loom plugin test against ${echo.url} passed: 14 passed, 0 warnings, 1 skipped$`)) });
    expect(status.conformance).toMatchObject({ source: 'registry', passed: true, endpoint: echo.url, report: { format: 'loom-plugin-test/1', plugin: { provider_type: 'echo', version: '1.0.0' } } });
    expect(status.conformance.report.load).toEqual([expect.objectContaining({ target: 'GET /health', requests: 50, concurrency: 5, completed: 50, errors: 0 })]);

    // what a reviewer sees
    const { body } = await t.graphql(SubmissionConformanceDocument, { id: status.submission_id }, setup.reviewer.auth);
    expect(body.errors).toBeUndefined();
    const { conformance } = body.data!.submission!;
    expect(conformance).toMatchObject({ source: 'registry', passed: true, endpoint: echo.url });
    expect((conformance!.report as { checks: { id: string }[] }).checks.map((c) => c.id)).toContain('chat-stream');
  });

  it('gives the approved version its quality checklist and score', async () => {
    for (const action of ['claim', 'approve']) {
      const res = await api.request('POST', `/api/v1/submissions/${passedId}/${action}`, { headers: { 'content-type': 'application/json', ...setup.reviewer.auth }, body: '{}' });
      expect(res.status, res.text).toBe(200);
    }
    const detail = (await api.get('/api/v1/plugins/echo-plugin')).body;
    const { quality } = detail.versions[0];
    expect(quality.score).toBe(100);
    expect(quality.items.map((i: { id: string }) => i.id)).toEqual(['conformance', 'error-codes', 'health-check', 'license', 'no-secrets', 'docker-pinned', 'documentation', 'repository', 'change-notes']);
    expect(quality.items[0]).toEqual({ id: 'conformance', label: 'Passes automated tests', passed: true, detail: expect.stringMatching(new RegExp(`^passed the registry's run against ${echo.url} at \\d{4}-`)) });
    const { body } = await t.graphql(VersionQualityDocument, { id: 'echo-plugin' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.plugin!.versions.nodes[0].quality!.score).toBe(100);

    const loom = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    try {
      const shown = await loom.json(['show', 'echo-plugin']);
      expect(shown.quality).toMatchObject({ score: 100, items: expect.arrayContaining([expect.objectContaining({ id: 'conformance', passed: true })]) });
      expect((await loom.plugin(['show', 'echo-plugin'])).stdout).toContain('  quality         100% (9 of 9)');
    } finally {
      loom.remove();
    }
  });

  it("lists plugins by their current version's quality: min_quality, tested and the quality sort", async () => {
    const list = async (q: string) => (await api.get(`/api/v1/plugins?${q}`)).body.plugins.map((p: { id: string }) => p.id);
    expect(await list('min_quality=100&tested=true')).toEqual(['echo-plugin']);
    expect(await list('tested=false')).not.toContain('echo-plugin');
    expect((await list('sort=quality'))[0]).toBe('echo-plugin');
    const bad = await api.get('/api/v1/plugins?min_quality=101');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('min_quality: must be an integer between 0 and 100');

    const { body } = await t.graphql(QualityListDocument, { minQuality: 100, tested: true, sort: 'QUALITY' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.plugins.nodes).toEqual([{ id: 'echo-plugin', qualityScore: 100, tested: true }]);
    const wrong = await t.graphql(QualityListDocument, { minQuality: -1 });
    expect(wrong.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const loom = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    try {
      const found = await loom.json(['search', '--tested', '--min-quality', '100']);
      expect(found.plugins.map((p: { id: string }) => p.id)).toEqual(['echo-plugin']);
      expect(found.plugins[0]).toMatchObject({ quality_score: 100, tested: true });
      expect((await loom.json(['list', '--sort', 'quality'])).plugins[0].id).toBe('echo-plugin');
      expect((await loom.plugin(['search', '--min-quality', '101'], 2)).stderr).toContain('a whole number from 0 to 100');
      expect((await loom.plugin(['list', '--tested', '--min-quality', '100'])).stdout).toContain('echo-plugin');
    } finally {
      loom.remove();
    }
  });

  it('filters with is:tested and quality>=N in the TUI, and shows the checklist in the detail (a bad score: test/tui/logic.test.ts)', async () => {
    const loom = new Loom().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    const registry = new Registry({ LOOM_HOME: loom.home, HOME: loom.home, LOOM_SYSTEM_REGISTRY: loom.path('none') }, loom.home);
    const ui = render(createElement(App, { registry, color: false }));
    const screen = (text: string | RegExp) => waitForText(ui.lastFrame, text);
    try {
      await screen(/\d+ plugins · sort relevance/);
      for (const key of 'is:tested quality>=100') ui.stdin.write(key);
      const frame = await screen(/1 plugin · is:tested · quality>=100/);
      expect(frame).toContain('echo-plugin');
      ui.stdin.write('\r');
      ui.stdin.write('\r');
      await screen('100% (9 of 9)');
      // the checklist follows, below the fold of the default terminal
      for (const key of 'jjjjjjjjj') ui.stdin.write(key);
      const detail = await screen('✓ Versioned release with change notes');
      expect(detail).toContain('✓ Passes automated tests');
    } finally {
      ui.unmount();
      loom.remove();
    }
  });

  it('shows the checklist on the web page, and filters and sorts the catalog page by quality', async () => {
    const page = async (path: string) => (await (await fetch(`${t.url}${path}`, { headers: { accept: 'text/html' } })).text()).replace(/<!-- -->/g, '');
    const ids = (html: string) => [...html.matchAll(/<h2><a href="\/plugins\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    const plugin = await page('/plugins/echo-plugin');
    expect(plugin).toContain('Quality 100%');
    expect(plugin).toContain('9 of 9 standards for version 1.0.0');
    expect(plugin).toMatch(/✓<\/span> Passes automated tests/);
    const tested = await page('/?tested=1');
    expect(ids(tested)).toEqual(['echo-plugin']);
    expect(tested).toContain('<input type="checkbox" name="tested" checked="" value="1"/> Tested only');
    expect(tested).toContain('quality 100%, tested');
    expect(ids(await page('/?sort=QUALITY'))[0]).toBe('echo-plugin');
    expect(await page('/')).toContain('<option value="QUALITY">Quality</option>');
  });

  it('sends back a submission whose test_endpoint is broken, with the reasons', async () => {
    const broken = await brokenPlugin(echo.url, { kind: 'stream-without-done' });
    try {
      const status = await submitAndCheck(t, api, setup.publisher.auth, echoSubmission('echo-broken', { test_endpoint: broken.url }));
      expect(status.status).toBe('changes_requested');
      expect(status.notes).toBe(`Automated checks failed: conformance: loom plugin test against ${broken.url} failed: chat-stream (the stream ended after 7 chunks without "data: [DONE]")`);
      expect(status.conformance).toMatchObject({ source: 'registry', passed: false });
    } finally {
      await broken.close();
    }
  });

  it('shows an attached report as self-reported', async () => {
    const report = await runConformance({ endpoint: echo.url, fetch: (u, init) => fetch(u, init), config: pluginConfig([], [], {}), timeoutMs: 2000, chatTimeoutMs: 5000, maxBytes: 1 << 20, missingConfig: 'fail' });
    const status = await submitAndCheck(t, api, setup.publisher.auth, echoSubmission('echo-self', { test_report: report }));
    expect(status.checks).toContainEqual({ name: 'conformance', status: 'pass', message: `self-reported: loom plugin test passed at ${report.finished_at} (not run by the registry: give submission.test_endpoint for that)` });
    expect(status.conformance).toMatchObject({ source: 'self-reported', passed: true, endpoint: echo.url });
  });

  it('refuses a test_report that is not one, naming the field', async () => {
    const res = await api.request('POST', '/api/v1/plugins', {
      headers: { 'content-type': 'application/json', ...setup.publisher.auth },
      body: JSON.stringify(echoSubmission('echo-bad-report', { test_report: { passed: true } })),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^invalid submission: submission\.test_report\.format: /);
  });
});

describe('the SSRF guard', () => {
  let guarded: TestApp;

  beforeAll(async () => {
    // the manifest host is allowed, the plugin's loopback port is not
    guarded = await createTestApp({ fetchAllow: [`127.0.0.1:${new URL(setup.manifests.base).port}`], allowHttpLoopback: true });
  });
  afterAll(() => guarded?.close());

  it('keeps the conformance run off addresses it does not allow', async () => {
    const user = await guarded.user('user', 'ssrf');
    const status = await submitAndCheck(guarded, await restClient(guarded.url), user.auth, echoSubmission('echo-ssrf', { test_endpoint: echo.url }));
    expect(status.status).toBe('changes_requested');
    expect(status.conformance.report.checks[0]).toMatchObject({ id: 'metadata', status: 'fail', message: expect.stringContaining('only https is fetched') });
  });
});
