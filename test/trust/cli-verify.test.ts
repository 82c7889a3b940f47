import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Metadata, MetaFile, Timestamp } from '@tufjs/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicLinks } from '../../server/links.js';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { PluginVersion } from '../../server/modules/publishing/version.entity.js';
import { exportRepository } from '../../server/modules/trust/tuf-export.js';
import { serialize, signingKey, signWith, SPEC_VERSION, tufDate } from '../../server/modules/trust/tuf-keys.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Loom } from '../helpers/cli.js';
import { createProxy, createSignedApp, type Proxy, type SignedApp } from '../helpers/tuf.js';

let s: SignedApp;
let proxy: Proxy;
let unsigned: TestApp;
let plugins: { id: string; version: string; sha256: string; manifest: string }[];
beforeAll(async () => {
  s = await createSignedApp();
  proxy = await createProxy(s.t.url);
  unsigned = await createTestApp();
  // the current version of each plugin: what `install <id>` picks
  const rows = await s.t.em().find(PluginVersion, { yankedAt: null, prerelease: false }, { populate: ['manifest', 'plugin'], orderBy: { id: 'asc' } });
  plugins = rows.filter((v) => v.plugin.version === v.version).map((v) => ({ id: v.plugin.id, version: v.version, sha256: v.sha256, manifest: v.manifest }));
});
afterAll(async () => {
  await proxy.close();
  await s.t.close();
  await unsigned.close();
});

const home = (url = proxy.url) => new Loom().sources([{ name: 'reg', url, type: 'loom-registry' }]);

function nothingWritten(loom: Loom, id: string): void {
  expect(fs.existsSync(loom.path('plugins', id)), `${id} has no folder`).toBe(false);
  expect(fs.existsSync(loom.path('plugins', 'installed.json')) && JSON.stringify(loom.lock()).includes(`"${id}"`)).toBe(false);
}

describe('install verifies the signed metadata before it writes', () => {
  it('installs a signed manifest, pinning the root on first contact', async () => {
    const loom = home();
    const { id } = plugins[0];
    const result = await loom.plugin(['install', id]);
    expect(result.stderr).toMatch(/Pinned the signing root of source reg/);
    expect(fs.readdirSync(loom.path('trust')).some((d) => fs.existsSync(loom.path('trust', d, 'root.json')))).toBe(true);
    expect(loom.lock().plugins.map((p) => p.id)).toContain(id);
  });

  it('refuses a manifest a proxy altered along with every checksum the server states, writing nothing', async () => {
    const loom = home();
    const { id, version, sha256, manifest } = plugins[1];
    const tampered = Buffer.from(manifest.replace(/\n$/, ' \n'));
    const forged = createHash('sha256').update(tampered).digest('hex');
    proxy.rewrite = (url, body) => {
      if (url.endsWith(`/plugins/${id}/versions/${version}/manifest`)) return tampered;
      // (restating it in the signed metadata too breaks their signature: the next test)
      if (url.startsWith('/tuf/')) return undefined;
      const text = body.toString();
      return text.includes(sha256) ? Buffer.from(text.replaceAll(sha256, forged)) : undefined;
    };
    try {
      const result = await loom.plugin(['install', id], 1);
      expect(result.stderr).toContain(`refusing to install ${id} ${version}: the manifest is not the one source reg signed`);
      nothingWritten(loom, id);
    } finally {
      proxy.rewrite = () => undefined;
    }
  });

  it('refuses a replayed older timestamp (rollback) and an expired one, writing nothing', async () => {
    const loom = home();
    const old = Buffer.from(await (await fetch(`${s.t.url}/tuf/metadata/timestamp.json`)).arrayBuffer());
    await loom.plugin(['install', plugins[0].id]);
    await s.t.em().nativeUpdate(PluginVersion, { plugin: plugins[3].id, version: plugins[3].version }, { changes: 'moved' });
    await s.t.em().nativeUpdate(PluginVersion, { plugin: plugins[4].id }, { yankedAt: new Date(), yankedReason: 'test' });
    expect(await s.refresh()).toBe('signed');
    await loom.plugin(['install', plugins[3].id]);
    const { id, version } = plugins[2];
    proxy.rewrite = (url) => (url.endsWith('/tuf/metadata/timestamp.json') ? old : undefined);
    try {
      const result = await loom.plugin(['install', id], 1);
      expect(result.stderr).toContain(`refusing to install ${id} ${version}: rollback: source reg serves older signed metadata`);
      nothingWritten(loom, id);
      // correctly signed by the online key, newer, but past its expiry: what a frozen mirror serves
      const current = JSON.parse(await (await fetch(`${s.t.url}/tuf/metadata/timestamp.json`)).text());
      const stale = new Metadata(new Timestamp({ version: current.signed.version + 1, specVersion: SPEC_VERSION, expires: tufDate(new Date(Date.now() - 3_600_000)), snapshotMeta: new MetaFile({ version: current.signed.meta['snapshot.json'].version }) }));
      signWith(stale, signingKey(s.onlinePem));
      proxy.rewrite = (url) => (url.endsWith('/tuf/metadata/timestamp.json') ? Buffer.from(serialize(stale)) : undefined);
      const expired = await loom.plugin(['install', id], 1);
      expect(expired.stderr).toContain(`refusing to install ${id} ${version}: the signed metadata of source reg has expired`);
      nothingWritten(loom, id);
    } finally {
      proxy.rewrite = () => undefined;
    }
  });

  it('refuses metadata not signed by the pinned root, writing nothing', async () => {
    const loom = home();
    const { id, version } = plugins[5];
    proxy.rewrite = (url, body) => {
      if (!/\/tuf\/metadata\/\d+\.targets\.json$/.test(url)) return undefined;
      const json = JSON.parse(body.toString());
      json.signed.targets['registry.json'].length += 1;
      return Buffer.from(JSON.stringify(json));
    };
    try {
      const result = await loom.plugin(['install', id], 1);
      expect(result.stderr).toContain(`refusing to install ${id} ${version}: bad signature: the metadata of source reg is not signed by its keys`);
      nothingWritten(loom, id);
    } finally {
      proxy.rewrite = () => undefined;
    }
  });
});

describe('advisories signed into advisories.json', () => {
  it('install refuses a version under a malware advisory and warns about another one', async () => {
    const admin = await s.t.user('admin');
    const publish = (body: Record<string, unknown>) =>
      fetch(`${s.t.url}/api/v1/advisories`, { method: 'POST', headers: { 'content-type': 'application/json', ...admin.auth }, body: JSON.stringify({ details: 'd', ...body }) });
    const [bad, warned] = [plugins[6], plugins[7]];
    expect((await publish({ plugin_id: bad.id, affected: `=${bad.version}`, severity: 'critical', kind: 'malware', summary: 'steals keys' })).status).toBe(201);
    expect((await publish({ plugin_id: warned.id, affected: `<=${warned.version}`, severity: 'moderate', kind: 'vulnerability', summary: 'leaks logs' })).status).toBe(201);
    expect(await s.refresh()).toBe('signed');
    const loom = home();
    const refused = await loom.plugin(['install', bad.id], 1);
    expect(refused.stderr).toMatch(new RegExp(`refusing to install ${bad.id} ${bad.version.replaceAll('.', '\\.')}: LOOM-\\d{4}-\\d{4} \\(critical, malware\\): steals keys`));
    nothingWritten(loom, bad.id);
    // --audit-level (or LOOM_AUDIT_LEVEL) at or below the advisory's severity refuses it, writing nothing
    for (const [args, env] of [[['--audit-level', 'moderate'], {}], [[], { LOOM_AUDIT_LEVEL: 'low' }]] as const) {
      const strict = await loom.plugin(['install', warned.id, ...args], 1, { env });
      expect(strict.stderr).toMatch(/refusing to install .*: LOOM-\d{4}-\d{4} \(moderate vulnerability, at or above the audit level (moderate|low)\): leaks logs/);
      nothingWritten(loom, warned.id);
    }
    expect((await loom.plugin(['install', warned.id], 2, { env: { LOOM_AUDIT_LEVEL: 'urgent' } })).stderr).toContain('LOOM_AUDIT_LEVEL: "urgent" is not one of low, moderate, high, critical');
    expect((await loom.plugin(['install', warned.id, '--audit-level', 'urgent'], 2)).stderr).toContain("argument 'urgent' is invalid");
    // above it: installed with the warning
    const installed = await loom.plugin(['install', warned.id, '--audit-level', 'high']);
    expect(installed.stderr).toMatch(/is affected by LOOM-\d{4}-\d{4} \(moderate vulnerability\): leaks logs/);
  });
});

describe('a file:// mirror (npm run export -- --tuf DIR)', () => {
  it('is verified like an HTTP source: installs a signed manifest, refuses altered metadata and an altered manifest, writing nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-file-mirror-'));
    try {
      expect(await exportRepository(s.t.em(), dir)).toBeGreaterThan(0);
      // the catalog points at the registry's (here: the proxy's) manifest snapshots, as `--base-url` does
      fs.writeFileSync(path.join(dir, 'registry.json'), JSON.stringify(await new CatalogService().export(s.t.em(), new PublicLinks(proxy.url).registry)));
      const mirror = () => new Loom().sources([{ name: 'mirror', url: `file://${dir}`, type: 'static' }]);
      const { id, version, sha256, manifest } = plugins[3];
      const ok = mirror();
      expect((await ok.plugin(['install', id])).stderr).toMatch(/Pinned the signing root of source mirror/);
      expect(ok.lock().plugins.map((p) => p.id)).toContain(id);

      // a manifest altered on the way, every checksum the catalog states with it
      const tampered = Buffer.from(manifest.replace(/\n$/, ' \n'));
      const forged = createHash('sha256').update(tampered).digest('hex');
      const catalog = fs.readFileSync(path.join(dir, 'registry.json'), 'utf8');
      fs.writeFileSync(path.join(dir, 'registry.json'), catalog.replaceAll(sha256, forged));
      proxy.rewrite = (url) => (url.endsWith(`/plugins/${id}/versions/${version}/manifest`) ? tampered : undefined);
      try {
        const loom = mirror();
        expect((await loom.plugin(['install', id], 1)).stderr).toContain(`refusing to install ${id} ${version}: the manifest is not the one source mirror signed`);
        nothingWritten(loom, id);
      } finally {
        proxy.rewrite = () => undefined;
        fs.writeFileSync(path.join(dir, 'registry.json'), catalog);
      }

      // the mirror's signed metadata altered: its signature no longer holds
      const timestamp = path.join(dir, 'tuf', 'metadata', 'timestamp.json');
      const signed = JSON.parse(fs.readFileSync(timestamp, 'utf8'));
      signed.signed.expires = '2099-01-01T00:00:00Z';
      fs.writeFileSync(timestamp, JSON.stringify(signed));
      const loom = mirror();
      expect((await loom.plugin(['install', id], 1)).stderr).toContain(`refusing to install ${id} ${version}: bad signature: the metadata of source mirror is not signed by its keys`);
      nothingWritten(loom, id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a source that offers no signatures', () => {
  it('gets a warning, or a refusal with --require-signatures or a per-source setting', async () => {
    const { id } = plugins[0];
    const loom = home(unsigned.url);
    const warned = await loom.plugin(['install', id]);
    expect(warned.stderr).toMatch(/source reg offers no signed metadata: .* is installed without verifying a signature/);
    const strict = home(unsigned.url);
    const refused = await strict.plugin(['install', id, '--require-signatures'], 1);
    expect(refused.stderr).toMatch(/refusing to install .*: source reg offers no signed metadata/);
    nothingWritten(strict, id);
    const configured = new Loom();
    await configured.plugin(['sources', 'add', 'strict', unsigned.url, '--type', 'loom-registry', '--require-signatures', '--first']);
    await configured.plugin(['install', `strict/${id}`], 1);
    nothingWritten(configured, id);
  });

  it('sources add --root pins a given root and refuses a file that is not one', async () => {
    const loom = new Loom();
    const rootFile = loom.path('1.root.json');
    fs.writeFileSync(rootFile, await (await fetch(`${s.t.url}/tuf/metadata/1.root.json`)).text());
    const added = await loom.plugin(['sources', 'add', 'signed', s.t.url, '--type', 'loom-registry', '--root', rootFile, '--first']);
    expect(added.stdout).toContain('installs from it need valid signatures');
    const result = await loom.plugin(['install', `signed/${plugins[0].id}`]);
    expect(result.stderr).not.toMatch(/Pinned/);
    fs.writeFileSync(loom.path('bad.json'), '{"signed":{"_type":"targets"}}');
    const bad = await loom.plugin(['sources', 'add', 'other', s.t.url, '--root', loom.path('bad.json')], 2);
    expect(bad.stderr).toContain('is not TUF root metadata');
  });
});
