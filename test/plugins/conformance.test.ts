import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginConfig } from '../../conformance/config.js';
import type { ConformanceReport } from '../../conformance/report.js';
import { runConformance, type ManifestFacts } from '../../conformance/run.js';
import { pluginFacts, render } from '../../cli/init/scaffold.js';
import { parseManifest } from '../../domain/manifest.js';
import { Loom } from '../helpers/cli.js';
import { brokenPlugin, ECHO_DIR, startPlugin, type Defect, type PluginProcess } from '../helpers/plugins.js';

/** What examples/plugins/echo was scaffolded with (`loom plugin init` with these flags writes it again). */
const ECHO_FACTS = pluginFacts('echo', {
  name: 'Echo',
  version: '1.0.0',
  description: 'A deterministic echo model, the reference plugin of the Loom Plugin Registry',
  author: 'Loom Plugin Registry',
  contact_email: 'plugins@loom.example',
  repository: 'https://github.com/loom/plugin-echo',
  year: '2026',
});

const filesIn = (dir: string, prefix = ''): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesIn(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));

let echo: PluginProcess;
let loom: Loom;
const echoManifest = parseManifest(fs.readFileSync(path.join(ECHO_DIR, 'plugin.yaml'), 'utf8')).metadata as ManifestFacts;

beforeAll(async () => {
  echo = await startPlugin(process.execPath, ['server.ts'], ECHO_DIR);
  loom = new Loom();
});
afterAll(async () => {
  await echo?.stop();
  loom?.remove();
});

const byId = (report: ConformanceReport) => Object.fromEntries(report.checks.map((c) => [c.id, c]));

describe('the reference plugin examples/plugins/echo', () => {
  it('is exactly what loom plugin init writes for it (regenerate it with the flags of ECHO_FACTS)', () => {
    const files = render('typescript', ECHO_FACTS);
    expect(filesIn(ECHO_DIR).sort()).toEqual([...files.keys()].sort());
    for (const [file, text] of files) expect(fs.readFileSync(path.join(ECHO_DIR, file), 'utf8'), file).toBe(text);
  });

  it('passes every check of loom plugin test, and the sensitive key it is given appears nowhere', async () => {
    const key = 'sk-conformance-0123456789abcdef';
    const result = await loom.plugin(['test', echo.url, '--manifest', path.join(ECHO_DIR, 'plugin.yaml'), '--requests', '200', '--json'], 0, { env: { LOOM_PLUGIN_API_KEY: key } });
    const { report } = JSON.parse(result.stdout) as { report: ConformanceReport };
    expect(report.passed).toBe(true);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual([
      'metadata', 'metadata-manifest', 'initialize', 'health', 'models', 'chat', 'chat-stream', 'function-calling',
      'vision', 'embeddings', 'error-malformed', 'error-unknown-model', 'load-health', 'cleanup', 'no-secret-echo',
    ]);
    expect(byId(report).initialize.message).toContain('api_key (environment)');
    expect(report.load).toEqual([expect.objectContaining({ target: 'GET /health', requests: 200, concurrency: 10, completed: 200, errors: 0, non_2xx: 0 })]);
    expect(report.load[0].throughput_rps).toBeGreaterThan(0);
    expect(report.load[0].latency_ms.p99).toBeGreaterThanOrEqual(report.load[0].latency_ms.p50);
    expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('prints one line per check and the verdict', async () => {
    const result = await loom.plugin(['test', echo.url, '--requests', '50', '--concurrency', '5'], 0, { cwd: ECHO_DIR });
    expect(result.stdout).toContain('(manifest plugin.yaml)');
    expect(result.stdout).toMatch(/✓ chat-stream +streaming \(SSE ending in data: \[DONE\]\): \d+ chunks then \[DONE\]/);
    expect(result.stdout).toMatch(/✓ load-health +load: GET \/health × 50: 50 of 50 requests, 5 at a time: [\d.]+ req\/s, p50 [\d.]+ ms, p99 [\d.]+ ms, 0 errors/);
    expect(result.stdout).toMatch(/PASSED: 14 passed, 0 warnings, 0 failed, 1 skipped/);
  });
});

describe('a broken plugin fails the named check, saying why', () => {
  const run = async (defect: Defect, env: Record<string, string> = {}) => {
    const broken = await brokenPlugin(echo.url, defect);
    try {
      return await runConformance({
        endpoint: broken.url,
        fetch: (url, init) => fetch(url, init),
        manifest: echoManifest,
        config: pluginConfig(echoManifest.config_schema ?? [], [], env),
        timeoutMs: 1000,
        chatTimeoutMs: 5000,
        maxBytes: 1024 * 1024,
        missingConfig: 'fail',
      });
    } finally {
      await broken.close();
    }
  };
  const failed = (report: ConformanceReport) => report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

  it('missing /health', async () => {
    const report = await run({ kind: 'missing', path: '/health' });
    expect(report.passed).toBe(false);
    expect(failed(report)).toEqual(['health']);
    expect(byId(report).health).toMatchObject({ message: 'answered HTTP 404 ("404 page not found")', fix: expect.stringContaining('serve GET /health') });
  });

  it('errors without {code, message, details, transient}', async () => {
    const report = await run({ kind: 'error-shape' });
    expect(failed(report)).toEqual(['error-malformed', 'error-unknown-model']);
    expect(byId(report)['error-unknown-model'].message).toBe('model "loom-conformance-no-such-model" answered HTTP 404, but "code" is missing; "message" is missing; "transient" is missing; "details" is missing');
    expect(byId(report)['error-malformed'].fix).toContain('{"code": "invalid_request"');
  });

  it('a provider_type other than the manifest\'s', async () => {
    const report = await run({ kind: 'provider-type', value: 'echo2' });
    expect(failed(report)).toEqual(['metadata-manifest']);
    expect(byId(report)['metadata-manifest'].message).toBe('provider_type is "echo2", the manifest says "echo" (Loom keys plugins by it and refuses the plugin)');
  });

  it('a stream without data: [DONE]', async () => {
    const report = await run({ kind: 'stream-without-done' });
    expect(failed(report)).toEqual(['chat-stream']);
    expect(byId(report)['chat-stream'].message).toBe('the stream ended after 7 chunks without "data: [DONE]"');
  });

  it('a 2 s slow endpoint, against a 1 s deadline', async () => {
    const report = await run({ kind: 'slow', path: '/health', ms: 2000 });
    expect(failed(report)).toEqual(['health']);
    expect(byId(report).health).toMatchObject({ message: 'no complete answer within 1000 ms', fix: expect.stringContaining('answer sooner') });
    expect(byId(report).health.duration_ms).toBeLessThan(1900);
  });

  it('a plugin repeating its API key: the check fails and the report shows the key nowhere', async () => {
    const key = 'sk-conformance-echoed-0123456789';
    const report = await run({ kind: 'echo-secret' }, { LOOM_PLUGIN_API_KEY: key });
    expect(failed(report)).toEqual(['no-secret-echo']);
    expect(byId(report)['no-secret-echo'].message).toBe('a sensitive config value came back in the answer of /health');
    expect(byId(report).health.message).toContain('[redacted]');
    expect(JSON.stringify(report)).not.toContain(key);
  });

  it('nothing listening: the first check says so and the rest are skipped', async () => {
    const broken = await brokenPlugin(echo.url, { kind: 'error-shape' });
    const url = broken.url;
    await broken.close();
    const report = await runConformance({ endpoint: url, fetch: (u, init) => fetch(u, init), config: pluginConfig([], [], {}), timeoutMs: 1000, chatTimeoutMs: 1000, maxBytes: 1024, missingConfig: 'fail' });
    expect(failed(report)).toEqual(['metadata']);
    expect(byId(report).metadata.message).toBe('connection refused: is the plugin running, on this port?');
    expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
  });

  it('loom plugin test exits 1 and prints the failing check with its fix', async () => {
    const broken = await brokenPlugin(echo.url, { kind: 'stream-without-done' });
    try {
      const result = await loom.plugin(['test', broken.url, '--manifest', path.join(ECHO_DIR, 'plugin.yaml'), '--no-load'], 1);
      expect(result.stdout).toContain('✗ chat-stream          streaming (SSE ending in data: [DONE]): the stream ended after 7 chunks without "data: [DONE]"');
      expect(result.stdout).toContain('      fix: send each chunk as "data: {json}\\n\\n" with choices[0].delta, then "data: [DONE]\\n\\n"');
      expect(result.stdout).toContain('Required checks failed: chat-stream');
    } finally {
      await broken.close();
    }
  });
});

describe('config for /initialize', () => {
  const schema = echoManifest.config_schema ?? [];

  it('takes defaults, typed flags, and a sensitive value only from the environment', () => {
    const config = pluginConfig([...schema, { name: 'retries', type: 'int' }, { name: 'strict', type: 'bool' }], ['retries=3', 'strict=true', 'prefix=> '], { LOOM_PLUGIN_API_KEY: 'k-1' });
    expect(config.values).toEqual({ prefix: '> ', retries: 3, strict: true, api_key: 'k-1' });
    expect(config.sources).toEqual({ prefix: 'flag', retries: 'flag', strict: 'flag', api_key: 'environment' });
    expect(config.secrets).toEqual(['k-1']);
  });

  it('refuses a sensitive value on the command line, and a flag of the wrong type, with a usage error', async () => {
    const secret = await loom.plugin(['test', echo.url, '--manifest', path.join(ECHO_DIR, 'plugin.yaml'), '--config', 'api_key=sk-x'], 2);
    expect(secret.stderr).toContain('error: --config api_key: api_key is sensitive, so it is not taken from the command line');
    expect(secret.stderr).toContain('hint: set LOOM_PLUGIN_API_KEY in the environment instead');
    expect(() => pluginConfig([{ name: 'retries', type: 'int' }], ['retries=many'], {})).toThrow('--config retries=many: retries is an int');
  });

  it('fails /initialize when a required field has no value', async () => {
    const report = await runConformance({
      endpoint: echo.url,
      fetch: (url, init) => fetch(url, init),
      manifest: { ...echoManifest, config_schema: [{ name: 'api_key', type: 'string', required: true, sensitive: true }] },
      config: pluginConfig([{ name: 'api_key', type: 'string', required: true, sensitive: true }], [], {}),
      timeoutMs: 1000,
      chatTimeoutMs: 5000,
      maxBytes: 1024 * 1024,
      missingConfig: 'fail',
    });
    expect(byId(report).initialize).toMatchObject({ status: 'fail', message: 'required config "api_key" has no value' });
  });
});
