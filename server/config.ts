import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { parseAllowEntry } from './modules/publishing/safe-fetch.js';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgresql'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Most PostgreSQL connections this process opens (SQLite uses one). */
  databasePoolSize: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed the bundled sample catalog when the database holds no plugins yet. */
  seed: boolean;
  /** Upper bound on the text matches a search ranks (like GitHub's 1,000); keeps search fast at 100k plugins. */
  searchMaxResults: number;
  /** How often (ms) each process's search index reads the plugin change log when no write moved the data version. */
  searchRefreshMs: number;
  /** Anonymous GraphQL responses cached per data version (entries). 0 disables. */
  responseCacheSize: number;
  maxQueryDepth: number;
  maxQueryComplexity: number;
  /** Answer introspection queries (on: a public API that codegen, GraphiQL and audits read; NODE_ENV does not matter). */
  graphqlIntrospection: boolean;
  /** Most tokens a GraphQL document may have: parsing stops there. */
  maxQueryTokens: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Largest /graphql request body accepted, in bytes. */
  graphqlBodyLimit: number;
  /** Seconds a request's headers may take to arrive… */
  headersTimeoutSeconds: number;
  /** …and the whole request, body included (then 408). */
  requestTimeoutSeconds: number;
  /** Seconds an idle keep-alive connection stays open. */
  keepAliveTimeoutSeconds: number;
  /** Open connections one peer address may hold (0: no cap). */
  maxConnectionsPerIp: number;
  /** Hosts, IPs or CIDRs, each with a port (`host:8443`, `host:*`; bare: the default port only), that manifest fetches may reach although they are not public addresses. */
  fetchAllow: string[];
  /** Development: accept plain-http URLs on localhost in submissions (and fetch them when allowlisted). */
  allowHttpLoopback: boolean;
  writesPerKey: number;
  writesPerIp: number;
  /** Anonymous usage reports (installs, uninstalls, telemetry) a minute per client IP. */
  usagePerIp: number;
  /** Private reports about plugins (security, malware, abuse, license) a minute per client IP, signed in or not. */
  reportsPerIp: number;
  checksConcurrency: number;
  /** Seconds a manifest fetch may take. */
  fetchTimeoutSeconds: number;
  /**
   * Which proxies' X-Forwarded-For to believe (Fastify's trustProxy): false (default: the peer is the client),
   * true (any peer: only behind a proxy that overwrites the header), or the proxies' addresses/CIDRs. Behind a load balancer every per-IP limit and the download
   * de-duplication would otherwise see one client: the balancer.
   */
  trustProxy: boolean | string[];
  /** Request header a trusted proxy sets to the client's country (e.g. cf-ipcountry); unset: "unknown". */
  countryHeader?: string;
  /** Download and telemetry counts are written at least this often (ms)… */
  statsFlushMs: number;
  /** …or as soon as this many events wait. */
  statsMaxBatch: number;
  /**
   * Seconds a counted download may take to show in catalog answers (totals, 30-day and daily counts): counts are
   * published on this clock, not with every flush, so they move the data version (and every ETag) at most this often.
   */
  countsRefreshSeconds: number;
  /** Redis for state shared by replicas (write rate limits); optional. */
  redisUrl?: string;
  /**
   * The registry's public base URL (`https://registry.loom.io`), which the manifest URLs in registry.json, REST and
   * GraphQL are built from; unset, the address the server listens on.
   */
  publicUrl?: string;
  /** How long a reader right after a write waits for the rebuilt registry.json before it gets the previous one (ms). */
  registryFreshWaitMs: number;
  /**
   * The TUF online key (Ed25519, PEM) that signs timestamp, snapshot, targets and the hashed bins (docs/trust.md);
   * from TUF_ONLINE_KEY or the file TUF_ONLINE_KEY_FILE. Unset: the catalog is not signed and /tuf/ answers 404.
   */
  tufOnlineKey?: string;
  /** The manifest targets are spread over 2^bits hashed bins (10: 1,024 bins, a few hundred targets each at 100,000 plugins). */
  tufBinBits: number;
  /** How often (s) the signer checks for writes to sign and signatures to renew. */
  tufRefreshSeconds: number;
}

/** The names proxy-addr (Fastify's trustProxy) gives address ranges. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  databaseUrl: z.string().min(1).default('./data/registry.db'),
  // at least 2: migrations hold one connection for their advisory lock while running on another
  databasePoolSize: z.coerce.number().int().min(2).max(1000).default(10),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  seed: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  searchMaxResults: z.coerce.number().int().min(10).max(100_000).default(1000),
  searchRefreshMs: z.coerce.number().int().min(100).max(60_000).default(5000),
  responseCacheSize: z.coerce.number().int().min(0).default(2000),
  maxQueryDepth: z.coerce.number().int().min(2).default(10),
  maxQueryComplexity: z.coerce.number().int().min(10).default(5000),
  graphqlIntrospection: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  // A GraphQL document of 1 MB took 0.4-0.7 s of CPU to parse and validate; the client's largest is under 1 KB.
  maxQueryTokens: z.coerce.number().int().min(100).default(5000),
  bodyLimit: z.coerce.number().int().min(1024).default(1024 * 1024),
  graphqlBodyLimit: z.coerce.number().int().min(1024).default(128 * 1024),
  headersTimeoutSeconds: z.coerce.number().min(1).max(600).default(10),
  requestTimeoutSeconds: z.coerce.number().min(1).max(3600).default(30),
  // above a load balancer's idle timeout (60 s on AWS), so the balancer, not this server, closes idle connections
  keepAliveTimeoutSeconds: z.coerce.number().min(1).max(3600).default(72),
  maxConnectionsPerIp: z.coerce.number().int().min(0).default(256),
  fetchAllow: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
      for (const entry of entries) {
        try {
          parseAllowEntry(entry);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }
      return entries;
    }),
  allowHttpLoopback: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  writesPerKey: z.coerce.number().int().min(1).default(60),
  writesPerIp: z.coerce.number().int().min(1).default(120),
  // generous: a fleet of Loom installations behind one NAT address reports from one IP
  usagePerIp: z.coerce.number().int().min(1).default(600),
  // few: a report is read by a person, and anonymous reports are allowed
  reportsPerIp: z.coerce.number().int().min(1).default(5),
  checksConcurrency: z.coerce.number().int().min(1).max(16).default(2),
  fetchTimeoutSeconds: z.coerce.number().min(1).max(60).default(10),
  trustProxy: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      if (v === 'true' || v === 'false') return v === 'true';
      const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = entries.find((e) => !PROXY_NAMES.has(e) && !ipaddr.isValid(e) && !isCidr(e));
      if (bad !== undefined || entries.length === 0) ctx.addIssue({ code: 'custom', message: `"${bad ?? v}" is not true, false, an address, a CIDR or one of ${[...PROXY_NAMES].join(', ')}` });
      return entries;
    }),
  countryHeader: z.string().regex(/^[A-Za-z0-9-]+$/).transform((v) => v.toLowerCase()).optional(),
  statsFlushMs: z.coerce.number().int().min(10).max(60_000).default(1000),
  statsMaxBatch: z.coerce.number().int().min(1).max(100_000).default(5000),
  countsRefreshSeconds: z.coerce.number().min(0.1).max(86_400).default(60),
  redisUrl: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  registryFreshWaitMs: z.coerce.number().int().min(0).max(9000).default(250),
  tufOnlineKey: z.string().includes('PRIVATE KEY', { error: 'an Ed25519 private key in PEM (npm run admin -- tuf init writes one)' }).optional(),
  tufBinBits: z.coerce.number().int().min(1).max(16).default(10),
  tufRefreshSeconds: z.coerce.number().min(0.05).max(3600).default(10),
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'an http(s):// URL such as https://registry.loom.io' })
    .refine((v) => !/[?#]/.test(v), 'a base URL without query or fragment')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
});

/** Reads `sqlite:///abs.db`, `sqlite://rel.db`, a plain path, `:memory:` or `postgres(ql)://…`. */
export function parseDatabaseUrl(url: string, cwd = process.cwd()): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgresql', url };
  if (url === ':memory:' || url === 'sqlite::memory:' || url === 'sqlite://:memory:') return { kind: 'sqlite', file: ':memory:' };
  const file = url.startsWith('sqlite://') ? url.slice('sqlite://'.length) : url;
  if (!file || /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) throw new ConfigError(`DATABASE_URL: unsupported database URL "${url}"`);
  return { kind: 'sqlite', file: path.resolve(cwd, file) };
}

export class ConfigError extends Error {}

type Source = Record<string, string | undefined>;

function readKeyFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`TUF_ONLINE_KEY_FILE: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * One validated configuration from flags (highest), environment and defaults.
 * Unknown flags and bad values fail fast with a message naming the setting.
 */
export function loadConfig(argv: string[] = [], env: Source = process.env, overrides: Partial<Config> = {}): Config {
  let flags: Source;
  try {
    flags = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'database-url': { type: 'string' },
        'log-level': { type: 'string' },
        'no-seed': { type: 'boolean' },
      },
      strict: true,
    }).values as Source;
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const raw = {
    port: flags.port ?? env.PORT,
    host: flags.host ?? env.HOST,
    databaseUrl: flags['database-url'] ?? env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    logLevel: flags['log-level'] ?? env.LOG_LEVEL,
    seed: flags['no-seed'] ? 'false' : env.SEED,
    searchMaxResults: env.SEARCH_MAX_RESULTS,
    searchRefreshMs: env.SEARCH_REFRESH_MS,
    responseCacheSize: env.RESPONSE_CACHE_SIZE,
    maxQueryDepth: env.GRAPHQL_MAX_DEPTH,
    maxQueryComplexity: env.GRAPHQL_MAX_COMPLEXITY,
    graphqlIntrospection: env.GRAPHQL_INTROSPECTION,
    maxQueryTokens: env.GRAPHQL_MAX_TOKENS,
    bodyLimit: env.BODY_LIMIT,
    graphqlBodyLimit: env.GRAPHQL_BODY_LIMIT,
    headersTimeoutSeconds: env.HEADERS_TIMEOUT_SECONDS,
    requestTimeoutSeconds: env.REQUEST_TIMEOUT_SECONDS,
    keepAliveTimeoutSeconds: env.KEEP_ALIVE_TIMEOUT_SECONDS,
    maxConnectionsPerIp: env.MAX_CONNECTIONS_PER_IP,
    fetchAllow: env.FETCH_ALLOWLIST,
    allowHttpLoopback: env.ALLOW_HTTP_LOOPBACK,
    writesPerKey: env.RATE_LIMIT_WRITES_PER_KEY,
    writesPerIp: env.RATE_LIMIT_WRITES_PER_IP,
    usagePerIp: env.RATE_LIMIT_USAGE_PER_IP,
    reportsPerIp: env.RATE_LIMIT_REPORTS_PER_IP,
    checksConcurrency: env.CHECKS_CONCURRENCY,
    fetchTimeoutSeconds: env.FETCH_TIMEOUT_SECONDS,
    trustProxy: env.TRUST_PROXY,
    countryHeader: env.COUNTRY_HEADER,
    statsFlushMs: env.STATS_FLUSH_MS,
    statsMaxBatch: env.STATS_MAX_BATCH,
    countsRefreshSeconds: env.COUNTS_REFRESH_SECONDS,
    redisUrl: env.REDIS_URL,
    publicUrl: env.PUBLIC_URL,
    registryFreshWaitMs: env.REGISTRY_FRESH_WAIT_MS,
    tufOnlineKey: env.TUF_ONLINE_KEY || readKeyFile(env.TUF_ONLINE_KEY_FILE),
    tufBinBits: env.TUF_BIN_BITS,
    tufRefreshSeconds: env.TUF_REFRESH_SECONDS,
  };
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const { databaseUrl, ...rest } = parsed.data;
  return { ...rest, database: parseDatabaseUrl(databaseUrl), ...overrides };
}
