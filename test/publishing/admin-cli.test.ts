import { describe, expect, it } from 'vitest';
import { AuditEntry } from '../../server/modules/audit/audit.entity.js';
import { adminSetup } from '../helpers/admin.js';
import { needsBuild } from '../helpers/build.js';

/** `npm run admin -- …` (`runAdmin`, in-process) on a database of this file's own. */
const setup = adminSetup('admin');
const admin = (...args: string[]) => setup.admin(...args);

describe.concurrent('npm run admin: mistakes', () => {
  it.each([
    [['user', 'create', '--bogus'], 'error: unknown option --bogus for user create (it takes --name, --email, --username, --role)'],
    [['key', 'create', '--user', 'pat', '--expires-days', '-1'], 'error: --expires-days must be a positive number of days, not "-1"'],
    [['key', 'create', '--user', 'pat', '--expires-days', 'abc'], 'error: --expires-days must be a positive number of days, not "abc"'],
    [['key', 'create', '--user', 'pat', '--expires-days'], 'error: --expires-days needs a value'],
    [['key', 'list', '--user', 'pat', '--role', 'admin'], 'error: unknown option --role for key list (it takes --user)'],
    [['user', 'create', '--name', 'Rita', 'Reviewer', '--email', 'rita@example.com'], 'error: unexpected argument "Reviewer" (quote a value that has spaces)'],
    [['user', 'create', '--email', 'rita@example.com'], 'error: user create needs --name'],
    [['key', 'revoke'], 'error: key revoke needs the key id (see key list)'],
    [['user', 'delete'], 'error: unknown command "user delete"'],
  ])('%j: one line, then the usage; exit 2', async (args, message) => {
    const { code, stdout, stderr } = await admin(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(message);
    expect(stderr).toContain('usage: npm run admin');
    expect(stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
  });

  it('names the options typed, not the fields behind them', async () => {
    expect((await admin('user', 'create', '--name', ' ', '--email', 'blank@example.com')).stderr).toMatch(/^error: --name: /);
    expect((await admin('user', 'create', '--name', 'Bee', '--email', 'not-an-email')).stderr).toMatch(/^error: --email: /);
    expect((await admin('user', 'create', '--name', 'Bee', '--email', 'bee@example.com', '--role', 'boss')).stderr).toMatch(/^error: --role: /);
    const nobody = await admin('key', 'create', '--user', 'nobody', '--scopes', 'publish');
    expect(nobody).toMatchObject({ code: 3, stderr: 'error: user "nobody" not found\n' });
  });

  it('asks for --username when the email does not make a valid one', async () => {
    const short = await admin('user', 'create', '--name', 'A', '--email', 'a@example.com');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^error: --username: needed, as "a" \(made from the email\) is not a valid username: /);
    const named = await admin('user', 'create', '--name', 'A', '--email', 'a@example.com', '--username', 'ay');
    expect(named).toMatchObject({ code: 0, stdout: expect.stringContaining('created user ay <a@example.com>') });
    const taken = await admin('user', 'create', '--name', 'Other Ay', '--email', 'ay@example.org');
    expect(taken).toMatchObject({ code: 1, stderr: 'error: --username: "ay" (made from the email) is taken; choose another\n' });
  });
});

describe('npm run admin: the audit log', () => {
  it('records the users and keys it creates and revokes, by the server operator', async () => {
    expect((await admin('user', 'create', '--name', 'Pat Publisher', '--email', 'pat@example.com')).code).toBe(0);
    const created = await admin('key', 'create', '--user', 'pat', '--name', 'deploy', '--expires-days', '30');
    expect(created.code).toBe(0);
    const [, id, secret] = /^API key (\d+) \(shown once, store it now\): (\S+)$/m.exec(created.stdout)!;
    expect((await admin('key', 'revoke', id)).code).toBe(0);
    const entries = await setup.read((orm) => orm.em.fork().find(AuditEntry, { $or: [{ target: 'user:pat' }, { details: { owner: 'pat' } }] }, { orderBy: { id: 'asc' } }));
    const by = 'the server operator (admin CLI)';
    expect(entries.map((e) => ({ actor: e.actor ?? null, action: e.action, target: e.target, by: e.details.by }))).toEqual([
      { actor: null, action: 'user.create', target: 'user:pat', by },
      { actor: null, action: 'api_key.create', target: expect.stringMatching(/^api_key:\d+$/), by },
      { actor: null, action: 'api_key.create', target: `api_key:${id}`, by },
      { actor: null, action: 'api_key.revoke', target: `api_key:${id}`, by },
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret.slice(12));
  });
});

describe('npm run admin as built (the process around runAdmin)', () => {
  needsBuild();

  it('exits with the command\'s code and prints its lines: a mistake (2, the usage, no stack), a user made (0), one not found (3)', async () => {
    const mistake = await setup.binary('user', 'create', '--bogus');
    expect(mistake).toMatchObject({ code: 2, stdout: '' });
    expect(mistake.stderr).toMatch(/^error: unknown option --bogus for user create .*\n\nusage: npm run admin/);
    expect(mistake.stderr).not.toMatch(/\n\s+at /);
    const made = await setup.binary('user', 'create', '--name', 'Binary Bo', '--email', 'bo@example.com');
    expect(made).toMatchObject({ code: 0, stderr: '', stdout: expect.stringMatching(/^created user bo <bo@example.com>\nAPI key \(shown once, store it now\): loom_\S+\nscopes: publish\n$/) });
    expect(await setup.binary('key', 'list', '--user', 'nobody')).toMatchObject({ code: 3, stderr: 'error: user "nobody" not found\n' });
  });
});
