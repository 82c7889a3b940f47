import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom, StaticHost, type CliResult } from '../helpers/cli.js';
import { itOnce } from '../helpers/once.js';

/** Issue 15: `loom plugin login` without a pasted key, through the device authorization grant (RFC 8628). */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  // the CLI waits the server's interval between polls: a short one keeps these tests quick
  t.app.services.devices.intervalSeconds = 1;
});
afterAll(() => t.close());

let people = 0;
/** A person signed in on the web: their browser session's key. */
async function session(): Promise<{ username: string; key: string }> {
  const username = `cli${++people}`;
  const { signUp } = await t.data<{ signUp: { key: string } }>('mutation($u: String!, $e: String!) { signUp(username: $u, displayName: $u, email: $e, password: "a long enough password") { key } }', {
    u: username,
    e: `${username}@example.com`,
  });
  return { username, key: signUp.key };
}

async function decide(sessionKey: string, userCode: string, approve: boolean): Promise<void> {
  const res = await t.graphql('mutation($c: String!, $a: Boolean!) { decideDeviceAuthorization(userCode: $c, approve: $a) { status } }', { c: userCode, a: approve }, { authorization: `Bearer ${sessionKey}` });
  expect(res.body.errors).toBeUndefined();
}

/**
 * Runs `loom plugin login …` in-process and, once it has printed its code (the JSON line with --json, else the
 * human text on stderr), calls `act` with it.
 */
async function login(loom: Loom, args: string[], act: (userCode: string) => Promise<void>): Promise<CliResult> {
  let acted: Promise<void> | undefined;
  const result = await loom.run(['plugin', 'login', ...args], {
    onOutput: (stdout, stderr) => {
      const code = /"user_code":"([A-Z]{4}-[A-Z]{4})"/.exec(stdout)?.[1] ?? /one-time code: ([A-Z]{4}-[A-Z]{4})/.exec(stderr)?.[1];
      if (code && !acted) acted = act(code);
    },
  });
  await acted;
  return result;
}

describe('loom plugin login (device flow)', () => {
  it('prints the code and the page, waits for approval, saves the key where a pasted one goes, and says who is logged in', async () => {
    const person = await session();
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const result = await login(loom, [], (code) => decide(person.key, code, true));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/First copy your one-time code: [A-Z]{4}-[A-Z]{4}/);
    expect(result.stderr).toContain(`Then open ${t.url}/device in a browser`);
    expect(result.stderr).toMatch(new RegExp(`or open ${t.url}/device\\?user_code=[A-Z]{4}-[A-Z]{4}`));
    expect(result.stdout).toContain(`Logged in to team as ${person.username}.`);
    const credentials = fs.readFileSync(loom.path('credentials'), 'utf8');
    expect(credentials).toMatch(/loom_[A-Za-z0-9_-]{43}/);
    const whoami = await loom.json(['whoami']);
    expect(whoami).toMatchObject({ account: { source: 'team', username: person.username } });
  });

  it('--json prints the code and the result as JSON lines; --scopes asks for fewer scopes', async () => {
    const person = await session();
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const result = await login(loom, ['--json', '--scopes', 'publish'], (code) => decide(person.key, code, true));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      event: 'device_code',
      source: 'team',
      user_code: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
      verification_uri: `${t.url}/device`,
      verification_uri_complete: `${t.url}/device?user_code=${lines[0].user_code}`,
      expires_in: 900,
      interval: 1,
    });
    expect(lines[1]).toEqual({ event: 'logged_in', source: 'team', url: t.url, username: person.username, scopes: ['publish'] });
  });

  it('--web opens the page with the code filled in, through $BROWSER', async () => {
    const person = await session();
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const opened = loom.path('opened.txt');
    const browser = loom.path('browser.sh');
    fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    loom.env.BROWSER = browser;
    const result = await login(loom, ['--web'], async (code) => {
      await vi.waitFor(() => expect(fs.readFileSync(opened, 'utf8')).toBe(`${t.url}/device?user_code=${code}`), { timeout: 10_000, interval: 20 });
      await decide(person.key, code, true);
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Opened ${t.url}/device?user_code=`);
  });

  it('stops with exit 1 and a clear message when the login is denied, saving nothing', async () => {
    const person = await session();
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const result = await login(loom, [], (code) => decide(person.key, code, false));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the login was denied in the browser: no key was saved');
    expect(fs.existsSync(loom.path('credentials'))).toBe(false);
  });

  it('stops with exit 1 when the code expires first', async () => {
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const result = await login(loom, [], async () => {
      // the server's clock jumps past the 15 minutes
      t.app.services.devices.now = () => Date.now() + 16 * 60 * 1000;
    }).finally(() => {
      t.app.services.devices.now = Date.now;
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the code [A-Z]{4}-[A-Z]{4} expired before it was approved/);
  });

  it('refuses an unknown scope before anything starts', async () => {
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const result = await loom.plugin(['login', '--scopes', 'root'], 2);
    expect(result.stderr).toContain('unknown scope "root"');
  });

  it('keeps pasting: --with-token and a key on stdin', async () => {
    const person = await session();
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    expect((await loom.plugin(['login', '--with-token'], 0, { input: `${person.key}\n` })).stdout).toContain(`Logged in to team as ${person.username}`);
    expect((await loom.plugin(['login'], 0, { input: `${person.key}\n` })).stdout).toContain(`Logged in to team as ${person.username}`);
  });
});

describe('polling', () => {
  // against a static host, no database: ten seconds of waiting, once
  itOnce('waits the interval, and 5 s longer after slow_down', async () => {
    const host = await new StaticHost().start();
    const answers = [{ error: 'slow_down' }, { error: 'authorization_pending' }, { error: 'access_denied' }];
    const polls: number[] = [];
    host.routes.set('/oauth/device/code', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ device_code: 'd', user_code: 'BCDF-GHJK', verification_uri: `${host.url}/device`, expires_in: 900, interval: 0 }),
    });
    host.routes.set('/oauth/token', (_req, res) => {
      polls.push(Date.now());
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(answers.shift()));
    });
    try {
      const loom = new Loom().sources([{ name: 'fake', url: host.url }]);
      const result = await loom.plugin(['login'], 1);
      expect(result.stderr).toContain('the login was denied in the browser');
      expect(polls).toHaveLength(3);
      // interval 0, then 5 s after slow_down: the second and third polls wait at least 5 s each
      expect(polls[1] - polls[0]).toBeGreaterThanOrEqual(4900);
      expect(polls[2] - polls[1]).toBeGreaterThanOrEqual(4900);
    } finally {
      await host.close();
    }
  }, 30_000);

  it('Ctrl-C ends the wait cleanly: a message, exit 1, nothing saved', async () => {
    const loom = new Loom().sources([{ name: 'team', url: t.url }]);
    const result = await loom.binary(['plugin', 'login'], {
      onSpawn: (child) => {
        let stderr = '';
        const waiting = (d: Buffer) => {
          stderr += d;
          if (!stderr.includes('Ctrl-C cancels')) return;
          child.stderr!.off('data', waiting);
          child.kill('SIGINT');
        };
        child.stderr!.on('data', waiting);
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('login cancelled: no key was saved');
    expect(fs.existsSync(loom.path('credentials'))).toBe(false);
  }, 60_000);
});

vi.setConfig({ testTimeout: 30_000 });
