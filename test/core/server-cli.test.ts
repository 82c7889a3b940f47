import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { needsBuild, ROOT } from '../helpers/build.js';
import { startServerProcess } from '../helpers/server-process.js';

// The built server, as `npm start` runs it.
const MAIN = path.join(ROOT, 'dist/server/main.js');
const server = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, DATABASE_URL: ':memory:', SEED: 'false', LOG_LEVEL: 'silent', ...env } });

describe('the server command line', () => {
  needsBuild();

  it('prints its options with --help and its version with --version, and starts nothing', () => {
    const help = server(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm start/);
    for (const option of ['--port', '--host', '--database-url', '--log-level', '--no-seed', '--version']) expect(help.stdout).toContain(option);
    const version = server(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('refuses an unknown flag or a bad value in one line naming it (exit 2)', () => {
    const unknown = server(['--prot', '1']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^loom-registry: .*--prot.*--help lists the options/);
    const bad = server([], { PORT: 'eighty' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^loom-registry: invalid setting port/);
  });

  it.skipIf(process.platform !== 'linux')('runs on Linux with its allocator settings, keeping a value the environment gives', async () => {
    const environ = async (env: Record<string, string>) => {
      const started = await startServerProcess({ kind: 'sqlite', file: ':memory:' }, env);
      try {
        // the same process (execve keeps the pid), serving with the environment it was replaced with
        return Object.fromEntries(
          readFileSync(`/proc/${started.child.pid}/environ`, 'utf8')
            .split('\0')
            .filter((entry) => entry.startsWith('MALLOC_'))
            .map((entry) => entry.split('=')),
        );
      } finally {
        await started.stop();
      }
    };
    const unset = { MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined } as unknown as Record<string, string>;
    expect(await environ(unset)).toEqual({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' });
    expect(await environ({ ...unset, MALLOC_ARENA_MAX: '4' })).toEqual({ MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '131072' });
  });

  it('keeps secrets out of its request log: a report\'s status token is logged as [redacted]', async () => {
    const started = await startServerProcess({ kind: 'sqlite', file: ':memory:' }, { LOG_LEVEL: 'info', SEED: 'true' });
    try {
      const filed = await fetch(`${started.url}/api/v1/plugins/openai-plugin/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'security', details: 'Version 1.2.0 sends the API key to any host named in a redirect.', contact: 'finder@example.org' }),
      });
      expect(filed.status).toBe(201);
      const { report, status_token: token } = (await filed.json()) as { report: { id: string }; status_token: string };
      expect(token).toMatch(/.{16,}/);
      expect((await fetch(`${started.url}/api/v1/reports/${report.id}?token=${encodeURIComponent(token)}`)).status).toBe(200);
      const logged = () => started.output().split('\n').filter((line) => line.includes(`/api/v1/reports/${report.id}`));
      await vi.waitFor(() => expect(logged()).toHaveLength(1), { timeout: 5000, interval: 20 });
      expect(JSON.parse(logged()[0])).toMatchObject({ msg: 'request', status: 200, url: `/api/v1/reports/${report.id}?token=[redacted]` });
      expect(started.output()).not.toContain(token);
    } finally {
      await started.stop();
    }
  });

  it('says in one line, without a stack trace, that a taken port is taken, naming it and PORT', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const run = server([], { PORT: String(port) });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`loom-registry: port ${port} on 127.0.0.1 is already in use: stop what listens there, or pick another port with PORT=<n> or --port <n>`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
