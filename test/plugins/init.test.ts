import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceReport } from '../../conformance/report.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom, StaticHost } from '../helpers/cli.js';
import { startPlugin, type PluginProcess } from '../helpers/plugins.js';

const python = spawnSync('python3', ['--version']).status === 0;
const homes: Loom[] = [];
const plugins: PluginProcess[] = [];

afterAll(async () => {
  for (const p of plugins) await p.stop();
  for (const h of homes) h.remove();
});

function home(): Loom {
  const loom = new Loom();
  homes.push(loom);
  return loom;
}

async function start(command: string, args: string[], cwd: string): Promise<PluginProcess> {
  const plugin = await startPlugin(command, args, cwd);
  plugins.push(plugin);
  return plugin;
}

/** `loom plugin test` in the scaffold's folder (its plugin.yaml), with a short load run; the parsed report. */
async function conformance(loom: Loom, url: string, dir: string): Promise<ConformanceReport> {
  const result = await loom.plugin(['test', url, '--requests', '200', '--json'], 0, { cwd: dir });
  return (JSON.parse(result.stdout) as { report: ConformanceReport }).report;
}

const notPassing = (report: ConformanceReport) => report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip');

describe('loom plugin init', () => {
  it('scaffolds a TypeScript plugin that passes loom plugin test and its own tests as it is', async () => {
    const loom = home();
    const { created } = await loom.json(['init', 'acme', '--author', "Ada O'Neil", '--email', 'ada@example.com', '--repository', 'https://github.com/ada/loom-acme']);
    expect(created).toMatchObject({ language: 'typescript', id: 'acme-plugin', provider_type: 'acme', version: '0.1.0' });
    expect(created.files).toEqual(['.dockerignore', '.github/workflows/ci.yml', '.gitignore', 'Dockerfile', 'LICENSE', 'package.json', 'plugin.yaml', 'README.md', 'registry-submission.json', 'server.test.ts', 'server.ts']);
    const dir = loom.path('acme');
    const submission = JSON.parse(fs.readFileSync(path.join(dir, 'registry-submission.json'), 'utf8'));
    expect(submission.plugin).toMatchObject({
      id: 'acme-plugin',
      name: 'Acme',
      provider_type: 'acme',
      author: "Ada O'Neil",
      install: { type: 'http', manifest_url: 'https://raw.githubusercontent.com/ada/loom-acme/v0.1.0/plugin.yaml', docker_image: 'ada/loom-acme:0.1.0' },
    });
    expect(submission.submission.contact_email).toBe('ada@example.com');

    const plugin = await start(process.execPath, ['server.ts'], dir);
    const report = await conformance(loom, plugin.url, dir);
    expect(report.passed).toBe(true);
    expect(notPassing(report)).toEqual([]);
    expect(report.plugin).toEqual({ name: 'Acme', version: '0.1.0', provider_type: 'acme' });

    const own = spawnSync(process.execPath, ['--test', '--test-reporter=tap'], { cwd: dir, encoding: 'utf8' });
    expect(own.status, own.stdout + own.stderr).toBe(0);
    expect(own.stdout).toContain('# pass 5');
  });

  it.skipIf(!python)('scaffolds a Python plugin that passes loom plugin test and its own tests as it is', async () => {
    const loom = home();
    await loom.plugin(['init', 'plugins/py-acme', '--language', 'python', '--provider-type', 'py.acme']);
    const dir = loom.path('plugins/py-acme');
    expect(fs.existsSync(path.join(dir, 'server.py'))).toBe(true);
    const plugin = await start('python3', ['server.py'], dir);
    const report = await conformance(loom, plugin.url, dir);
    expect(report.passed).toBe(true);
    expect(notPassing(report)).toEqual([]);
    expect(report.plugin?.provider_type).toBe('py.acme');

    const own = spawnSync('python3', ['-m', 'unittest'], { cwd: dir, encoding: 'utf8' });
    expect(own.status, own.stdout + own.stderr).toBe(0);
    expect(own.stderr).toMatch(/Ran 5 tests[\s\S]*OK/);
  });

  it('refuses to overwrite a project, and a provider type Loom cannot key, with usage errors', async () => {
    const loom = home();
    await loom.plugin(['init', 'twice']);
    const again = await loom.plugin(['init', 'twice'], 2);
    expect(again.stderr).toMatch(/error: .*twice already has \.dockerignore, \.github\/workflows\/ci\.yml, \.gitignore and 8 more: scaffold into a new folder/);
    const bad = await loom.plugin(['init', 'x', '--provider-type', 'My Provider'], 2);
    expect(bad.stderr).toContain('error: provider type "My Provider": lowercase letters, digits');
    const quote = await loom.plugin(['init', 'y', '--name', 'say "hi"'], 2);
    expect(quote.stderr).toContain('error: name "say "hi"": leave out quotes');
    expect(fs.existsSync(loom.path('x'))).toBe(false);
  });
});

describe('loom plugin init → loom plugin test → loom plugin submit --report', () => {
  let t: TestApp;
  let manifests: StaticHost;

  beforeAll(async () => {
    t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true });
    manifests = await new StaticHost().start();
  });
  afterAll(async () => {
    await t?.close();
    await manifests?.close();
  });

  it('submits the scaffold, whose automated checks pass', async () => {
    const publisher = await t.user('user', 'ada');
    const loom = home().sources([{ name: 'registry', url: t.url, type: 'loom-registry' }]);
    await loom.plugin(['init', 'widget', '--author', 'Ada', '--email', 'ada@example.com']);
    const dir = loom.path('widget');
    const plugin = await start(process.execPath, ['server.ts'], dir);
    const report = await conformance(loom, plugin.url, dir);
    expect(report.passed).toBe(true);
    fs.writeFileSync(path.join(dir, 'report.json'), JSON.stringify({ report }));

    // as after pushing the tag: the manifest is served where the submission says
    manifests.text('/widget/v0.1.0/plugin.yaml', fs.readFileSync(path.join(dir, 'plugin.yaml'), 'utf8'));
    const file = path.join(dir, 'registry-submission.json');
    const submission = JSON.parse(fs.readFileSync(file, 'utf8'));
    submission.plugin.install.manifest_url = `${manifests.url}/widget/v0.1.0/plugin.yaml`;
    fs.writeFileSync(file, JSON.stringify(submission, null, 2));

    await loom.plugin(['login'], 0, { input: `${publisher.key}\n` });
    const { submission: receipt } = await loom.json(['submit', 'registry-submission.json', '--report', 'report.json'], 0, { cwd: dir });
    expect(receipt.status).toBe('pending_review');
    await t.checksIdle();
    const { submission: status } = await loom.json(['status', receipt.submission_id]);
    expect(status).toMatchObject({ plugin_id: 'widget-plugin', version: '0.1.0', status: 'pending_review', checks_state: 'done' });
    expect(status.checks.filter((c: { status: string }) => c.status !== 'pass')).toEqual([]);
    expect(status.checks).toContainEqual({ name: 'conformance', status: 'pass', message: expect.stringMatching(/^self-reported: loom plugin test passed at /) });
  });
});
