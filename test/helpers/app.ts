import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { expect, vi } from 'vitest';
import { createApp, type App } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import type { Em } from '../../server/orm.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: App;
  url: string;
  em(): Em;
  /**
   * Writes to the database behind the app's back (as another process would) and resolves once the app has
   * seen the data version move: at once on SQLite, when the NOTIFY arrives on PostgreSQL.
   */
  writeBehind(write: (em: Em) => Promise<unknown>): Promise<void>;
  /** A typed document of test/operations (`test/gql`) over real HTTP: its data typed, its variables checked. */
  graphql<R, V>(document: TypedDocument<R, V>, variables: V, headers?: Record<string, string>): Promise<GraphQLResult<R>>;
  /** A typed document that takes no variables. */
  graphql<R>(document: TypedDocument<R, NoVariables>, variables?: NoVariables, headers?: Record<string, string>): Promise<GraphQLResult<R>>;
  /**
   * GraphQL text as it is: only for what no typed document can say, malformed or hostile GraphQL sent on purpose
   * (syntax and validation errors, depth and shape limits, literals of the wrong type).
   */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResult<T>>;
  /** A typed document that must succeed: prints the query and the response when it does not. */
  data<R, V>(document: TypedDocument<R, V>, variables: V): Promise<R>;
  data<R>(document: TypedDocument<R, NoVariables>): Promise<R>;
  /** GraphQL text that must succeed (see `graphql`: prefer a typed document). */
  data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A new user with the role, and their first API key (scopes by role unless given). */
  user(role?: 'user' | 'reviewer' | 'admin', username?: string, scopes?: string[]): Promise<{ username: string; key: string; auth: Record<string, string> }>;
  /** Resolves when no submission checks are queued or running. */
  checksIdle(): Promise<void>;
  close(): Promise<void>;
}

/** A document graphql-codegen generated into test/gql from test/operations. */
export type TypedDocument<R, V> = DocumentTypeDecoration<R, V> & { toString(): string };
/** The variables of an operation that has none (graphql-codegen's `Exact<{ [key: string]: never }>`). */
type NoVariables = { [key: string]: never };

export interface GraphQLResult<T> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[] };
}

/**
 * The whole app on a fresh database of its own (in-memory SQLite, or a new PostgreSQL database under
 * TEST_DATABASE=postgres; see ./database.ts), seeded with the sample catalog unless `seed: false`,
 * listening on a free port. `close()` stops it and drops the database. Given `database`, the app joins
 * that one instead (a second replica) and leaves it in place.
 */
export async function createTestApp(overrides: Partial<Config> = {}, onSql?: (sql: string) => void): Promise<TestApp> {
  const db = overrides.database ? { config: overrides.database, drop: async () => {} } : await createTestDatabase();
  // registry.json read right after a write is the rebuilt one (a busy machine may take longer than the default wait);
  // the previous-document path has tests of its own
  const config = loadConfig([], {}, { port: 0, host: '127.0.0.1', database: db.config, logLevel: 'silent', registryFreshWaitMs: 5000, ...overrides });
  let app: App;
  try {
    app = await createApp(config, { onSql });
  } catch (err) {
    await db.drop();
    throw err;
  }
  let users = 0;
  const url = await app.listen();
  const graphql = async <T>(document: string | TypedDocument<T, unknown>, variables?: unknown, headers: Record<string, string> = {}): Promise<GraphQLResult<T>> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) as GraphQLResult<T>['body'] };
    } catch {
      throw new Error(`HTTP ${res.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 500))} (${[...res.headers].join('; ')})`);
    }
  };
  return {
    app,
    url,
    em: () => app.orm.em.fork() as Em,
    async writeBehind(write) {
      const before = await app.dataVersion.current();
      await write(app.orm.em.fork() as Em);
      await vi.waitFor(async () => expect(await app.dataVersion.current()).toBeGreaterThan(before), { timeout: 5000, interval: 5 });
    },
    graphql: graphql as TestApp['graphql'],
    async data<T>(document: string | TypedDocument<T, unknown>, variables?: unknown) {
      const res = await graphql<T>(document, variables);
      expect(res.body.errors, `query failed:\n${document.toString()}\nvariables: ${JSON.stringify(variables)}\nresponse: ${JSON.stringify(res.body, null, 2)}`).toBeUndefined();
      return res.body.data as T;
    },
    async user(role = 'user', username, scopes) {
      const name = username ?? `${role}-${++users}`;
      const em = app.orm.em.fork() as Em;
      const { user } = await app.services.users.createUser(em, { username: name, displayName: name, email: `${name}@example.test`, role });
      const { key } = await app.services.users.createKey(em, user, { name: 'test', scopes });
      return { username: name, key, auth: { authorization: `Bearer ${key}` } };
    },
    checksIdle: () => app.services.submissions.queue.idle(),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** The GraphQL error code of a failed call, for assertions. */
export function errorCode(result: GraphQLResult<unknown>): string | undefined {
  return result.body.errors?.[0]?.extensions?.code;
}
