import type { EntityClass } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ENTITIES } from '../../server/entities.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { StarPluginDocument } from '../gql/graphql.js';

let t: TestApp;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, (sql) => statements.push(sql));
  // rows in the tables the sample catalog leaves empty: a user with a key, a star, a review
  const { auth } = await t.user('user', 'flusher');
  const starred = await t.graphql(StarPluginDocument, { id: 'openai-plugin' }, auth);
  expect(starred.body.errors).toBeUndefined();
});
afterAll(() => t.close());

// Seen on SQLite: a `datetime` column declared by its type name made every loaded date compare unequal to the stored
// number, so any flush after loading a plugin, user or key rewrote its dates (and the plugin's registry entry) and
// moved the data version, emptying every cache.
it('writes nothing when loaded rows of any entity are flushed unchanged', async () => {
  const loaded: string[] = [];
  const before = await t.app.dataVersion.current();
  for (const entity of ENTITIES) {
    const em = t.em();
    const rows = await em.find(entity as EntityClass<object>, {}, { limit: 20 });
    if (rows.length > 0) loaded.push(entity.name);
    statements.length = 0;
    await em.flush();
    expect(statements.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql)), entity.name).toEqual([]);
  }
  expect(loaded).toEqual(expect.arrayContaining(['User', 'ApiKey', 'Plugin', 'PluginVersion', 'Review', 'Star', 'AuditEntry']));
  expect(await t.app.dataVersion.current()).toBe(before);
});
