import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, ManifestError } from '../../server/modules/manifest/manifest.js';
import { checkManifest, findSecrets, lookalikeCheck, looksLikeSecret, securityScan, skeleton } from '../../server/modules/submission/checks.js';
import { FetchRefused, safeFetch, type FetchPolicy } from '../../server/modules/submission/safe-fetch.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';
import { parseSubmission } from '../../server/modules/submission/submission.input.js';

let server: Awaited<ReturnType<typeof startManifestServer>>;
beforeAll(async () => {
  server = await startManifestServer({
    '/ok.yaml': goodManifest(),
    '/big.yaml': 'x'.repeat(300 * 1024),
    '/to-private': (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/plugin.yaml' }).end(),
    '/to-metadata': (_req, res) => res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/hang': () => undefined,
  });
});
afterAll(() => server.close());

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ allow: [], allowHttp: false, timeoutMs: 2000, maxBytes: 256 * 1024, maxRedirects: 3, ...over });
const local = policy({ allow: ['127.0.0.1'], allowHttp: true });

describe('SSRF guard', () => {
  it.each([
    ['loopback', 'https://127.0.0.1/plugin.yaml'],
    ['private 10/8', 'https://10.0.0.1/plugin.yaml'],
    ['private 192.168/16', 'https://192.168.1.10/plugin.yaml'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'https://[::1]/plugin.yaml'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/plugin.yaml'],
    ['unique-local IPv6', 'https://[fd00::1]/plugin.yaml'],
    ['unspecified', 'https://0.0.0.0/plugin.yaml'],
  ])('refuses %s', async (_name, url) => {
    await expect(safeFetch(url, policy())).rejects.toThrow(FetchRefused);
  });

  it('refuses a name that resolves to a private address', async () => {
    const lookup = async () => [{ address: '10.1.2.3', family: 4 }];
    await expect(safeFetch('https://internal.example.com/plugin.yaml', policy({ lookup }))).rejects.toThrow(/resolves to a private address \(10.1.2.3\)/);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = async () => [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }];
    await expect(safeFetch('https://mixed.example.com/plugin.yaml', policy({ lookup }))).rejects.toThrow(/loopback/);
  });

  it('refuses redirects to private and metadata addresses', async () => {
    await expect(safeFetch(`${server.base}/to-private`, local)).rejects.toThrow(/only https|private/);
    await expect(safeFetch(`${server.base}/to-metadata`, policy({ allow: ['127.0.0.1'], allowHttp: true }))).rejects.toThrow(/only https|linkLocal/);
  });

  it('refuses plain http unless allowlisted in development, and URLs with credentials', async () => {
    await expect(safeFetch(`${server.base}/ok.yaml`, policy({ allow: ['127.0.0.1'] }))).rejects.toThrow(/only https/);
    await expect(safeFetch(`${server.base}/ok.yaml`, policy({ allowHttp: true }))).rejects.toThrow(/only https/);
    await expect(safeFetch('https://user:pw@example.com/x', policy())).rejects.toThrow(/credentials/);
  });

  it('fetches from an allowlisted local server', async () => {
    const got = await safeFetch(`${server.base}/ok.yaml`, local);
    expect(got.body).toBe(goodManifest());
  });

  it('caps size, redirects and time', async () => {
    await expect(safeFetch(`${server.base}/big.yaml`, local)).rejects.toThrow(/larger than 256 KB/);
    await expect(safeFetch(`${server.base}/loop`, local)).rejects.toThrow(/more than 3 redirects/);
    await expect(safeFetch(`${server.base}/hang`, { ...local, timeoutMs: 200 })).rejects.toThrow(FetchRefused);
  });
});

describe('manifest parsing', () => {
  it('accepts a Loom manifest in YAML and in JSON', () => {
    expect(parseManifest(goodManifest()).metadata.provider_type).toBe('my-provider');
    expect(parseManifest(JSON.stringify({ type: 'http', endpoint: 'http://localhost:8090', metadata: { name: 'x', version: '1.0.0', provider_type: 'p' } })).type).toBe('http');
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    expect(() => parseManifest(bomb)).toThrow(ManifestError);
  });

  it('refuses duplicate keys, oversized documents, garbage and schema violations', () => {
    expect(() => parseManifest('type: http\ntype: grpc\n')).toThrow(/not valid YAML or JSON/);
    expect(() => parseManifest(`type: http\nx: "${'a'.repeat(300 * 1024)}"`)).toThrow(/larger than 256 KB/);
    expect(() => parseManifest('{{{')).toThrow(/not valid/);
    expect(() => parseManifest('type: http\nmetadata: {name: x, version: banana, provider_type: p}\nendpoint: http://localhost:1')).toThrow(/metadata.version: must be a semantic version/);
    expect(() => parseManifest('type: http\nmetadata: {name: x, version: 1.0.0, provider_type: p}')).toThrow(/endpoint/);
  });

  it('checks that version and provider type match the submission', () => {
    const input = parseSubmission(sampleSubmission('https://example.com/p.yaml'), false);
    const { results } = checkManifest(goodManifest('2.0.0', 'other'), input);
    const match = results.find((r) => r.name === 'manifest-match')!;
    expect(match.status).toBe('fail');
    expect(match.message).toMatch(/metadata.version is 2.0.0.*provider_type is "other"/);
  });
});

describe('security scan', () => {
  const input = parseSubmission(sampleSubmission('https://example.com/p.yaml'), false);
  const scan = (text: string, imageInput = input) => {
    const { manifest } = checkManifest(text, imageInput);
    return Object.fromEntries(securityScan(text, manifest, imageInput).map((r) => [r.name, r]));
  };

  it.each([
    ['OpenAI', `sk-proj-${'A1b2C3d4'.repeat(4)}`, /OpenAI/],
    ['Anthropic', `sk-ant-api03-${'Zz9Yy8Xx'.repeat(4)}`, /Anthropic/],
    ['AWS', 'AKIAIOSFODNN7EXAMPLE', /AWS/],
    ['GitHub', `ghp_${'a1B2c3D4e5'.repeat(4)}`, /GitHub/],
  ])('finds %s secrets anywhere in the manifest', (_kind, secret, pattern) => {
    const text = goodManifest('1.0.0', 'my-provider', { env: { TOKEN: secret } });
    const results = scan(text);
    expect(results.secrets.status).toBe('fail');
    expect(results.secrets.message).toMatch(pattern);
    expect(results.secrets.message).not.toContain(secret);
  });

  it('does not flag ordinary text', () => {
    expect(findSecrets('sk-short and task-based skills')).toEqual([]);
    expect(looksLikeSecret('https://api.example.com/v1/chat')).toBe(false);
    expect(looksLikeSecret('aaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toBe(false);
    expect(looksLikeSecret('Q2h5bWVyYVRlc3Q9X2s4ZmJhcjk3MjE')).toBe(true);
  });

  it('fails defaults on sensitive fields and credential-looking defaults', () => {
    const manifest = goodManifest().replace(/( *)sensitive: true/, '$1sensitive: true\n$1default: hunter2');
    expect(scan(manifest)['secret-defaults'].status).toBe('fail');
    const random = goodManifest().replace(/( *)sensitive: true/, '$1sensitive: false\n$1default: Q2h5bWVyYVRlc3Q9X2s4ZmJhcjk3MjE');
    expect(scan(random)['secret-defaults'].message).toMatch(/looks like a credential/);
  });

  it('fails a plain-http endpoint on a remote host but not on this machine', () => {
    expect(scan(goodManifest())['endpoint-transport'].status).toBe('pass');
    const remote = goodManifest().replace('http://localhost:8090', 'http://llm.example.com:8090');
    expect(scan(remote)['endpoint-transport'].status).toBe('fail');
  });

  it('warns about unpinned docker images', () => {
    const latest = parseSubmission({ ...sampleSubmission('https://example.com/p.yaml'), plugin: { ...sampleSubmission('https://example.com/p.yaml').plugin, install: { type: 'http', manifest_url: 'https://example.com/p.yaml', docker_image: 'you/my-plugin:latest' } } }, false);
    expect(scan(goodManifest(), latest)['docker-image-pinned'].status).toBe('warn');
    const untagged = parseSubmission({ ...sampleSubmission('https://example.com/p.yaml'), plugin: { ...sampleSubmission('https://example.com/p.yaml').plugin, install: { type: 'http', manifest_url: 'https://example.com/p.yaml', docker_image: 'registry.io:5000/you/my-plugin' } } }, false);
    expect(scan(goodManifest(), untagged)['docker-image-pinned'].status).toBe('warn');
    expect(scan(goodManifest())['docker-image-pinned'].status).toBe('pass');
  });
});

describe('look-alike names', () => {
  it('warns about confusable and near-identical ids', () => {
    expect(skeleton('openai-p1ugin')).toBe(skeleton('openai-plugin'));
    expect(lookalikeCheck('openai-p1ugin', ['openai-plugin', 'ollama-plugin']).status).toBe('warn');
    expect(lookalikeCheck('opena1-plugin', ['openai-plugin']).message).toMatch(/"openai-plugin"/);
    expect(lookalikeCheck('anthropic-pIugin', ['anthropic-plugin']).status).toBe('warn');
    expect(lookalikeCheck('my-new-plugin', ['openai-plugin', 'ollama-plugin']).status).toBe('pass');
  });
});
