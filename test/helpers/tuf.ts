import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Updater } from 'tuf-js';
import type { Config } from '../../server/config.js';
import { initRoot } from '../../server/modules/trust/tuf-admin.js';
import { newKeyPem, signingKey, type SigningKey } from '../../server/modules/trust/tuf-keys.js';
import { createTestApp, type TestApp } from './app.js';

export interface SignedApp {
  t: TestApp;
  rootKey: SigningKey;
  onlinePem: string;
  /** Signs what changed and resolves with the outcome. */
  refresh(): ReturnType<NonNullable<TestApp['app']['tuf']>['refresh']>;
}

/**
 * A test app that signs its catalog: a fresh root key, an online key in the settings (as TUF_ONLINE_KEY), 1.root.json
 * made as `tuf init` makes it, and the first metadata signed. 16 bins keep the test's metadata small.
 */
export async function createSignedApp(overrides: Partial<Config> = {}): Promise<SignedApp> {
  const onlinePem = newKeyPem();
  const t = await createTestApp({ tufOnlineKey: onlinePem, tufBinBits: 4, tufRefreshSeconds: 3600, ...overrides });
  const rootKey = signingKey(newKeyPem());
  await initRoot(t.em(), rootKey, signingKey(onlinePem));
  const refresh = () => t.app.tuf!.refresh();
  await refresh();
  return { t, rootKey, onlinePem, refresh };
}

/** A scratch folder removed at the end of the process. */
export function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A standard tuf-js client of `base` (a registry or a proxy in front of it), trusting the root it is given unless `dir`
 * holds the metadata of an earlier client (an Updater refreshes once: a later refresh is a new Updater on the same folder).
 */
export function tufClient(base: string, root: string, dir = scratch('loom-tuf-client-')): Updater {
  if (!fs.existsSync(path.join(dir, 'root.json'))) fs.writeFileSync(path.join(dir, 'root.json'), root);
  fs.mkdirSync(path.join(dir, 'targets'), { recursive: true });
  return new Updater({ metadataDir: dir, metadataBaseUrl: `${base}/tuf/metadata`, targetBaseUrl: `${base}/tuf/targets`, targetDir: path.join(dir, 'targets') });
}

export interface Proxy {
  url: string;
  /** Replaces the answer for a path (the registry's own answer, its body as text), or undefined: passed on as it is. */
  rewrite: (path: string, body: Buffer) => Buffer | undefined;
  close(): Promise<void>;
}

/** An HTTP proxy in front of `upstream` that may alter any answer: what a compromised mirror or network does. */
export async function createProxy(upstream: string): Promise<Proxy> {
  const proxy: Proxy = { url: '', rewrite: () => undefined, close: async () => {} };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(['authorization', 'content-type', 'x-loom-install-id'].filter((h) => req.headers[h]).map((h) => [h, String(req.headers[h])]));
    const answer = await fetch(`${upstream}${req.url}`, {
      method: req.method,
      headers: { ...headers, 'accept-encoding': 'identity' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    }).catch(() => undefined);
    // the registry may be gone (a request arriving as its test ends): a 502, never an unhandled rejection
    if (!answer) return void res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream unreachable');
    const body = Buffer.from(await answer.arrayBuffer());
    const changed = proxy.rewrite(req.url!, body);
    const out = changed ?? body;
    const sent: Record<string, string> = { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(out.length) };
    // a thorough attacker restates every checksum the server sends
    if (changed) {
      const digest = createHash('sha256').update(out);
      sent.etag = `"${digest.copy().digest('hex')}"`;
      sent['repr-digest'] = `sha-256=:${digest.digest('base64')}:`;
    }
    res.writeHead(answer.status, sent).end(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()));
  return proxy;
}
