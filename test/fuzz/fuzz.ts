import net from 'node:net';
import type { App } from '../../server/app.js';
import type { Config } from '../../server/config.js';
import type { Em } from '../../server/orm.js';

/**
 * A seeded, bounded fuzz of the HTTP surface: malformed REST and GraphQL requests, sent over raw sockets (so
 * bodies can be cut short and headers be odd), counted by status class. Any 5xx, and any body with a stack
 * trace or an INTERNAL_SERVER_ERROR code (GraphQL may report a server fault with 200), is a finding. The same seed sends the same requests in the same order.
 */

/** mulberry32: a small seeded PRNG; good enough to pick among generators, never for secrets. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

export interface FuzzRequest {
  /** Which generator made it, for the report. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send only this many bytes of the body (less than its Content-Length), then stop writing. */
  cutAt?: number;
}

export interface FuzzTarget {
  url: string;
  /** API keys of a signed-in user, a reviewer and an admin, so the write and the privileged paths run too. */
  keys: string[];
  /** Ids of plugins, versions and submissions that exist, so requests reach past the lookups. */
  pluginIds: string[];
  versions: string[];
  submissionIds: string[];
}

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Seconds a request may take before it counts as unanswered. */
  timeoutSeconds?: number;
}

export interface Finding {
  request: FuzzRequest;
  status: number | 'no answer';
  excerpt: string;
}

export interface FuzzReport {
  requests: number;
  seed: number;
  /** `2xx`, `3xx`, `4xx`, `5xx`, and `no answer` (closed or timed out without a status line). */
  classes: Record<string, number>;
  statuses: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  /** 5xx answers, and bodies that show a stack trace or report INTERNAL_SERVER_ERROR (GraphQL's 200 with a server fault). */
  findings: Finding[];
  unanswered: Finding[];
  seconds: number;
}

/** Limits high enough that requests reach past the rate limiter into the code behind it. */
export const FUZZ_SETTINGS: Partial<Config> = { writesPerKey: 1_000_000, writesPerIp: 1_000_000, usagePerIp: 1_000_000, statsFlushMs: 200 };

/** Signs up a user, a reviewer and an admin and files one submission, so the fuzz has keys and ids that exist. */
export async function prepareTarget(app: App, url: string): Promise<FuzzTarget> {
  const em = () => app.orm.em.fork() as Em;
  const keys: string[] = [];
  for (const role of ['user', 'reviewer', 'admin'] as const) {
    const { user } = await app.services.users.createUser(em(), { username: `fuzz-${role}`, displayName: `Fuzz ${role}`, email: `fuzz-${role}@example.test`, role });
    keys.push((await app.services.users.createKey(em(), user, { name: 'fuzz' })).key);
  }
  const plugins = await em().getConnection().execute<{ id: string; version: string }[]>('select id, version from plugin order by id limit 20');
  const res = await fetch(`${url}/api/v1/plugins`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[0]}` },
    body: JSON.stringify({
      plugin: {
        id: 'fuzz-target',
        name: 'Fuzz Target',
        provider_type: 'fuzz',
        description: 'target',
        author: 'Fuzz <fuzz@example.test>',
        version: '1.0.0',
        license: 'MIT',
        homepage: 'https://example.com',
        repository: 'https://github.com/x/y',
        capabilities: { streaming: true },
        install: { type: 'http', manifest_url: 'https://192.0.2.1/plugin.yaml' },
      },
      submission: { contact_email: 'fuzz@example.test' },
    }),
  });
  const receipt = (await res.json()) as { submission_id?: string };
  return { url, keys, pluginIds: plugins.map((p) => p.id), versions: [...new Set(plugins.map((p) => p.version))], submissionIds: receipt.submission_id ? [receipt.submission_id] : [] };
}

// ---------------------------------------------------------------- values

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u001b', '\u007f'];
const UNICODE = ['é', 'ß', 'Ω', '漢字', '🙂', '👩‍👩‍👧', '\u202e', '\ufeff', '\u200b', '\ud800', '\udfff', '\uffff', 'İ', 'ﬁ', 'Ａ'];
const NASTY = ["' or 1=1 --", '"; drop table plugin; --', '../../etc/passwd', '%2e%2e%2f', '${jndi:ldap://x}', '<script>alert(1)</script>', '{{7*7}}', '__proto__', 'constructor', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '9007199254740993', '\\', '%', '%00', '%ZZ', '*', '?', '#', '&', '=', ' ', ''];

function oddString(rng: Rng): string {
  switch (rng.int(0, 9)) {
    case 0:
      return rng.pick(CONTROL) + 'x' + rng.pick(CONTROL);
    case 1:
      return Array.from({ length: rng.int(1, 8) }, () => rng.pick(UNICODE)).join('');
    case 2:
      return rng.pick(NASTY);
    case 3:
      return 'a'.repeat(rng.pick([65, 256, 1025, 10_000, 70_000]));
    case 4:
      return rng.pick(UNICODE).repeat(rng.int(100, 3000));
    case 5:
      return `x${rng.pick(CONTROL)}${rng.pick(UNICODE)}`;
    case 6:
      return String(rng.int(-5, 2 ** 31 + 5));
    case 7:
      return Array.from({ length: rng.int(1, 30) }, () => String.fromCharCode(rng.int(0, 0xffff))).join('');
    default:
      return rng.pick(['openai-plugin', 'a', 'A', 'ab', 'a-', '-a', 'a--b', 'sub-000000000000', '1.0.0', 'x'.repeat(64), 'x'.repeat(65)]);
  }
}

function oddValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, 9)) {
    case 0:
      return null;
    case 1:
      return rng.pick([true, false]);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -0]);
    case 3:
      return depth > 3 ? [] : Array.from({ length: rng.int(0, 4) }, () => oddValue(rng, depth + 1));
    case 4:
      return depth > 3 ? {} : Object.fromEntries(Array.from({ length: rng.int(0, 4) }, () => [rng.chance(0.3) ? oddString(rng) : rng.pick(['id', 'name', 'version', '__proto__', 'constructor', 'plugin', 'install']), oddValue(rng, depth + 1)]));
    default:
      return oddString(rng);
  }
}

/** Percent-encodes a string's UTF-8 bytes (lone surrogates as U+FFFD), which encodeURIComponent refuses to. */
function percent(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
}

function deepJson(depth: number, array: boolean): string {
  return array ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function oddVersion(rng: Rng, versions: string[]): string {
  return rng.chance(0.4) ? rng.pick(versions) : rng.pick(['1.0', '01.0.0', '1.0.0-', '1.0.0+', '1.0.0-rc.1', 'v1.0.0', '999999999999.0.0', '1.0.0'.repeat(100), 'latest', '*', '^1.0.0', oddString(rng)]);
}

/** A path segment: sometimes raw (odd bytes percent-encoded the way a client might or might not). */
function segment(rng: Rng, real: string[]): string {
  if (rng.chance(0.35)) return rng.pick(real);
  const value = oddString(rng);
  if (rng.chance(0.15)) return rng.pick(['%00', '%ff', '%c0%ae', '%E0%A4%A', '%', '..', '.', '%2f', 'a%2Fb', '%20', '%u0000']);
  return percent(value).slice(0, rng.chance(0.5) ? 100_000 : 200);
}

// ---------------------------------------------------------------- REST

const LIST_PARAMS = ['search', 'tags', 'verified', 'sort', 'limit', 'offset', 'category', 'provider_type', 'capabilities', 'reviews_limit', 'reviews_offset', 'unknown', '__proto__', 'limit[]'];

function queryString(rng: Rng): string {
  if (rng.chance(0.2)) return '';
  const parts = Array.from({ length: rng.int(1, 5) }, () => {
    const name = rng.chance(0.8) ? rng.pick(LIST_PARAMS) : percent(oddString(rng)).slice(0, 50);
    const value = rng.pick([String(rng.int(-3, 200)), 'true', 'maybe', 'downloads', 'rating', 'nope', 'a,b,,c', 'tools', '', percent(oddString(rng)).slice(0, 3000), '%00', '%zz']);
    return rng.chance(0.1) ? name : `${name}=${value}`;
  });
  return `?${parts.join('&')}`;
}

function submissionBody(rng: Rng): unknown {
  const plugin: Record<string, unknown> = {
    id: rng.chance(0.5) ? `fuzz-${rng.int(0, 999)}` : oddString(rng),
    name: rng.chance(0.7) ? 'Fuzz Plugin' : oddValue(rng),
    provider_type: rng.chance(0.7) ? 'fuzz' : oddValue(rng),
    description: rng.chance(0.7) ? 'fuzzing' : oddValue(rng),
    author: 'Fuzz <fuzz@example.test>',
    version: rng.chance(0.6) ? `1.${rng.int(0, 9)}.0` : oddValue(rng),
    license: rng.pick(['MIT', 'Apache-2.0', 'GPL-3.0-or-later OR MIT', 'NOPE', '', 'MIT AND (', oddString(rng)]),
    homepage: rng.pick(['https://example.com', 'not a url', 'javascript:alert(1)', oddString(rng)]),
    repository: rng.pick(['https://github.com/x/y', 'http://', oddString(rng)]),
    tags: rng.chance(0.7) ? ['a', 'b'] : oddValue(rng),
    capabilities: rng.chance(0.7) ? { streaming: true, function_calling: rng.pick([true, 'yes', 1]) } : oddValue(rng),
    // only addresses the SSRF guard refuses, and non-URLs: the fuzz never reaches a real network
    install: rng.chance(0.8)
      ? { type: rng.pick(['http', 'binary', 'docker', 'nope', oddString(rng)]), manifest_url: rng.pick(['https://127.0.0.1:1/plugin.yaml', 'https://[::127.0.0.1]/x', 'https://10.0.0.1/x', 'https://192.0.2.1/x', 'http://127.0.0.1:1/x', 'not a url', 'https://', oddString(rng)]) }
      : oddValue(rng),
    screenshots: rng.chance(0.7) ? [] : oddValue(rng),
  };
  if (rng.chance(0.3)) delete plugin[rng.pick(Object.keys(plugin))];
  if (rng.chance(0.3)) plugin[oddString(rng).slice(0, 40)] = oddValue(rng);
  const body: Record<string, unknown> = { plugin, submission: rng.chance(0.7) ? { contact_email: rng.pick(['you@example.com', 'nope', oddString(rng)]), notes: oddValue(rng) } : oddValue(rng) };
  return rng.chance(0.15) ? oddValue(rng) : body;
}

function restRequest(rng: Rng, target: FuzzTarget): Omit<FuzzRequest, 'headers'> & { json?: unknown } {
  const id = () => segment(rng, target.pluginIds);
  const sid = () => segment(rng, target.submissionIds);
  const route = rng.int(0, 15);
  switch (route) {
    case 0:
      return { kind: 'rest-list', method: rng.pick(['GET', 'GET', 'HEAD']), path: `/api/v1/plugins${queryString(rng)}` };
    case 1:
      return { kind: 'rest-detail', method: rng.pick(['GET', 'HEAD']), path: `/api/v1/plugins/${id()}${queryString(rng)}` };
    case 2:
      return { kind: 'rest-reviews', method: 'GET', path: `/api/v1/plugins/${id()}/reviews${queryString(rng)}` };
    case 3:
      return { kind: 'rest-manifest', method: rng.pick(['GET', 'HEAD']), path: `/api/v1/plugins/${id()}/versions/${percent(oddVersion(rng, target.versions)).slice(0, 500)}/manifest` };
    case 4:
      return { kind: 'rest-submit', method: 'POST', path: '/api/v1/plugins', json: submissionBody(rng) };
    case 5:
      return { kind: 'rest-review', method: rng.pick(['POST', 'DELETE']), path: `/api/v1/plugins/${id()}/reviews`, json: rng.chance(0.8) ? { rating: rng.chance(0.5) ? rng.int(-1, 7) : oddValue(rng), comment: rng.chance(0.5) ? 'fine' : oddValue(rng) } : oddValue(rng) };
    case 6:
      return { kind: 'rest-install', method: rng.pick(['POST', 'DELETE']), path: `/api/v1/plugins/${id()}/installs`, json: rng.chance(0.8) ? { version: rng.chance(0.5) ? oddVersion(rng, target.versions) : oddValue(rng) } : oddValue(rng) };
    case 7:
      return {
        kind: 'rest-telemetry',
        method: 'POST',
        path: '/api/v1/telemetry',
        json: { plugin_id: rng.chance(0.5) ? rng.pick(target.pluginIds) : oddValue(rng), version: rng.chance(0.5) ? oddVersion(rng, target.versions) : oddValue(rng), requests: oddValue(rng), errors: rng.chance(0.5) ? rng.int(-2, 100) : oddValue(rng) },
      };
    case 8:
      return { kind: 'rest-submission', method: rng.pick(['GET', 'PUT', 'DELETE']), path: `/api/v1/submissions/${sid()}`, json: rng.chance(0.5) ? submissionBody(rng) : undefined };
    case 9:
      return { kind: 'rest-action', method: 'POST', path: `/api/v1/submissions/${sid()}/${rng.pick(['claim', 'approve', 'reject', 'request-changes', 'nope'])}`, json: rng.chance(0.7) ? { notes: rng.chance(0.5) ? 'ok' : oddValue(rng) } : oddValue(rng) };
    case 10:
      return { kind: 'rest-static', method: rng.pick(['GET', 'HEAD', 'OPTIONS']), path: `${rng.pick(['/', '/registry.json', '/api/v1/registry.json', '/api/v1/openapi.json', '/healthz', '/readyz', '/metrics'])}${rng.chance(0.3) ? queryString(rng) : ''}` };
    case 11:
      // method and route mix-ups
      return { kind: 'rest-mixup', method: rng.pick(['PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS', 'TRACE', 'PROPFIND', 'get', 'GeT']), path: rng.pick(['/', '/registry.json', '/api/v1/plugins', `/api/v1/plugins/${id()}`, '/api/v1/openapi.json', '/healthz', '/metrics', `/api/v1/plugins/${id()}/versions`, '/api/v2/plugins']), json: rng.chance(0.5) ? oddValue(rng) : undefined };
    case 12:
      return { kind: 'rest-path', method: 'GET', path: rng.pick(['//', '/api//v1/plugins', '/api/v1/plugins/', '/api/v1/plugins/../../etc/passwd', '/%2e%2e/', '/api/v1/plugins/a/b/c/d/e', `/${'a/'.repeat(500)}`, '/api/v1/plugins?' + '&'.repeat(2000), '/api/v1/plugins/%', `/api/v1/plugins/${'%41'.repeat(3000)}`, '/*', '/api/v1/plugins#frag']) };
    default:
      return { kind: 'rest-review', method: 'POST', path: `/api/v1/plugins/${rng.pick(target.pluginIds)}/reviews`, json: { rating: rng.int(1, 5), comment: oddString(rng) } };
  }
}

// ---------------------------------------------------------------- GraphQL

const FIELDS = 'id name description version downloads stars rating verified tags category providerType license author updatedAt publishedAt';

function fields(rng: Rng): string {
  return Array.from({ length: rng.int(1, 5) }, () => rng.pick(FIELDS.split(' '))).join(' ');
}

function argument(rng: Rng): string {
  return rng.pick([
    `"${rng.pick(['openai-plugin', 'x', '', '\\u0000', '\\ud800', 'é🙂', 'a'.repeat(2000)])}"`,
    String(rng.int(-5, 200)),
    '2147483648',
    '9007199254740993',
    '-1.5',
    'true',
    'null',
    '[]',
    '{}',
    'DOWNLOADS',
    'NOPE',
    '$undeclared',
    '"""block"""',
  ]);
}

function graphqlDocument(rng: Rng, target: FuzzTarget): { kind: string; query: string; variables?: unknown; operationName?: unknown } {
  const id = rng.chance(0.6) ? rng.pick(target.pluginIds) : oddString(rng).slice(0, 200);
  switch (rng.int(0, 15)) {
    case 0:
      return { kind: 'gql-cycle', query: rng.pick(['{ ...A } fragment A on Query { ...A }', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }', 'query { plugins { nodes { ...P } } } fragment P on Plugin { ...Q } fragment Q on Plugin { ...P id }']) };
    case 1:
      return { kind: 'gql-undefined-fragment', query: rng.pick(['{ ...Missing }', '{ plugins { nodes { ...Nope } } }', 'query { ... on Nope { id } }', '{ ...A } fragment A on Nope { id }', 'fragment A on Query { plugins { totalCount } }']) };
    case 2: {
      const depth = rng.int(5, 400);
      return { kind: 'gql-deep', query: `{ ${'plugins { nodes { reviews { nodes { author { '.repeat(Math.ceil(depth / 5))}username${' } } } } }'.repeat(Math.ceil(depth / 5))} }` };
    }
    case 3: {
      const op = rng.chance(0.5) ? 'query' : 'mutation';
      // mutations: at most the default writes a minute of a key (60), as many as a real caller gets to send
      const n = rng.int(2, op === 'query' ? 400 : 70);
      const field = op === 'query' ? `plugin(id: "${id}") { ${fields(rng)} }` : rng.pick([`starPlugin(id: "${id}") { id stars }`, `unstarPlugin(id: "${id}") { id }`, `ratePlugin(id: "${id}", rating: ${rng.int(0, 6)}) { rating }`, `downloadManifest(pluginId: "${id}", version: "1.0.0") { sha256 }`]);
      return { kind: `gql-aliases-${op}`, query: `${op} { ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }` };
    }
    case 4:
      return {
        kind: 'gql-bad-variables',
        query: rng.pick([
          'query($id: ID!) { plugin(id: $id) { id name } }',
          'query($first: Int, $after: String) { plugins(first: $first, after: $after) { totalCount nodes { id } } }',
          'query($s: String, $tags: [String!], $sort: PluginSort, $caps: [Capability!]) { plugins(search: $s, tags: $tags, sort: $sort, capabilities: $caps) { totalCount } }',
          'mutation($id: ID!, $r: Int!, $c: String!) { reviewPlugin(id: $id, rating: $r, comment: $c) { rating } }',
          'mutation($s: JSONObject!) { submitPlugin(submission: $s) { submissionId } }',
          'query($d: Int!) { plugin(id: "openai-plugin") { stats { daily(days: $d) { day count } } } }',
          'query($id: ID!, $from: String, $to: String) { pluginAnalytics(id: $id, from: $from, to: $to) { downloads } }',
        ]),
        variables: rng.chance(0.15)
          ? oddValue(rng)
          : { id: rng.chance(0.5) ? id : oddValue(rng), first: oddValue(rng), after: oddValue(rng), s: rng.chance(0.3) ? submissionBody(rng) : oddValue(rng), tags: oddValue(rng), sort: oddValue(rng), caps: oddValue(rng), r: oddValue(rng), c: oddValue(rng), d: rng.pick([1, 0, -1, 366, 367, 10_000, 2 ** 31, oddValue(rng)]), from: rng.pick(['2024-01-01', '2024-02-30', 'yesterday', '', oddValue(rng)]), to: rng.pick(['2024-01-31', '2023-01-01', 'x', oddValue(rng)]) },
      };
    case 5:
      return { kind: 'gql-syntax', query: rng.pick(['{', '}', '{ plugins { ', 'query query query', '{ plugin(id: ) { id } }', '{ plugin(id: "x" { id } }', '{ "string" }', '{ plugins(first: 1e999) { totalCount } }', '{ a: b: c }', '# only a comment', '', ' ', '\u0000', '{ plugins @ { id } }', 'query ($: Int) { x }', 'mutation', '{ ...  }', '{ plugin(id: "\\uZZZZ") { id } }', '{ plugin(id: """unterminated) { id } }']) };
    case 6:
      return { kind: 'gql-unknown', query: rng.pick(['{ nope }', '{ plugins { nope } }', '{ plugin(id: "openai-plugin", nope: 1) { id } }', '{ plugin { id } }', '{ plugins(first: "x") { totalCount } }', '{ plugin(id: "openai-plugin") { id @skip(if: "yes") } }', '{ plugin(id: "openai-plugin") { id @nope } }', '{ __type(name: "Plugin") { fields { name type { name ofType { name } } } } }', '{ __schema { types { name fields { name args { name } } } } }', '{ plugins { nodes { id } } plugins { totalCount } }', 'query A { __typename } query A { __typename }', 'query A { __typename } query B { __typename }']) };
    case 7:
      return { kind: 'gql-operation-name', query: 'query A { __typename } query B { plugins { totalCount } }', operationName: rng.pick(['A', 'B', 'C', '', null, 1, ['A'], {}, oddString(rng)]) };
    case 8:
      return { kind: 'gql-subscription', query: rng.pick(['subscription { __typename }', 'subscription { plugins { totalCount } }', 'subscription S { x }']) };
    case 9:
      return { kind: 'gql-args', query: `{ plugins(${rng.pick(['first', 'limit', 'offset', 'after', 'search', 'tags', 'sort', 'category', 'providerType', 'verified', 'capabilities'])}: ${argument(rng)}) { totalCount nodes { ${fields(rng)} } } }` };
    case 10:
      return { kind: 'gql-args', query: `{ plugin(id: ${argument(rng)}) { ${fields(rng)} versions(first: ${argument(rng)}) { nodes { version } } reviews(first: ${argument(rng)}, after: ${argument(rng)}) { nodes { rating author { username } } } stats { daily(days: ${argument(rng)}) { day count } } } }` };
    case 11:
      return {
        kind: 'gql-mutation',
        query: rng.pick([
          `mutation { reviewPlugin(id: "${id}", rating: ${rng.int(-1, 6)}, comment: ${argument(rng)}) { rating comment } }`,
          `mutation { ratePlugin(id: ${argument(rng)}, rating: ${argument(rng)}) { rating } }`,
          `mutation { deleteReview(pluginId: "${id}") }`,
          `mutation { flagReview(id: ${argument(rng)}, reason: ${argument(rng)}) { id } }`,
          `mutation { hideReview(id: ${argument(rng)}, reason: "spam") { id } }`,
          `mutation { downloadManifest(pluginId: "${id}", version: ${argument(rng)}) { sha256 } }`,
          `mutation { createApiKey(name: ${argument(rng)}, scopes: ${rng.pick(['["read"]', '["admin"]', '[]', '["nope"]', 'null'])}, expiresAt: ${rng.pick(['"2020-01-01T00:00:00Z"', '"9999-12-31T23:59:59Z"', '"soon"', 'null'])}) { key } }`,
          `mutation { revokeApiKey(id: ${argument(rng)}) { id } }`,
          `mutation { claimSubmission(id: "${rng.pick(target.submissionIds.length ? target.submissionIds : ['sub-x'])}") { id } }`,
          `mutation { withdrawSubmission(id: ${argument(rng)}) { id } }`,
          `mutation { yankVersion(pluginId: "${id}", version: ${argument(rng)}, reason: "x") { version } }`,
          `mutation { addMaintainer(pluginId: "${id}", username: ${argument(rng)}) { id } }`,
          `mutation { submitPlugin(submission: {}) { submissionId } }`,
        ]),
      };
    case 12:
      return { kind: 'gql-persisted', query: rng.chance(0.5) ? '{ __typename }' : (undefined as unknown as string) };
    case 13:
      return { kind: 'gql-me', query: rng.pick(['{ me { username apiKeys { id name scopes } } }', '{ moderationQueue(first: 5) { nodes { id } } }', '{ auditLog(first: 5, target: "x") { nodes { action } } }', `{ submission(id: ${argument(rng)}) { id status } }`, '{ providerTypes { value count } }']) };
    default:
      return { kind: 'gql-args', query: `{ plugins(first: ${rng.int(0, 120)}, search: ${argument(rng)}) { totalCount nodes { ${fields(rng)} } } }` };
  }
}

function graphqlRequest(rng: Rng, target: FuzzTarget): Omit<FuzzRequest, 'headers'> & { json?: unknown; raw?: string } {
  const doc = graphqlDocument(rng, target);
  const payload: Record<string, unknown> = { query: doc.query };
  if (doc.variables !== undefined) payload.variables = doc.variables;
  if (doc.operationName !== undefined) payload.operationName = doc.operationName;
  if (doc.kind === 'gql-persisted' || rng.chance(0.03)) payload.extensions = { persistedQuery: rng.pick([{ version: 1, sha256Hash: 'abc' }, { version: 2 }, { version: 1, sha256Hash: oddValue(rng) }, oddValue(rng)]) };
  if (rng.chance(0.05)) return { kind: `${doc.kind}-batch`, method: 'POST', path: '/graphql', json: [payload, payload] };
  if (rng.chance(0.05)) payload[rng.pick(['query', 'variables', 'operationName', 'extensions'])] = oddValue(rng);
  if (rng.chance(0.15)) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(payload)) if (value !== undefined) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    return { kind: `${doc.kind}-get`, method: 'GET', path: `/graphql?${search.toString().slice(0, 12_000)}` };
  }
  return { kind: doc.kind, method: 'POST', path: '/graphql', json: payload };
}

// ---------------------------------------------------------------- bodies and headers

function headersFor(rng: Rng, target: FuzzTarget): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rng.chance(0.45)) headers.authorization = `Bearer ${rng.pick(target.keys)}`;
  else if (rng.chance(0.15)) headers.authorization = rng.pick(['Bearer', 'Bearer ', 'Bearer loom_nope', 'Basic YTpi', 'bearer x y', `Bearer ${'x'.repeat(5000)}`, 'Bearer loom_' + 'a'.repeat(40), 'Token abc', '']);
  if (rng.chance(0.1)) headers['accept-encoding'] = rng.pick(['br', 'gzip;q=0', '*', 'identity;q=0', 'compress, deflate', 'x'.repeat(2000), 'br;q=abc, gzip']);
  if (rng.chance(0.1)) headers['if-none-match'] = rng.pick(['*', 'W/"x"', '"', '"a", "b"', 'x'.repeat(3000)]);
  if (rng.chance(0.1)) headers['x-forwarded-for'] = rng.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1', 'x'.repeat(1000)]);
  if (rng.chance(0.1)) headers['x-loom-install-id'] = rng.pick(['install-aaaaaaaa', '', 'x'.repeat(500), 'é', '../']);
  if (rng.chance(0.1)) headers['idempotency-key'] = rng.pick(['k1', '', 'x'.repeat(2000), 'é']);
  if (rng.chance(0.05)) headers['content-encoding'] = rng.pick(['gzip', 'br', 'nope']);
  if (rng.chance(0.05)) headers.origin = rng.pick(['https://evil.example', 'null', '*']);
  if (rng.chance(0.05)) headers.expect = '100-continue';
  if (rng.chance(0.05)) headers['cf-ipcountry'] = rng.pick(['US', 'XX', 'é', 'x'.repeat(100)]);
  return headers;
}

/** The JSON body, mangled one way or another some of the time. */
function bodyFor(rng: Rng, json: unknown, headers: Record<string, string>): { body?: Buffer; cutAt?: number; kind?: string } {
  const contentType = () => {
    headers['content-type'] = rng.chance(0.85) ? rng.pick(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON']) : rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/graphql', 'application/json-patch+json', '']);
  };
  if (json === undefined && rng.chance(0.85)) return {};
  contentType();
  const text = JSON.stringify(json ?? null);
  switch (rng.int(0, 19)) {
    case 0:
      return { body: Buffer.from(text.slice(0, rng.int(0, text.length))), kind: 'cut-json' };
    case 1:
      return { body: Buffer.from(rng.pick(['{', '[', '{"a":}', "{'a':1}", '{"a":1,}', 'nul', '"\\ud800"', '{"a":"\\u00"}', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '1', '"x"', 'true', '[]'])), kind: 'bad-json' };
    case 2:
      return { body: Buffer.from(deepJson(rng.pick([100, 1000, 10_000, 100_000]), rng.chance(0.5))), kind: 'deep-json' };
    case 3:
      return { body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d]), kind: 'invalid-utf8' };
    case 4: {
      const body = Buffer.from(text);
      return { body, cutAt: Math.floor(body.length / 2), kind: 'short-body' };
    }
    case 5:
      return { body: Buffer.from(`{"query":"${'a'.repeat(rng.pick([200_000, 1_100_000]))}"}`), kind: 'huge-body' };
    default:
      return { body: Buffer.from(text) };
  }
}

/** The next request of a run, drawn from the run's generator: the same seed gives the same requests in the same order. */
export function generate(rng: Rng, target: FuzzTarget): FuzzRequest {
  const base = rng.chance(0.5) ? restRequest(rng, target) : graphqlRequest(rng, target);
  const headers = headersFor(rng, target);
  const { json, ...request } = base as typeof base & { json?: unknown };
  const { body, cutAt, kind } = bodyFor(rng, json, headers);
  return { ...request, kind: kind ? `${request.kind}+${kind}` : request.kind, headers, body, cutAt };
}

// ---------------------------------------------------------------- sending

function headerValue(value: string): string {
  // raw sockets send what they are given: keep header values to bytes a client could send at all
  return Buffer.from(value, 'utf8').toString('latin1').replace(/[\r\n]/g, ' ');
}

/** Sends one request over a fresh connection; resolves to its status (or none) and the start of its body. */
export function send(url: URL, request: FuzzRequest, timeoutMs: number): Promise<{ status: number | undefined; text: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      let text = Buffer.concat(chunks).toString('utf8');
      // past interim answers (100 Continue) to the final one
      while (/^HTTP\/1\.[01] 1\d\d /.test(text) && text.includes('\r\n\r\n')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status ? Number(status[1]) : undefined, text });
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (size < 64 * 1024) chunks.push(chunk);
      size += chunk.length;
    });
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.once('connect', () => {
      const lines = [`${request.method} ${request.path} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
      for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${headerValue(value)}`);
      if (request.body) lines.push(`content-length: ${request.body.length}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
      if (request.body) socket.write(request.cutAt === undefined ? request.body : request.body.subarray(0, request.cutAt));
      // a short body: stop writing, so the server sees the connection end before the body does
      if (request.cutAt !== undefined) socket.end();
    });
  });
}

const STACK_TRACE = /\bat .+\.(js|ts|mjs|cjs):\d+:\d+|node_modules\//;
/** A GraphQL answer may say 200 and still report a server fault. */
const INTERNAL_ERROR = /"code":"INTERNAL_SERVER_ERROR"/;

function show(request: FuzzRequest): string {
  const body = request.body ? request.body.toString('utf8') : '';
  const shown = body.length > 400 ? `${body.slice(0, 400)}… (${body.length} bytes)` : body;
  return `${request.method} ${request.path.length > 300 ? `${request.path.slice(0, 300)}…` : request.path}  [${request.kind}]\n    headers: ${JSON.stringify(request.headers).slice(0, 300)}${shown ? `\n    body${request.cutAt !== undefined ? ` (cut at ${request.cutAt})` : ''}: ${JSON.stringify(shown)}` : ''}`;
}

export function formatFinding(f: Finding): string {
  return `  ${f.status}  ${show(f.request)}\n    answer: ${JSON.stringify(f.excerpt.slice(0, 400))}`;
}

/** Runs `requests` requests drawn from `seed` against the target, `concurrency` at a time. */
export async function runFuzz(target: FuzzTarget, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const url = new URL(target.url);
  const rng = new Rng(options.seed);
  const timeoutMs = (options.timeoutSeconds ?? 30) * 1000;
  const report: FuzzReport = { requests: 0, seed: options.seed, classes: {}, statuses: {}, byKind: {}, findings: [], unanswered: [], seconds: 0 };
  const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      next++;
      const request = generate(rng, target);
      const { status, text } = await send(url, request, timeoutMs);
      report.requests++;
      const klass = status === undefined ? 'no answer' : `${Math.floor(status / 100)}xx`;
      bump(report.classes, klass);
      bump(report.statuses, String(status ?? 'no answer'));
      bump((report.byKind[request.kind.split('+')[0]] ??= {}), klass);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      if (status === undefined) report.unanswered.push({ request, status: 'no answer', excerpt: text });
      else if (status >= 500 || STACK_TRACE.test(body) || INTERNAL_ERROR.test(body)) report.findings.push({ request, status, excerpt: body });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}

/** The report as text: totals by status class, by status and by kind, then every finding. */
export function formatReport(report: FuzzReport, database: string): string {
  const order = ['2xx', '3xx', '4xx', '5xx', 'no answer'];
  const classes = order.map((k) => `${k}: ${report.classes[k] ?? 0}`).join('  ');
  const lines = [
    `fuzz: ${report.requests} requests, seed ${report.seed}, ${database}, ${report.seconds} s`,
    `  by class   ${classes}`,
    `  by status  ${Object.entries(report.statuses).sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join('  ')}`,
    '  by kind',
    ...Object.entries(report.byKind).sort(([a], [b]) => a.localeCompare(b)).map(([kind, counts]) => `    ${kind.padEnd(28)} ${order.filter((k) => counts[k]).map((k) => `${k} ${counts[k]}`).join(', ')}`),
  ];
  if (report.unanswered.length) lines.push(`\n${report.unanswered.length} requests got no answer (connection closed or ${'timed out'}); the first 10:`, ...report.unanswered.slice(0, 10).map(formatFinding));
  lines.push(report.findings.length ? `\n✖ ${report.findings.length} findings (5xx, INTERNAL_SERVER_ERROR or a stack trace in the body); the first 30:` : '\n✔ no 5xx, no INTERNAL_SERVER_ERROR, no stack trace');
  lines.push(...report.findings.slice(0, 30).map(formatFinding));
  return lines.join('\n');
}
