import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plugin, PluginMaintainer } from '../../server/modules/catalog/plugin.entity.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import { createTestApp, errorCode, type TestApp } from '../helpers/app.js';

let t: TestApp;
type Actor = { username: string; key: string; auth: Record<string, string> };
let owner: Actor, maintainer: Actor, reporter: Actor, stranger: Actor, admin: Actor;
const PLUGIN = 'openai-plugin';
let ips = 0;
/** Each test's requests come from an address of their own, so only the rate-limit test meets the limit. */
const from = () => ({ 'x-forwarded-for': `203.0.113.${++ips}` });

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true, reportsPerIp: 3, writesPerIp: 10_000, writesPerKey: 10_000 });
  owner = await t.user('user', 'report-owner');
  maintainer = await t.user('user', 'report-maintainer');
  reporter = await t.user('user', 'report-reporter');
  stranger = await t.user('user', 'report-stranger');
  admin = await t.user('admin', 'report-admin');
  const em = t.em();
  await em.execute('update plugin set owner_id = (select id from "user" where username = ?) where id = ?', ['report-owner', PLUGIN]);
  em.create(PluginMaintainer, { plugin: em.getReference(Plugin, PLUGIN), user: await em.findOneOrFail(User, { username: 'report-maintainer' }) });
  await em.flush();
});
afterAll(() => t.close());

const DETAILS = 'Version 1.2.0 sends the API key to any host named in a redirect.';
interface Report { id: string; plugin_id: string; kind: string; status: string; note: string | null; advisory_id: string | null; reporter: string | null; contact: string | null }

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}${path}`, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, cache: res.headers.get('cache-control'), body: (await res.json()) as any };
}
const file = (body: unknown, headers: Record<string, string> = {}, plugin = PLUGIN) => call('POST', `/api/v1/plugins/${plugin}/reports`, body, { ...from(), ...headers });

describe('private reports', () => {
  it('a signed-in report is seen by its reporter, the owner, a maintainer and an admin; to others it does not exist', async () => {
    const filed = await file({ kind: 'security', details: DETAILS }, reporter.auth);
    expect(filed.status).toBe(201);
    expect(filed.cache).toBe('no-store');
    expect(filed.body.status_token).toBeNull();
    const report = filed.body.report as Report;
    expect(report).toMatchObject({ plugin_id: PLUGIN, kind: 'security', status: 'open', reporter: 'report-reporter', contact: null });

    for (const who of [reporter, owner, maintainer, admin]) {
      const got = await call('GET', `/api/v1/reports/${report.id}`, undefined, who.auth);
      expect(got.status, who.username).toBe(200);
      expect(got.cache).toBe('no-store');
      expect(got.body.id).toBe(report.id);
    }
    // another user: the same 404 as for an id that names no report
    const other = await call('GET', `/api/v1/reports/${report.id}`, undefined, stranger.auth);
    const none = await call('GET', '/api/v1/reports/00000000-0000-4000-8000-000000000000', undefined, stranger.auth);
    expect([other.status, none.status]).toEqual([404, 404]);
    expect(other.body.error.message).toBe(`report "${report.id}" not found`);
    // anonymous: sign in or give the token, whatever the id
    expect((await call('GET', `/api/v1/reports/${report.id}`)).status).toBe(401);
    expect((await call('GET', `/api/v1/reports/${report.id}?token=wrong`)).status).toBe(404);

    // the lists
    const handled = (who: Actor, query = '') => call('GET', `/api/v1/reports${query}`, undefined, who.auth);
    for (const who of [owner, maintainer, admin]) expect(((await handled(who, `?plugin_id=${PLUGIN}`)).body.reports as Report[]).map((r) => r.id), who.username).toContain(report.id);
    expect((await handled(owner)).body.reports.map((r: Report) => r.id)).toContain(report.id);
    expect((await handled(stranger, `?plugin_id=${PLUGIN}`)).status).toBe(403);
    expect((await handled(stranger)).body.reports).toEqual([]);
    expect((await handled(reporter, '?mine')).body.reports.map((r: Report) => r.id)).toEqual([report.id]);
    expect((await handled(stranger, '?mine')).body.reports).toEqual([]);
    expect((await call('GET', '/api/v1/reports?mine')).status).toBe(401);

    // GraphQL: the same, and never from the anonymous answer cache
    const q = 'query($id: ID!) { report(id: $id) { id status reporter } }';
    expect((await t.graphql<{ report: { reporter: string } }>(q, { id: report.id }, owner.auth)).body.data!.report.reporter).toBe('report-reporter');
    expect(errorCode(await t.graphql(q, { id: report.id }, stranger.auth))).toBe('NOT_FOUND');
    const mine = await t.graphql<{ myReports: { id: string }[] }>('{ myReports { id status } }', undefined, reporter.auth);
    expect(mine.body.data!.myReports.map((r) => r.id)).toEqual([report.id]);
    const listed = await t.graphql<{ pluginReports: { id: string }[] }>('query($p: ID) { pluginReports(pluginId: $p) { id } }', { p: PLUGIN }, maintainer.auth);
    expect(listed.body.data!.pluginReports.map((r) => r.id)).toContain(report.id);
    expect(errorCode(await t.graphql('query($p: ID) { pluginReports(pluginId: $p) { id } }', { p: PLUGIN }, stranger.auth))).toBe('FORBIDDEN');
  });

  it('malware and abuse reports are for admins only, not the plugin’s people', async () => {
    for (const kind of ['malware', 'abuse']) {
      const { body } = await file({ kind, details: `${kind}: the postinstall step downloads and runs a binary.` }, reporter.auth);
      const id = (body.report as Report).id;
      expect((await call('GET', `/api/v1/reports/${id}`, undefined, admin.auth)).status).toBe(200);
      expect((await call('GET', `/api/v1/reports/${id}`, undefined, reporter.auth)).status).toBe(200);
      for (const who of [owner, maintainer, stranger]) expect((await call('GET', `/api/v1/reports/${id}`, undefined, who.auth)).status, `${kind} ${who.username}`).toBe(404);
      expect(((await call('GET', `/api/v1/reports?plugin_id=${PLUGIN}`, undefined, owner.auth)).body.reports as Report[]).map((r) => r.id)).not.toContain(id);
      expect((await call('POST', `/api/v1/reports/${id}/close`, { note: 'nothing to see' }, owner.auth)).status).toBe(404);
    }
  });

  it('anonymous: refused without a contact address (400), given a status token with one, which shows the status', async () => {
    const without = await file({ kind: 'security', details: DETAILS });
    expect(without.status).toBe(400);
    expect(without.body.error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'contact' } });
    const bad = await file({ kind: 'security', details: DETAILS, contact: 'not an address' });
    expect([bad.status, bad.body.error.details.field]).toEqual([400, 'contact']);
    for (const [body, field] of [[{ kind: 'bug', details: DETAILS }, 'kind'], [{ kind: 'security', details: 'short' }, 'details'], [{ kind: 'security', details: 'x'.repeat(10_001) }, 'details']] as const) {
      const res = await file(body, reporter.auth);
      expect([res.status, res.body.error.details.field]).toEqual([400, field]);
    }
    expect((await file({ kind: 'security', details: DETAILS }, reporter.auth, 'no-such-plugin')).status).toBe(404);

    const filed = await file({ kind: 'security', details: DETAILS, contact: 'finder@example.org' });
    expect(filed.status).toBe(201);
    const { report, status_token: token, status_url: url } = filed.body as { report: Report; status_token: string; status_url: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`/reports/${report.id}?token=${token}`);
    expect(report).toMatchObject({ reporter: null, contact: 'finder@example.org' });
    // only the token's hash is stored
    const [row] = await t.em().execute<{ token_hash: string }[]>('select token_hash from plugin_report where id = ?', [report.id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);

    const seen = await call('GET', `/api/v1/reports/${report.id}?token=${token}`);
    expect([seen.status, seen.body.status, seen.cache]).toEqual([200, 'open', 'no-store']);
    await call('POST', `/api/v1/reports/${report.id}/close`, { note: 'Fixed in 1.3.0, thank you.' }, owner.auth);
    const after = await call('GET', `/api/v1/reports/${report.id}?token=${token}`);
    expect(after.body).toMatchObject({ status: 'closed', note: 'Fixed in 1.3.0, thank you.' });
    // the token of one report opens no other
    const other = (await file({ kind: 'license', details: 'Ships GPL code under an MIT license file.' }, reporter.auth)).body.report as Report;
    expect((await call('GET', `/api/v1/reports/${other.id}?token=${token}`)).status).toBe(404);

    // GraphQL, anonymous: twice the same query, both answered by the resolver (never the cache), no-store
    const q = 'query($id: ID!, $token: String) { report(id: $id, token: $token) { status note } }';
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: { id: report.id, token } }) });
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(((await res.json()) as any).data.report.status).toBe('CLOSED');
    }
    const gqlFiled = await t.graphql<{ reportPlugin: { statusToken: string | null } }>(
      'mutation($i: ReportPluginInput!) { reportPlugin(input: $i) { report { id status } statusToken } }',
      { i: { pluginId: PLUGIN, kind: 'SECURITY', details: DETAILS } },
      from(),
    );
    expect(errorCode(gqlFiled)).toBe('BAD_USER_INPUT');
  });

  it('is rate-limited per address: 429 with Retry-After', async () => {
    const ip = { 'x-forwarded-for': '198.51.100.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('POST', `/api/v1/plugins/${PLUGIN}/reports`, { kind: 'abuse', details: `Spam in the plugin description, number ${i}.`, contact: 'a@example.org' }, ip)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/reports`, { method: 'POST', headers: { 'content-type': 'application/json', ...ip }, body: JSON.stringify({ kind: 'abuse', details: 'Spam in the plugin description again.', contact: 'a@example.org' }) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('close with a note is audited; a closed report cannot be closed again (409); the reporter may not close it', async () => {
    const id = ((await file({ kind: 'security', details: DETAILS }, reporter.auth)).body.report as Report).id;
    expect((await call('POST', `/api/v1/reports/${id}/close`, { note: 'x' }, reporter.auth)).status).toBe(403);
    expect((await call('POST', `/api/v1/reports/${id}/close`, { note: 'x' }, stranger.auth)).status).toBe(404);
    expect((await call('POST', `/api/v1/reports/${id}/close`, { note: '  ' }, owner.auth)).body.error.details.field).toBe('note');
    const closed = await call('POST', `/api/v1/reports/${id}/close`, { note: 'Not a vulnerability: the host is the configured one.' }, maintainer.auth);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', note: 'Not a vulnerability: the host is the configured one.' });
    expect((await call('POST', `/api/v1/reports/${id}/close`, { note: 'again' }, owner.auth)).status).toBe(409);
    const mine = (await call('GET', '/api/v1/reports?mine', undefined, reporter.auth)).body.reports as Report[];
    expect(mine.find((r) => r.id === id)).toMatchObject({ status: 'closed', note: 'Not a vulnerability: the host is the configured one.' });

    const audit = await t.graphql<{ auditLog: { nodes: { action: string; actor: { username: string } | null; details: Record<string, unknown> }[] } }>(
      `{ auditLog(first: 100, target: "plugin:${PLUGIN}") { nodes { action actor { username } details } } }`,
      undefined,
      admin.auth,
    );
    const entries = audit.body.data!.auditLog.nodes.filter((e) => e.details.report === id);
    expect(entries.map((e) => `${e.action} ${e.actor?.username}`).sort()).toEqual(['report.close report-maintainer', 'report.file report-reporter']);
  });

  it('becomes an advisory, prefilled from the report and linked from it, audited; the reporter sees it', async () => {
    const id = ((await file({ kind: 'security', details: `API key leak through redirects\n${DETAILS}` }, reporter.auth)).body.report as Report).id;
    // a maintainer handles the report but does not publish advisories (owners and admins do)
    expect((await call('POST', `/api/v1/reports/${id}/advisory`, { affected: '<1.3.0', severity: 'high' }, maintainer.auth)).status).toBe(403);
    expect((await call('POST', `/api/v1/reports/${id}/advisory`, { affected: 'nonsense ~~', severity: 'high' }, owner.auth)).status).toBe(400);
    const made = await call('POST', `/api/v1/reports/${id}/advisory`, { affected: '<1.3.0', patched: '>=1.3.0', severity: 'high' }, owner.auth);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'advisory', advisory_id: expect.stringMatching(/^LOOM-\d{4}-\d{4}$/) });
    const advisories = (await call('GET', `/api/v1/advisories?plugin_id=${PLUGIN}`)).body.advisories as { id: string; summary: string; details: string; kind: string }[];
    expect(advisories.find((a) => a.id === made.body.advisory_id)).toMatchObject({ kind: 'vulnerability', summary: 'API key leak through redirects', details: `API key leak through redirects\n${DETAILS}` });
    expect((await call('GET', `/api/v1/reports/${id}`, undefined, reporter.auth)).body).toMatchObject({ status: 'advisory', advisory_id: made.body.advisory_id });
    expect((await call('POST', `/api/v1/reports/${id}/advisory`, { affected: '<1.3.0', severity: 'high' }, owner.auth)).status).toBe(409);
    // abuse and license reports are closed, never advisories
    const license = ((await file({ kind: 'license', details: 'Ships GPL code under an MIT license file.' }, reporter.auth)).body.report as Report).id;
    expect((await call('POST', `/api/v1/reports/${license}/advisory`, { affected: '*', severity: 'low' }, owner.auth)).body.error.details.field).toBe('kind');
    // GraphQL, as an admin, of a malware report
    const malware = ((await file({ kind: 'malware', details: 'The 1.2.0 tarball runs a crypto miner.' }, reporter.auth)).body.report as Report).id;
    const viaGql = await t.graphql<{ reportToAdvisory: { status: string; advisoryId: string } }>(
      'mutation($id: ID!) { reportToAdvisory(id: $id, input: { affected: "1.2.0", severity: CRITICAL }) { status advisoryId } }',
      { id: malware },
      admin.auth,
    );
    expect(viaGql.body.data!.reportToAdvisory.status).toBe('ADVISORY');
    const audit = await t.graphql<{ auditLog: { nodes: { action: string; details: Record<string, unknown> }[] } }>(`{ auditLog(first: 100, target: "plugin:${PLUGIN}") { nodes { action details } } }`, undefined, admin.auth);
    expect(audit.body.data!.auditLog.nodes.filter((e) => e.details.report === id).map((e) => e.action)).toContain('report.advisory');
    const closedViaGql = await t.graphql('mutation($id: ID!) { closeReport(id: $id, note: "done") { status } }', { id: license }, owner.auth);
    expect(closedViaGql.body.data).toEqual({ closeReport: { status: 'CLOSED' } });
  });
});
