import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, ManifestError, stringifyManifest } from '../../domain/manifest.js';
import { checkManifest, entropy, findSecrets, guarded, lookalikeCheck, looksLikeSecret, securityScan, skeleton } from '../../server/modules/publishing/checks.js';
import { FetchRefused, safeFetch, type FetchPolicy } from '../../server/modules/publishing/safe-fetch.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';
import { parseSubmission } from '../../server/modules/publishing/submission.input.js';

let server: Awaited<ReturnType<typeof startManifestServer>>;
beforeAll(async () => {
  server = await startManifestServer({
    '/ok.yaml': goodManifest(),
    '/big.yaml': 'x'.repeat(300 * 1024),
    '/to-private': (_req, res) => res.writeHead(302, { location: 'https://10.0.0.1/plugin.yaml' }).end(),
    '/to-metadata': (_req, res) => res.writeHead(301, { location: 'https://169.254.169.254/latest/meta-data/' }).end(),
    '/to-ipv6-loopback': (_req, res) => res.writeHead(307, { location: 'https://[::1]/plugin.yaml' }).end(),
    '/to-internal-name': (_req, res) => res.writeHead(302, { location: 'https://internal.example.com/plugin.yaml' }).end(),
    '/to-http-private': (_req, res) => res.writeHead(302, { location: 'http://10.0.0.1/plugin.yaml' }).end(),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/hang': () => undefined,
    '/drip': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/yaml' });
      res.write('type: http\n');
    },
    // three redirects, each answered after 400 ms, then the manifest after 400 ms more: 1.6 s in all
    ...Object.fromEntries(
      ['/slow-1', '/slow-2', '/slow-3', '/slow-ok'].map((path, i, hops) => [
        path,
        (_req: IncomingMessage, res: ServerResponse) => {
          setTimeout(() => (hops[i + 1] ? res.writeHead(302, { location: hops[i + 1] }).end() : res.writeHead(200).end(goodManifest())), 400);
        },
      ]),
    ),
  });
});
afterAll(() => server.close());

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({ allow: [], allowHttp: false, timeoutMs: 2000, maxBytes: 256 * 1024, maxRedirects: 3, ...over });
const local = policy({ allow: ['127.0.0.1:*'], allowHttp: true });

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

  it('refuses redirects to private, loopback and metadata addresses, and to names that resolve to them', async () => {
    await expect(safeFetch(`${server.base}/to-private`, local)).rejects.toThrow(/refusing to fetch 10.0.0.1: it resolves to a private address/);
    await expect(safeFetch(`${server.base}/to-metadata`, local)).rejects.toThrow(/refusing to fetch 169.254.169.254: it resolves to a linkLocal address/);
    await expect(safeFetch(`${server.base}/to-ipv6-loopback`, local)).rejects.toThrow(/refusing to fetch ::1: it resolves to a loopback address/);
    const lookup = async (host: string) => [{ address: host === 'internal.example.com' ? '192.168.7.7' : '127.0.0.1', family: 4 }];
    await expect(safeFetch(`${server.base}/to-internal-name`, { ...local, lookup })).rejects.toThrow(/internal.example.com: it resolves to a private address \(192.168.7.7\)/);
    // development's plain http is for allowlisted hosts only, redirects included
    await expect(safeFetch(`${server.base}/to-http-private`, local)).rejects.toThrow(/only https is fetched/);
  });

  it('refuses plain http unless allowlisted in development, and URLs with credentials', async () => {
    await expect(safeFetch(`${server.base}/ok.yaml`, policy({ allow: ['127.0.0.1:*'] }))).rejects.toThrow(/only https/);
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

describe('the fetch deadline', () => {
  it('is one deadline for the whole fetch: redirects that are each in time but late together are refused', async () => {
    await expect(safeFetch(`${server.base}/slow-1`, { ...local, timeoutMs: 1000 })).rejects.toThrow(/took longer than 1 s \(DNS, redirects and the body included\)/);
    // the same chain inside a deadline that covers it
    expect((await safeFetch(`${server.base}/slow-1`, { ...local, timeoutMs: 10_000 })).finalUrl).toBe(`${server.base}/slow-ok`);
  });

  it('covers DNS lookups and a body that never ends', { timeout: 5000 }, async () => {
    const never = () => new Promise<never>(() => undefined);
    await expect(safeFetch('https://slow-dns.example.com/plugin.yaml', policy({ lookup: never, timeoutMs: 300 }))).rejects.toThrow(/took longer than 0.3 s/);
    await expect(safeFetch(`${server.base}/drip`, { ...local, timeoutMs: 300 })).rejects.toThrow(/took longer than 0.3 s/);
    await expect(safeFetch(`${server.base}/hang`, { ...local, timeoutMs: 300 })).rejects.toThrow(/took longer than 0.3 s/);
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
    expect(() => parseManifest('type: http\nmetadata: {name: 7, version: banana}\nendpoint: http://localhost:1')).toThrow(/metadata.name: .*; metadata.version: .*; metadata.provider_type: /);
  });

  it('refuses U+2028, U+2029 and U+0085 raw outside quotes, where Loom’s YAML parser breaks on them, naming the field and the fix', () => {
    const withDescription = (value: string) => `type: http\nendpoint: http://localhost:8090\nmetadata:\n  name: x\n  version: 1.0.0\n  provider_type: p\n  description: ${value}\n`;
    expect(() => parseManifest(withDescription('one\u2028two'))).toThrow(
      "cannot be read by Loom: metadata.description (line 7): a raw U+2028 LINE SEPARATOR, which Loom's YAML parser reads as a line break, breaking the manifest; put the string in double quotes and write it as \\L",
    );
    expect(() => parseManifest(withDescription('one\u2029two'))).toThrow(/metadata.description \(line 7\): a raw U\+2029 PARAGRAPH SEPARATOR.*write it as \\P/);
    expect(() => parseManifest(withDescription('|\n    one\u0085two'))).toThrow(/metadata.description \(line 8\): a raw U\+0085 NEXT LINE.*write it as \\N/);
    expect(() => parseManifest(`${withDescription('fine')}# a comment\u2028with a break\n`)).toThrow(/line 8, outside any string: a raw U\+2028/);
    expect(() => parseManifest(withDescription('x').replace('provider_type: p', 'provider_type: p\n  config_schema:\n    - name: a\u2028b\n      type: string'))).toThrow(/metadata.config_schema.0.name \(line 8\)/);
    // Quoted, the document parses; escaped, the character is exact in every parser.
    expect(parseManifest(withDescription('"one\\Ltwo\\Pthree\\Nfour"')).metadata.description).toBe('one\u2028two\u2029three\u0085four');
    expect(parseManifest(withDescription('"one\u2028two"')).metadata.description).toBe('one\u2028two');
    expect(parseManifest(JSON.stringify({ type: 'http', endpoint: 'http://localhost:8090', metadata: { name: 'x\u2028y', version: '1.0.0', provider_type: 'p' } })).metadata.name).toBe('x\u2028y');
    // The submission checks share it: the submitter reads why.
    const { results } = checkManifest(goodManifest().replace('Integration with My AI Provider', 'Integration\u2029with My AI Provider'), parseSubmission(sampleSubmission('https://example.com/p.yaml'), false));
    expect(results).toEqual([{ name: 'manifest-schema', status: 'fail', message: expect.stringMatching(/^manifest cannot be read by Loom: metadata.description \(line \d+\): a raw U\+2029 PARAGRAPH SEPARATOR/) }]);
  });

  it('refuses fields spelt so that Loom reads them as another field: its YAML decoder takes Go field names, its JSON decoder any case', () => {
    const base = { type: 'http', endpoint: 'http://localhost:8090', metadata: { name: 'x', version: '1.0.0', provider_type: 'p' } };
    expect(() => parseManifest(JSON.stringify({ ...base, metadata: { ...base.metadata, Provider_Type: 'q' } }))).toThrow(
      'is read differently by Loom: metadata.Provider_Type: Loom reads this key as provider_type; spell it exactly "provider_type", once',
    );
    expect(() => parseManifest('type: http\nendpoint: http://localhost:8090\nmetadata:\n  name: x\n  version: 1.0.0\n  provider_type: p\n  providertype: q\n')).toThrow(/metadata.providertype: Loom reads this key as provider_type/);
    expect(() => parseManifest(JSON.stringify({ ...base, Type: 'grpc' }))).toThrow(/^is read differently by Loom: Type: Loom reads this key as type/);
    const nested = { ...base.metadata, capabilities: { functioncalling: true, '\u017ftreaming': true }, config_schema: [{ name: 'k', type: 'int', validation: { minlength: 1 } }] };
    expect(() => parseManifest(JSON.stringify({ ...base, metadata: nested }))).toThrow(
      /metadata.capabilities.functioncalling: Loom reads this key as function_calling.*; metadata.capabilities.\u017ftreaming: Loom reads this key as streaming.*; metadata.config_schema.0.validation.minlength: Loom reads this key as min_length/,
    );
    // Neither of Loom's decoders reads these as a field: unknown keys, ignored by both.
    expect(parseManifest(JSON.stringify({ ...base, autostart: true, metadata: { ...base.metadata, capabilities: { FunctionCalling: true } } })).metadata.capabilities).toEqual({});
    // Custom capabilities are a map of any names, and unknown keys are no field of Loom's.
    expect(parseManifest(JSON.stringify({ ...base, x_extra: 1, metadata: { ...base.metadata, capabilities: { custom_capabilities: { Streaming_Mode: true } } } })).metadata.capabilities).toEqual({ custom_capabilities: { Streaming_Mode: true } });
  });

  it('writes manifests with those characters escaped in double quotes, as read back', () => {
    const value = { type: 'http', endpoint: 'http://localhost:8090', metadata: { name: 'a\u2028b', version: '1.0.0', provider_type: 'p', description: 'c \u2029 d\u0085e' } };
    const text = stringifyManifest(value);
    expect(text).not.toMatch(/[\u2028\u2029\u0085]/);
    expect(text).toContain('name: "a\\Lb"');
    expect(text).toContain('description: "c \\P d\\Ne"');
    expect(parseManifest(text)).toEqual(value);
  });

  it('accepts only endpoints Loom can dial', () => {
    const withEndpoint = (type: string, endpoint: string) => `type: ${type}\nendpoint: "${endpoint}"\nmetadata: {name: x, version: 1.0.0, provider_type: p}`;
    expect(parseManifest(withEndpoint('http', 'https://llm.example.com')).endpoint).toBe('https://llm.example.com');
    expect(parseManifest(withEndpoint('grpc', 'grpc://localhost:9090')).type).toBe('grpc');
    for (const endpoint of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com/']) {
      expect(() => parseManifest(withEndpoint('http', endpoint))).toThrow(/endpoint: must use http, https for a plugin of type http/);
    }
    expect(() => parseManifest(withEndpoint('http', 'grpc://localhost:9090'))).toThrow(/not grpc:/);
  });

  it('checks that version and provider type match the submission', () => {
    const input = parseSubmission(sampleSubmission('https://example.com/p.yaml'), false);
    const { results } = checkManifest(goodManifest('2.0.0', 'other'), input);
    const match = results.find((r) => r.name === 'manifest-match')!;
    expect(match.status).toBe('fail');
    expect(match.message).toMatch(/metadata.version is 2.0.0.*provider_type is "other"/);
  });
});

describe('a check that throws', () => {
  it('is that check failing with the reason, not an exception out of the run', async () => {
    const broken = () => {
      throw new TypeError('Invalid URL');
    };
    await expect(guarded('security-scan', broken)).resolves.toEqual([{ name: 'security-scan', status: 'fail', message: 'the check could not run: Invalid URL' }]);
    await expect(guarded('lookalike-name', async () => Promise.reject(new Error('boom')))).resolves.toEqual([{ name: 'lookalike-name', status: 'fail', message: 'the check could not run: boom' }]);
    const fine = [{ name: 'secrets', status: 'pass' as const, message: 'none' }];
    await expect(guarded('secrets', () => fine)).resolves.toBe(fine);
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
    ['GitHub', `ghp_${'a1B2c3D4e5'.repeat(4)}`, /GitHub token/],
    ['GitHub fine-grained', `github_pat_11ABCDEFG0${'a1B2c3D4e5_'.repeat(7)}`, /GitHub fine-grained/],
    ['Hugging Face', `hf_${'aB3dE6gH9j'.repeat(3)}xy`, /Hugging Face/],
    ['Google', 'AIzaSy0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV', /Google API key/],
    ['private key', '-----BEGIN OPENSSH PRIVATE KEY-----', /private key/],
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

  it('flags random hex as a credential, whose alphabet caps it below the base64 threshold', () => {
    const hexKey = '9f86d081884c7d659a2feaa0c55ad015';
    expect(entropy(hexKey)).toBeLessThan(4);
    expect(looksLikeSecret(hexKey)).toBe(true);
    expect(looksLikeSecret('deadbeef'.repeat(4))).toBe(false);
    expect(looksLikeSecret('0'.repeat(40))).toBe(false);
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

describe('submission fields', () => {
  const fieldsOf = (mutate: (plugin: Record<string, unknown>, body: Record<string, unknown>) => void) => {
    const body = sampleSubmission('https://example.com/p.yaml') as unknown as Record<string, unknown>;
    mutate(body.plugin as Record<string, unknown>, body);
    try {
      parseSubmission(body, false);
      return [];
    } catch (err) {
      return (err as { details: { fields: { field: string; message: string }[] } }).details.fields;
    }
  };

  it('accepts SPDX expressions of open-source licenses, and names the license that is not', () => {
    for (const license of ['MIT', 'MIT OR Apache-2.0', 'MIT AND Apache-2.0', '(MIT OR Apache-2.0) AND BSD-3-Clause', 'GPL-2.0-only WITH Classpath-exception-2.0']) {
      expect(fieldsOf((p) => (p.license = license))).toEqual([]);
    }
    expect(fieldsOf((p) => (p.license = '(MIT'))).toEqual([{ field: 'plugin.license', message: expect.stringMatching(/must be an SPDX license expression/) }]);
    expect(fieldsOf((p) => (p.license = 'MIT AND SSPL-1.0'))).toEqual([{ field: 'plugin.license', message: expect.stringMatching(/^"SSPL-1.0" is not an OSI-approved license/) }]);
  });

  it('names every bad tag as well as too many of them, and tags listed twice', () => {
    const tags = [...Array.from({ length: 10 }, (_, i) => `t${i}`), 'UPPER', 't1'];
    expect(fieldsOf((p) => (p.tags = tags))).toEqual([
      { field: 'plugin.tags.10', message: expect.stringMatching(/^"UPPER": tags are lowercase slugs/) },
      { field: 'plugin.tags.11', message: '"t1" is listed twice' },
      { field: 'plugin.tags', message: 'at most 10 tags (12 given)' },
    ]);
  });

  it('refuses unknown fields by name, and says which fields are missing', () => {
    const fields = fieldsOf((p, body) => {
      p.documentaton_url = 'https://example.com/docs';
      delete p.name;
      (body.submission as Record<string, unknown>).contact_email = undefined;
    });
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'plugin.documentaton_url', message: 'unknown field: not part of registry-submission.json' },
        { field: 'plugin.name', message: 'required' },
        { field: 'submission.contact_email', message: 'required' },
      ]),
    );
    expect(fieldsOf((p) => (p.version = 1))).toEqual([{ field: 'plugin.version', message: 'must be a string' }]);
  });
});
