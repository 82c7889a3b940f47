import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode } from '../helpers/app.js';
import { AdvisoriesDocument, PublishAdvisoryDocument } from '../gql/graphql.js';
import { createSignedApp, tufClient, type SignedApp } from '../helpers/tuf.js';

let s: SignedApp;
let owner: { username: string; key: string; auth: Record<string, string> };
beforeAll(async () => {
  s = await createSignedApp();
  owner = await s.t.user('user', 'advisory-owner');
  await s.t.em().execute('update plugin set owner_id = (select id from "user" where username = ?) where id = ?', ['advisory-owner', 'openai-plugin']);
});
afterAll(() => s.t.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.t.url}/api/v1/advisories`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const advisory = {
  plugin_id: 'openai-plugin',
  affected: '<1.3.0',
  patched: '>=1.3.0',
  severity: 'high',
  kind: 'vulnerability',
  summary: 'API key sent to the wrong host',
  details: 'Versions before 1.3.0 send the API key to a host named in the response.',
  references: ['https://example.com/report'],
};

describe('security advisories', () => {
  it('an owner publishes one about their plugin, numbered LOOM-YYYY-NNNN, public over REST and GraphQL', async () => {
    const res = await post(advisory, owner.auth);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    const year = new Date().getUTCFullYear();
    expect(created).toMatchObject({ ...advisory, id: `LOOM-${year}-0001` });
    const second = (await (await post({ ...advisory, affected: '1.3.0', kind: 'malware', severity: 'critical', patched: undefined }, owner.auth)).json()) as { id: string };
    expect(second.id).toBe(`LOOM-${year}-0002`);

    const listed = (await (await fetch(`${s.t.url}/api/v1/advisories?plugin_id=openai-plugin`)).json()) as { advisories: { id: string }[] };
    expect(listed.advisories.map((a) => a.id)).toEqual([second.id, created.id]);
    expect(((await (await fetch(`${s.t.url}/api/v1/advisories?plugin_id=groq-plugin`)).json()) as { advisories: unknown[] }).advisories).toEqual([]);

    const data = await s.t.data(AdvisoriesDocument, { pluginId: 'openai-plugin' });
    expect(data.advisories.map((a) => a.id)).toEqual([second.id, created.id]);
    expect(data.plugin!.advisories.map((a) => a.id)).toEqual([second.id, created.id]);
    for (const v of data.plugin!.versions.nodes) {
      const expected = v.version === '1.3.0' ? [second.id] : v.version < '1.3.0' ? [created.id] : [];
      expect(v.advisories.map((a) => a.id), v.version).toEqual(expected);
    }
  });

  it('is signed into advisories.json', async () => {
    expect(await s.refresh()).toBe('signed');
    const root = await (await fetch(`${s.t.url}/tuf/metadata/1.root.json`)).text();
    const client = tufClient(s.t.url, root);
    await client.refresh();
    const info = await client.getTargetInfo('advisories.json');
    const file = await client.downloadTarget(info!);
    const document = JSON.parse((await import('node:fs')).readFileSync(file, 'utf8'));
    expect(document.advisories.map((a: { id: string; plugin_id: string }) => `${a.plugin_id} ${a.id}`)).toHaveLength(2);
  });

  it('refuses other users, anonymous callers and bad input with clear errors', async () => {
    const stranger = await s.t.user('user', 'stranger');
    expect((await post(advisory, stranger.auth)).status).toBe(403);
    expect((await post(advisory)).status).toBe(401);
    const admin = await s.t.user('admin', 'advisory-admin');
    expect((await post({ ...advisory, plugin_id: 'groq-plugin' }, admin.auth)).status).toBe(201);
    for (const [field, value] of [['affected', 'not a range ~~'], ['severity', 'urgent'], ['kind', 'bug'], ['summary', ''], ['references', ['ftp://x']]] as const) {
      const res = await post({ ...advisory, [field]: value }, owner.auth);
      expect(res.status, field).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, field).toContain(field);
    }
    expect((await post({ ...advisory, plugin_id: 'no-such-plugin' }, admin.auth)).status).toBe(404);
    const gql = await s.t.graphql(PublishAdvisoryDocument, { input: { pluginId: 'openai-plugin', affected: '<1', severity: 'LOW', kind: 'VULNERABILITY', summary: 'x', details: 'y' } });
    expect(errorCode(gql)).toBe('UNAUTHENTICATED');
  });
});
