import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BadVersionError, ExpiredMetadataError } from 'tuf-js/dist/error.js';
import { LengthOrHashMismatchError } from '@tufjs/models/dist/error.js';
import { PluginVersion } from '../../server/modules/publishing/version.entity.js';
import { rotateOnline, rotateRoot } from '../../server/modules/trust/tuf-admin.js';
import { newKeyPem, signingKey } from '../../server/modules/trust/tuf-keys.js';
import { manifestTargetPath, registryTarget, TufRepository } from '../../server/modules/trust/tuf.service.js';
import { TufMetadata } from '../../server/modules/trust/tuf.entity.js';
import { exportRepository } from '../../server/modules/trust/tuf-export.js';
import { createProxy, createSignedApp, scratch, tufClient, type Proxy, type SignedApp } from '../helpers/tuf.js';

let s: SignedApp;
let proxy: Proxy;
let root: string;
let versions: { id: string; version: string }[];
beforeAll(async () => {
  s = await createSignedApp();
  proxy = await createProxy(s.t.url);
  root = await (await fetch(`${s.t.url}/tuf/metadata/1.root.json`)).text();
  versions = (await s.t.em().find(PluginVersion, {}, { orderBy: { id: 'asc' } })).map((v) => ({ id: v.plugin.id, version: v.version }));
});
afterAll(async () => {
  await proxy.close();
  await s.t.close();
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the TUF repository', () => {
  it('serves metadata a standard tuf-js client verifies, and every manifest byte-identical to the manifest route', async () => {
    expect(versions.length).toBeGreaterThan(3);
    const client = tufClient(s.t.url, root);
    await client.refresh();
    const registry = await client.getTargetInfo('registry.json');
    const served = Buffer.from(await (await fetch(`${s.t.url}/registry.json`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
    expect(registry?.hashes.sha256).toBe(sha256(served));
    expect(await client.getTargetInfo('advisories.json')).toBeDefined();
    for (const { id, version } of versions) {
      const info = await client.getTargetInfo(manifestTargetPath(id, version));
      expect(info, `${id}@${version} is signed`).toBeDefined();
      const file = await client.downloadTarget(info!);
      const route = Buffer.from(await (await fetch(`${s.t.url}/api/v1/plugins/${id}/versions/${version}/manifest`)).arrayBuffer());
      expect(fs.readFileSync(file).equals(route), `${id}@${version}`).toBe(true);
    }
  });

  it('is routes of the table: in the OpenAPI document, a bad key 401 as everywhere, an unknown file 404 in the one error shape', async () => {
    const document = (await (await fetch(`${s.t.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/tuf/'))).toEqual(['/tuf/metadata/{file}', '/tuf/targets/{file}', '/tuf/targets/plugins/{id}/{version}/{file}']);
    expect((await fetch(`${s.t.url}/tuf/metadata/timestamp.json`, { headers: { authorization: 'Bearer loom_invalid' } })).status).toBe(401);
    for (const missing of ['/tuf/metadata/1.nope.json', '/tuf/metadata/root.json', '/tuf/targets/other.json', '/tuf/targets/plugins/no-such-plugin/1.0.0/plugin.yaml', '/tuf/targets/a/b']) {
      const res = await fetch(`${s.t.url}${missing}`);
      expect(res.status, missing).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code, missing).toBe('NOT_FOUND');
    }
  });

  it('spreads the manifests over hashed bins, each listed in the snapshot', async () => {
    const timestamp = JSON.parse(await (await fetch(`${s.t.url}/tuf/metadata/timestamp.json`)).text());
    const v = timestamp.signed.meta['snapshot.json'].version;
    const snapshot = JSON.parse(await (await fetch(`${s.t.url}/tuf/metadata/${v}.snapshot.json`)).text());
    const bins = Object.keys(snapshot.signed.meta).filter((name) => name.startsWith('bins-'));
    expect(bins).toHaveLength(16);
    const targets = JSON.parse(await (await fetch(`${s.t.url}/tuf/metadata/${snapshot.signed.meta['targets.json'].version}.targets.json`)).text());
    expect(targets.signed.delegations.succinct_roles).toMatchObject({ bit_length: 4, name_prefix: 'bins' });
    expect(Object.keys(targets.signed.targets).sort()).toEqual(['advisories.json', 'registry.json']);
  });

  it('signs nothing new when nothing changed, and a new version of only the bin a yank touches', async () => {
    expect(await s.refresh()).toBe('unchanged');
    const { id, version } = versions[0];
    const before = await s.t.em().find(TufMetadata, {}, { fields: ['role', 'version'] });
    await s.t.em().nativeUpdate(PluginVersion, { plugin: id, version }, { yankedAt: new Date(), yankedReason: 'test' });
    expect(await s.refresh()).toBe('signed');
    const after = await s.t.em().find(TufMetadata, {}, { fields: ['role', 'version'] });
    const added = after.filter((a) => !before.some((b) => b.role === a.role && b.version === a.version)).map((a) => a.role).sort();
    expect(added).toEqual([expect.stringMatching(/^bins-[0-9a-f]$/), 'snapshot', 'timestamp'].sort());
    const client = tufClient(s.t.url, root);
    await client.refresh();
    expect((await client.getTargetInfo(manifestTargetPath(id, version)))?.custom).toEqual({ yanked: true });
  });

  it('refuses a manifest altered on the way, although every checksum the server states is restated', async () => {
    const { id, version } = versions[1];
    // the same length, one byte changed: only the signed hash tells
    proxy.rewrite = (url, body) => (url.includes(`/plugins/${id}/${version}/`) ? Buffer.concat([Buffer.from('#'), body.subarray(1)]) : undefined);
    try {
      const client = tufClient(proxy.url, root);
      await client.refresh();
      const info = await client.getTargetInfo(manifestTargetPath(id, version));
      await expect(client.downloadTarget(info!)).rejects.toThrow(LengthOrHashMismatchError);
    } finally {
      proxy.rewrite = () => undefined;
    }
  });

  it('refuses metadata altered on the way (a target hash replaced in a bin)', async () => {
    const { id, version } = versions[1];
    proxy.rewrite = (url, body) => {
      if (!/\/tuf\/metadata\/\d+\.bins-/.test(url)) return undefined;
      const json = JSON.parse(body.toString());
      const target = json.signed.targets[manifestTargetPath(id, version)];
      if (target) target.hashes.sha256 = '0'.repeat(64);
      return Buffer.from(JSON.stringify(json));
    };
    try {
      const client = tufClient(proxy.url, root);
      await client.refresh();
      await expect(client.getTargetInfo(manifestTargetPath(id, version))).rejects.toThrow(/bins-[0-9a-f] was signed by 0\/1 keys/);
    } finally {
      proxy.rewrite = () => undefined;
    }
  });

  it('refuses a replayed older timestamp (rollback)', async () => {
    const old = await (await fetch(`${s.t.url}/tuf/metadata/timestamp.json`)).arrayBuffer();
    const dir = scratch('loom-tuf-client-');
    await tufClient(proxy.url, root, dir).refresh();
    const { id, version } = versions[2];
    await s.t.em().nativeUpdate(PluginVersion, { plugin: id, version }, { yankedAt: new Date(), yankedReason: 'test' });
    expect(await s.refresh()).toBe('signed');
    await tufClient(proxy.url, root, dir).refresh();
    proxy.rewrite = (url) => (url.endsWith('/timestamp.json') ? Buffer.from(old) : undefined);
    try {
      await expect(tufClient(proxy.url, root, dir).refresh()).rejects.toThrow(BadVersionError);
    } finally {
      proxy.rewrite = () => undefined;
    }
  });

  it('refuses an expired timestamp (a frozen mirror seen a day and more later)', async () => {
    vi.useFakeTimers({ now: Date.now() + 25 * 3_600_000, toFake: ['Date'] });
    try {
      await expect(tufClient(s.t.url, root).refresh()).rejects.toThrow(ExpiredMetadataError);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('key rotation', () => {
  it('a client follows a root rotation and then an online key rotation, signed by the old root', async () => {
    const dir = scratch('loom-tuf-client-');
    await tufClient(s.t.url, root, dir).refresh();
    const nextRoot = signingKey(newKeyPem());
    await rotateRoot(s.t.em(), s.rootKey, nextRoot);
    await expect(rotateRoot(s.t.em(), s.rootKey, nextRoot)).rejects.toThrow(/not a root key of root 2/);
    const onlinePem = newKeyPem();
    await rotateOnline(s.t.em(), nextRoot, signingKey(onlinePem));
    // the old online key no longer signs; a server restarted with the new one does
    expect(await s.refresh()).toBe('busy');
    const { orm, services, server } = s.t.app;
    const restarted = new TufRepository(
      orm,
      { online: signingKey(onlinePem), binBits: 4, postgres: s.t.app.config.database.kind === 'postgresql' },
      { registry: (em) => registryTarget(services.catalog.entryBatches(em, services.links.registry)), advisories: (em) => services.advisories.document(em) },
      server.log as never,
    );
    expect(await restarted.refresh()).toBe('signed');
    const client = tufClient(s.t.url, root, dir);
    await client.refresh();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'root.json'), 'utf8')).signed.version).toBe(3);
    const { id, version } = versions[3];
    expect(await client.getTargetInfo(manifestTargetPath(id, version))).toBeDefined();
  });
});

describe('a static mirror (npm run export -- --tuf)', () => {
  it('carries the signed metadata and targets, which a standard client verifies byte-identical to the registry', async () => {
    const dir = scratch('loom-tuf-mirror-');
    expect(await exportRepository(s.t.em(), dir)).toBeGreaterThan(versions.length * 2);
    const host = http.createServer((req, res) => {
      const file = path.join(dir, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
      if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    try {
      const mirror = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
      const client = tufClient(mirror, root);
      await client.refresh();
      for (const { id, version } of versions.slice(0, 5)) {
        const file = await client.downloadTarget((await client.getTargetInfo(manifestTargetPath(id, version)))!);
        const route = Buffer.from(await (await fetch(`${s.t.url}/api/v1/plugins/${id}/versions/${version}/manifest`)).arrayBuffer());
        expect(fs.readFileSync(file).equals(route), `${id}@${version}`).toBe(true);
      }
      expect(await client.downloadTarget((await client.getTargetInfo('advisories.json'))!)).toBeTruthy();
    } finally {
      await new Promise((resolve) => host.close(resolve));
    }
  });
});
