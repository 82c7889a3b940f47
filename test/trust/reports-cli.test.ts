import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';

let t: TestApp;
let reporter: Loom, owner: Loom, stranger: Loom, anonymous: Loom;
let ownerKey: string;
const DETAILS = '1.2.0 sends the API key to any host named in a redirect.';

beforeAll(async () => {
  t = await createTestApp({ reportsPerIp: 1000 });
  const source = [{ name: 'registry', url: t.url, type: 'loom-registry' }];
  const login = async (who: string) => {
    const loom = new Loom().sources(source);
    const { key } = await t.user('user', who);
    if (who === 'cli-owner') ownerKey = key;
    await loom.plugin(['login'], 0, { input: key });
    return loom;
  };
  reporter = await login('cli-reporter');
  owner = await login('cli-owner');
  stranger = await login('cli-stranger');
  anonymous = new Loom().sources(source);
  await t.em().execute('update plugin set owner_id = (select id from "user" where username = ?) where id = ?', ['cli-owner', 'openai-plugin']);
});
afterAll(async () => {
  for (const loom of [reporter, owner, stranger, anonymous]) loom.remove();
  await t.close();
});

describe('loom plugin report / reports', () => {
  it('files a report signed in; the owner lists it, another user sees none, the reporter follows its status', async () => {
    const filed = await reporter.plugin(['report', 'openai-plugin', '--kind', 'security', '--details', DETAILS]);
    expect(filed.stdout).toMatch(/Reported openai-plugin privately on registry \(security, report [0-9a-f-]{36}\)\./);
    expect(filed.stderr).toContain('Follow its status: loom plugin reports --mine');

    const listed = await owner.json<{ reports: { id: string; plugin_id: string; kind: string; status: string; reporter: string; details: string }[] }>(['reports', '--plugin', 'openai-plugin']);
    expect(listed.reports).toHaveLength(1);
    expect(listed.reports[0]).toMatchObject({ plugin_id: 'openai-plugin', kind: 'security', status: 'open', reporter: 'cli-reporter', details: DETAILS });
    const table = await owner.plugin(['reports']);
    expect(table.stdout).toContain(listed.reports[0].id);
    expect(table.stdout).toMatch(/openai-plugin\s+security\s+open/);

    expect((await stranger.json<{ reports: unknown[] }>(['reports'])).reports).toEqual([]);
    const refused = await stranger.plugin(['reports', '--plugin', 'openai-plugin'], 4);
    expect(refused.stderr).toContain('only the owner, maintainers and admins read the reports about openai-plugin');

    await fetch(`${t.url}/api/v1/reports/${listed.reports[0].id}/close`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerKey}` },
      body: JSON.stringify({ note: 'Fixed in 1.3.0.' }),
    });
    const mine = await reporter.json<{ reports: { id: string; status: string }[] }>(['reports', '--mine']);
    expect(mine.reports.map((r) => [r.id, r.status])).toEqual([[listed.reports[0].id, 'closed']]);
  });

  it('anonymous: needs --contact (exit 2, nothing sent), then prints the status link once', async () => {
    const refused = await anonymous.plugin(['report', 'openai-plugin', '--kind', 'malware', '--details', DETAILS], 2);
    expect(refused.stderr).toContain('not logged in to this source: give --contact <email>');
    expect((await anonymous.plugin(['report', 'openai-plugin', '--kind', 'malware', '--details', DETAILS, '--contact', 'nope'], 2)).stderr).toContain('is not an email address');
    const json = await anonymous.json<{ report: { id: string; contact: string; reporter: null }; status_url: string }>(['report', 'openai-plugin', '--kind', 'malware', '--details', DETAILS, '--contact', 'finder@example.org']);
    expect(json.report).toMatchObject({ contact: 'finder@example.org', reporter: null });
    expect(json.status_url).toMatch(new RegExp(`^${t.url}/reports/${json.report.id}\\?token=[A-Za-z0-9_-]{43}$`));
    const token = new URL(json.status_url).searchParams.get('token');
    const status = await fetch(`${t.url}/api/v1/reports/${json.report.id}?token=${token}`);
    expect(((await status.json()) as { status: string }).status).toBe('open');
    // malware reports are for admins only: the owner does not see it
    expect((await owner.json<{ reports: { id: string }[] }>(['reports'])).reports.map((r) => r.id)).not.toContain(json.report.id);
  });

  it('takes the details from $EDITOR on a terminal; without one, or with --json, names the missing flag; bad input exits 2', async () => {
    const editor = reporter.path('fake-editor.sh');
    fs.writeFileSync(editor, `#!/bin/sh\nprintf 'The license file says MIT but src/ is GPL-3.0.\\n# not sent\\n' > "$1"\n`, { mode: 0o755 });
    await reporter.plugin(['report', 'openai-plugin', '--kind', 'license'], 0, { tty: true, env: { EDITOR: editor, VISUAL: '' } });
    const mine = await reporter.json<{ reports: { kind: string; details: string }[] }>(['reports', '--mine']);
    expect(mine.reports[0]).toMatchObject({ kind: 'license', details: 'The license file says MIT but src/ is GPL-3.0.' });
    expect((await reporter.plugin(['report', 'openai-plugin', '--kind', 'license'], 2)).stderr).toContain("required option '--details <text>' not specified");
    expect((await reporter.plugin(['report', 'openai-plugin', '--kind', 'license'], 2, { tty: true, env: { EDITOR: 'true' } })).stderr).toContain('the report is empty; nothing was sent');
    expect((await reporter.plugin(['report', 'openai-plugin', '--kind', 'bug', '--details', DETAILS], 2)).stderr).toContain("argument 'bug' is invalid");
    const short = await reporter.plugin(['report', 'openai-plugin', '--kind', 'security', '--details', 'short'], 2);
    expect(short.stderr).toContain('details: at least 20 characters');
    expect((await reporter.plugin(['report', 'no-such-plugin', '--kind', 'security', '--details', DETAILS], 3)).stderr).toContain('plugin "no-such-plugin" not found');
  });
});
