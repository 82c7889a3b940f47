import { raw } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteClient } from '../../server/orm.js';
import { bindStatement } from '../../server/sqlite-parameters.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_DIALECT } from '../helpers/database.js';

const quoting = { quoteIdentifier: (id: unknown) => `\`${String(id)}\`` };

describe('bindStatement: values bound, not written into the SQL', () => {
  it('binds strings and numbers, integers as integers, and keeps the SQL free of them', () => {
    expect(bindStatement(quoting, 'select * from plugin where id = ? and downloads > ? and rating > ?', ["o'hara", 5, 2.5])).toEqual({
      sql: 'select * from plugin where id = ? and downloads > ? and rating > ?',
      values: ["o'hara", 5n, 2.5],
    });
  });

  it('writes null and booleans as literals, so that a partial index on `where installable` stays usable', () => {
    expect(bindStatement(quoting, 'where installable = ? and deprecated = ? and owner = ?', [true, false, null])).toEqual({
      sql: 'where installable = true and deprecated = false and owner = null',
      values: [],
    });
  });

  it('expands a list into one placeholder per item, and splices a raw fragment in with its own values', () => {
    expect(bindStatement(quoting, 'where id in (?) and ?', [['a', 'b', 'c'], raw('lower(name) like ?', ['ab%'])])).toEqual({
      sql: 'where id in (?, ?, ?) and lower(name) like ?',
      values: ['a', 'b', 'c', 'ab%'],
    });
  });

  it('quotes `??` as an identifier and keeps an escaped `\\?` as a question mark', () => {
    expect(bindStatement(quoting, 'select ?? from t where a = ? and b = "\\?"', ['name', 1])).toEqual({
      sql: 'select `name` from t where a = ? and b = "?"',
      values: [1n],
    });
  });

  it('binds a Date as its milliseconds (the SQLite platform\'s rule), an object as JSON, a Buffer as a blob', () => {
    const at = new Date('2026-12-03T10:00:00.000Z');
    const blob = Buffer.from([1, 2, 3]);
    expect(bindStatement(quoting, 'values (?, ?, ?, ?)', [at, { a: 1 }, blob, 2n ** 60n])).toEqual({
      sql: 'values (?, ?, ?, ?)',
      values: [BigInt(at.getTime()), '{"a":1}', blob, 2n ** 60n],
    });
  });

  it('leaves a statement with no values as it is', () => {
    expect(bindStatement(quoting, 'select 1 where "?" = "?"', [])).toEqual({ sql: 'select 1 where "?" = "?"', values: [] });
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('SQLite statements are shapes, not values', () => {
  let t: TestApp;
  const prepared = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp({ responseCacheSize: 0 });
    const db = await sqliteClient(t.app.orm);
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => (prepared.add(sql), prepare(sql))) as typeof db.prepare;
  });
  afterAll(() => t.close());

  async function readDetails(ids: string[]): Promise<number> {
    prepared.clear();
    for (const id of ids) {
      const res = await fetch(`${t.url}/api/v1/plugins/${encodeURIComponent(id)}`);
      expect(res.status, id).toBe(200);
      const data = await t.data<{ plugin: { id: string } }>('query($id: ID!) { plugin(id: $id) { id stats { downloads } latestVersion { version } } }', { id });
      expect(data.plugin.id).toBe(id);
    }
    return [...prepared].filter((sql) => !/registry_meta|plugin_change|checks_state/.test(sql)).length;
  }

  it('runs the same statements for the details of 2 plugins as for 20: none carries a plugin id', async () => {
    const res = await fetch(`${t.url}/api/v1/plugins?limit=22`);
    const ids = ((await res.json()) as { plugins: { id: string }[] }).plugins.map((p) => p.id);
    expect(ids.length).toBeGreaterThanOrEqual(22);
    const two = await readDetails(ids.slice(0, 2));
    const twenty = await readDetails(ids.slice(2, 22));
    expect(two).toBeGreaterThan(0);
    expect(twenty).toBe(two);
  });
});
