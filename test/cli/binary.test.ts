import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { needsBuild, ROOT } from '../helpers/build.js';
import { Loom } from '../helpers/cli.js';

/**
 * The other CLI tests run `loom` in-process through run(argv, ctx). These few run the built binary, as a user does,
 * for what only it does: start from dist/ with its own package.json, hand the exit code to the shell, stream its
 * output through real pipes.
 */
describe('the built loom binary', () => {
  let t: TestApp;
  let loom: Loom;

  needsBuild();
  beforeAll(async () => {
    t = await createTestApp();
    loom = new Loom().sources([{ name: 'registry', url: t.url }]);
  });
  afterAll(async () => {
    loom.remove();
    await t.close();
  });

  it('prints its usage with --help and the package version with --version, exiting 0', async () => {
    const help = await loom.binary(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: loom /);
    expect(help.stdout).toContain('$ loom plugin search openai');
    const version = await loom.binary(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`, stderr: '' });
  });

  it('exits with the code of the failure: 2 for usage, 3 for not found', async () => {
    const usage = await loom.binary(['plugin', 'frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("unknown command 'frobnicate'");
    const missing = await loom.binary(['plugin', 'show', 'no-such-plugin', '--json']);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('installs a plugin from a registry server, then lists it as installed', async () => {
    const install = await loom.binary(['plugin', 'install', 'openai-plugin']);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/Installed openai-plugin 1\.3\.0 from registry/);
    expect(fs.existsSync(loom.path('plugins', 'openai-plugin', 'plugin.json'))).toBe(true);
    const list = await loom.binary(['plugin', 'list', '--installed', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({ installed: [{ id: 'openai-plugin', version: '1.3.0', status: 'ok' }] });
  });
});
