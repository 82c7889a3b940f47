import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

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
  /** Anonymous GraphQL responses cached per data version (entries). 0 disables. */
  responseCacheSize: number;
  maxQueryDepth: number;
  maxQueryComplexity: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
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
  responseCacheSize: z.coerce.number().int().min(0).default(2000),
  maxQueryDepth: z.coerce.number().int().min(2).default(10),
  maxQueryComplexity: z.coerce.number().int().min(10).default(5000),
  bodyLimit: z.coerce.number().int().min(1024).default(1024 * 1024),
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
    responseCacheSize: env.RESPONSE_CACHE_SIZE,
    maxQueryDepth: env.GRAPHQL_MAX_DEPTH,
    maxQueryComplexity: env.GRAPHQL_MAX_COMPLEXITY,
    bodyLimit: env.BODY_LIMIT,
  };
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const { databaseUrl, ...rest } = parsed.data;
  return { ...rest, database: parseDatabaseUrl(databaseUrl), ...overrides };
}
