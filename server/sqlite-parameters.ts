import { isRaw, JsonProperty, raw, Utils, type RawQueryFragment } from '@mikro-orm/core';
import { NativeQueryBuilder, type AbstractSqlConnection } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';

/** A statement's text with `?` where each bound value goes, and those values, as better-sqlite3 binds them. */
export interface BoundStatement {
  sql: string;
  values: unknown[];
}

/** What the platform does with an identifier placeholder (`??`). */
interface Quoting {
  quoteIdentifier(id: string | RawQueryFragment): string;
}

/**
 * MikroORM writes every value into the SQL text it runs (`Platform.formatQuery`), so each plugin id, each search and
 * each count makes a statement of its own: SQLite prepares it anew, and better-sqlite3 frees its native memory only
 * when V8 collects the JavaScript object, which V8 does not hurry for memory it cannot see (detail reads grew the
 * process to 1.2 GB with 144 MB of heap). Bound instead, a query shape is one statement, prepared once and kept.
 *
 * The rules are `formatQuery`'s, with the value bound rather than written out: `??` is an identifier, `\?` a
 * literal question mark, a raw fragment is spliced in with its own values, an array is a list. `null` and booleans
 * stay literals: there are only three of them, and SQLite's planner can then match a partial index's `where
 * installable` as it did before. Safe integers are bound as integers (better-sqlite3 binds a JavaScript number as a
 * REAL, which a TEXT column would store as `'5.0'`), a Date as its milliseconds (the SQLite platform's own rule),
 * an object as its JSON.
 */
export function bindStatement(platform: Quoting, sql: string, params: readonly unknown[]): BoundStatement {
  const values: unknown[] = [];
  return { sql: bindInto(platform, sql, params, values), values };
}

function bindInto(platform: Quoting, sql: string, params: readonly unknown[], values: unknown[]): string {
  if (params.length === 0) return sql;
  let out = '';
  let from = 0;
  let next = 0;
  for (let at = sql.indexOf('?'); at !== -1; at = sql.indexOf('?', from)) {
    if (at > 0 && sql[at - 1] === '\\') {
      out += sql.slice(from, at - 1) + '?';
      from = at + 1;
    } else if (sql[at + 1] === '?') {
      out += sql.slice(from, at) + platform.quoteIdentifier(params[next++] as string);
      from = at + 2;
    } else {
      out += sql.slice(from, at) + bindValue(platform, params[next++], values);
      from = at + 1;
    }
  }
  return out + sql.slice(from);
}

function bindValue(platform: Quoting, value: unknown, values: unknown[]): string {
  if (value == null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (isRaw(value)) return bindInto(platform, value.sql, value.params, values);
  if (Array.isArray(value)) return value.map((item) => bindValue(platform, item, values)).join(', ');
  values.push(bindable(value));
  return '?';
}

function bindable(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'bigint' || Buffer.isBuffer(value)) return value;
  if (value instanceof Date) return BigInt(+value);
  if (Utils.isPlainObject(value) || (value as Record<symbol, unknown>)[JsonProperty]) return JSON.stringify(value);
  return String(value);
}

type Execute = AbstractSqlConnection['execute'];

/**
 * Makes a MikroORM SQLite connection bind values instead of writing them into the statement text: `execute` as
 * MikroORM's own (AbstractSqlConnection, 7.2), with the compiled query carrying parameters.
 */
export function bindParameters(connection: AbstractSqlConnection): void {
  const platform = connection.getPlatform();
  const internals = connection as unknown as {
    ensureConnection(): Promise<void>;
    executeQuery<T>(sql: string, cb: () => Promise<T>, context?: object): Promise<T>;
    transformRawResult<T>(res: unknown, method: string): T;
    config: { get(key: 'onQuery'): (sql: string, params: readonly unknown[]) => string };
  };
  const onQuery = internals.config.get('onQuery');
  const execute = async function (query, params = [], method = 'all', ctx, loggerContext) {
    await internals.ensureConnection();
    let sql: unknown = query instanceof NativeQueryBuilder ? query.toRaw() : query;
    let values = params as unknown[];
    if (typeof sql === 'string' && !Array.isArray(values)) sql = raw(sql, values);
    if (isRaw(sql)) {
      values = sql.params;
      sql = sql.sql;
    }
    sql = onQuery(sql as string, values);
    const bound = bindStatement(platform, sql as string, values);
    const { signal, inflightQueryAbortStrategy, ...context } = (loggerContext ?? {}) as Record<string, unknown>;
    const abort = signal == null && inflightQueryAbortStrategy == null ? undefined : { signal, inflightQueryAbortStrategy };
    const client = (ctx ?? connection.getClient()) as { executeQuery(q: CompiledQuery, abort?: unknown): Promise<unknown> };
    return internals.executeQuery(
      sql as string,
      async () => internals.transformRawResult(await client.executeQuery(CompiledQuery.raw(bound.sql, bound.values), abort), method),
      { query: sql, params: values, ...context },
    );
  } as Execute;
  connection.execute = execute;
}
