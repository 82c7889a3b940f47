import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PluginVersion } from '../../server/modules/publishing/version.entity.js';
import { Registry } from '../../cli/tui/registry.js';
import { mark } from '../../cli/tui/views.js';
import { Loom } from '../helpers/cli.js';
import { createProxy, createSignedApp, type Proxy, type SignedApp } from '../helpers/tuf.js';

let s: SignedApp;
let proxy: Proxy;
let current: { id: string; version: string }[];
beforeAll(async () => {
  s = await createSignedApp();
  proxy = await createProxy(s.t.url);
  const rows = await s.t.em().find(PluginVersion, { yankedAt: null, prerelease: false }, { populate: ['plugin'], orderBy: { id: 'asc' } });
  current = rows.filter((v) => v.plugin.version === v.version).map((v) => ({ id: v.plugin.id, version: v.version }));
});
afterAll(async () => {
  await proxy.close();
  await s.t.close();
});

describe('loom plugin audit', () => {
  it('finds an installed affected version as soon as the advisory is published, and offline from the signed advisories.json', async () => {
    const [affected, other] = current;
    const loom = new Loom().sources([{ name: 'reg', url: proxy.url, type: 'loom-registry' }]);
    await loom.plugin(['install', affected.id]);
    expect((await loom.plugin(['audit'])).stdout).toContain('No known advisories affect the 1 installed plugin.');

    const admin = await s.t.user('admin');
    const res = await fetch(`${s.t.url}/api/v1/advisories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin.auth },
      body: JSON.stringify({ plugin_id: affected.id, affected: `<=${affected.version}`, severity: 'moderate', kind: 'vulnerability', summary: 'leaks the prompt', details: 'd' }),
    });
    const { id } = (await res.json()) as { id: string };
    const online = await loom.json(['audit'], 1);
    expect(online.findings).toEqual([{ id: affected.id, version: affected.version, source: 'reg', advisory: { id, severity: 'moderate', kind: 'vulnerability', summary: 'leaks the prompt', patched: null } }]);
    expect(online.sources).toEqual([{ name: 'reg', from: 'registry' }]);
    await loom.plugin(['audit', '--level', 'high']);

    // show and list --installed say so too
    const shown = await loom.json(['show', affected.id]);
    expect(shown.advisories).toEqual([expect.objectContaining({ id, severity: 'moderate', affects_shown: true, affects_installed: true })]);
    expect((await loom.plugin(['show', affected.id])).stdout).toContain(`${affected.version} is affected by ${id} (moderate)`);
    expect((await loom.json(['show', other.id])).advisories).toEqual([]);
    const listed = await loom.json(['list', '--installed']);
    expect(listed.installed.map((p: { id: string; advisories: unknown[] }) => [p.id, p.advisories])).toEqual([[affected.id, [{ id, severity: 'moderate', kind: 'vulnerability', patched: null }]]]);
    expect((await loom.plugin(['list', '--installed'])).stdout).toContain(`${id} (moderate)`);
    // the TUI: the list marks the row, the detail lists the advisory and says the installed version is affected
    const registry = new Registry({ LOOM_HOME: loom.home, HOME: loom.home, LOOM_SYSTEM_REGISTRY: loom.path('none') }, loom.home);
    const { rows } = await registry.search({ text: affected.id, limit: 50 }, undefined);
    const row = rows.find((r) => r.id === affected.id)!;
    expect([row.advisory, mark(row)]).toEqual([`${id} (moderate)`, '!']);
    expect(rows.filter((r) => r.advisory).map((r) => r.id)).toEqual([affected.id]);
    const detail = await registry.detail(row);
    expect(detail.advisories.map((a) => [a.id, a.affectsInstalled])).toEqual([[id, true]]);

    // the next install keeps the signed advisories.json; with the source gone, audit reads it
    expect(await s.refresh()).toBe('signed');
    await loom.plugin(['install', other.id]);
    await proxy.close();
    const offline = await loom.json(['audit'], 1);
    expect(offline.sources).toEqual([{ name: 'reg', from: 'signed' }]);
    expect(offline.findings.map((f: { advisory: { id: string } }) => f.advisory.id)).toEqual([id]);
    const offlineList = await loom.json(['list', '--installed', '--offline']);
    expect(offlineList.installed.find((p: { id: string }) => p.id === affected.id).advisories.map((a: { id: string }) => a.id)).toEqual([id]);
    const table = await loom.plugin(['audit'], 1);
    expect(table.stdout).toMatch(new RegExp(`${affected.id} ${affected.version.replaceAll('.', '\\.')}\\s+${id}\\s+moderate\\s+vulnerability`));
  });
});
