import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { parseAllowEntry, safeFetch, type FetchPolicy } from '../../server/modules/publishing/safe-fetch.js';
import { goodManifest, startManifestServer } from '../helpers/manifests.js';

/** The SSRF guard on every IPv6 form of an address, and allowlist entries with ports (issue 20, item 10). */

let server: Awaited<ReturnType<typeof startManifestServer>>;
let port: string;
beforeAll(async () => {
  server = await startManifestServer({ '/ok.yaml': goodManifest(), '/to-compatible': (_req, res) => res.writeHead(302, { location: 'https://[::127.0.0.1]/x' }).end() });
  port = new URL(server.base).port;
});
afterAll(() => server.close());

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ allow: [], allowHttp: false, timeoutMs: 2000, maxBytes: 256 * 1024, maxRedirects: 3, ...over });

describe('IPv6 forms of non-public addresses', () => {
  it.each([
    ['IPv4-compatible loopback', '::127.0.0.1', 'ipv4Compatible'],
    ['IPv4-compatible private', '::10.0.0.1', 'ipv4Compatible'],
    ['IPv4-compatible public', '::8.8.8.8', 'ipv4Compatible'],
    ['IPv4-mapped loopback, in hex', '::ffff:7f00:1', 'loopback'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254', 'linkLocal'],
    ['NAT64 of loopback', '64:ff9b::127.0.0.1', 'loopback'],
    ['NAT64 of a private address', '64:ff9b::a00:1', 'private'],
    ['NAT64 of metadata', '64:ff9b::169.254.169.254', 'linkLocal'],
    ['local-use NAT64', '64:ff9b:1::a00:1', 'rfc6052'],
    ['6to4 of loopback', '2002:7f00:1::1', '6to4'],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['SIIT translated', '::ffff:0:7f00:1', 'rfc6145'],
    ['site-local', 'fec0::1', 'deprecatedSiteLocal'],
    ['discard-only', '100::1', 'discard'],
    ['outside global unicast', '4000::1', 'reserved'],
  ])('refuses %s (%s) as a literal and as what a name resolves to', async (_name, address, range) => {
    const refusal = new RegExp(`it resolves to an? ${range} address`);
    await expect(safeFetch(`https://[${address}]/plugin.yaml`, policy())).rejects.toThrow(refusal);
    const lookup = async () => [{ address, family: 6 }];
    await expect(safeFetch('https://sneaky.example.com/plugin.yaml', policy({ lookup }))).rejects.toThrow(refusal);
  });

  it('judges a NAT64 address of a public one by that address', async () => {
    // reaches the (closed) connection step rather than being refused for its form
    const lookup = async () => [{ address: '64:ff9b::8.8.8.8', family: 6 }];
    await expect(safeFetch('https://ipv6-only.example.com/plugin.yaml', policy({ lookup, timeoutMs: 300 }))).rejects.toThrow(/failed|took longer than/);
  });

  it('checks the address a redirect leads to', async () => {
    await expect(safeFetch(`${server.base}/to-compatible`, policy({ allow: ['127.0.0.1:*'], allowHttp: true }))).rejects.toThrow(/ipv4Compatible address \(::7f00:1\)/);
  });
});

describe('allowlist entries and ports', () => {
  it('a bare host opens the default port only; host:port that port; host:* every port', async () => {
    await expect(safeFetch(`${server.base}/ok.yaml`, policy({ allow: ['127.0.0.1'], allowHttp: true }))).rejects.toThrow(/only https is fetched/);
    await expect(safeFetch(`${server.base}/ok.yaml`, policy({ allow: ['127.0.0.1:1'], allowHttp: true }))).rejects.toThrow(/only https is fetched/);
    expect((await safeFetch(`${server.base}/ok.yaml`, policy({ allow: [`127.0.0.1:${port}`], allowHttp: true }))).body).toBe(goodManifest());
    expect((await safeFetch(`${server.base}/ok.yaml`, policy({ allow: ['127.0.0.1:*'], allowHttp: true }))).body).toBe(goodManifest());
    expect((await safeFetch(`${server.base}/ok.yaml`, policy({ allow: [`127.0.0.0/8:${port}`], allowHttp: true }))).body).toBe(goodManifest());
    // https: the address check too names the port
    await expect(safeFetch('https://127.0.0.1:8443/x', policy({ allow: ['127.0.0.1'] }))).rejects.toThrow(/resolves to a loopback address/);
    await expect(safeFetch('https://127.0.0.1:8443/x', policy({ allow: ['127.0.0.1:8443'], timeoutMs: 300 }))).rejects.toThrow(/failed|timed out/);
  });

  it.each([
    ['mirror.internal', { host: 'mirror.internal', port: 'default' }],
    ['Mirror.Internal:8443', { host: 'mirror.internal', port: 8443 }],
    ['mirror.internal:*', { host: 'mirror.internal', port: '*' }],
    ['10.0.0.0/8', { port: 'default' }],
    ['10.1.2.3:8080', { port: 8080 }],
    ['::1', { port: 'default' }],
    ['fd00::/8', { port: 'default' }],
    ['[::1]:8443', { port: 8443 }],
    ['[fd00::/8]:*', { port: '*' }],
  ])('reads %s', (entry, expected) => {
    expect(parseAllowEntry(entry)).toMatchObject(expected);
  });

  it.each(['host:99999', 'host:0', 'a b', '10.0.0.0/33', '[mirror.internal]:80', 'host:port'])('refuses %s at startup, naming it', (entry) => {
    expect(() => loadConfig([], { FETCH_ALLOWLIST: `127.0.0.1:*, ${entry}` })).toThrow(ConfigError);
    expect(() => loadConfig([], { FETCH_ALLOWLIST: entry })).toThrow(entry);
  });
});
