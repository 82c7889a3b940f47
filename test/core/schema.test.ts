import fs from 'node:fs';
import type { GraphQLObjectType } from 'graphql';
import { expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { getSchema, guardedPlainFields, printSchemaSdl } from '../../server/schema.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/database.js';

it('schema.graphql is the schema the code builds (run `npm run schema` after changing the API)', async () => {
  const committed = fs.readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(await printSchemaSdl());
});

it('resolves plain fields as property reads, and finds any plain field a guard would be lost on', async () => {
  const plugin = (await getSchema()).getType('Plugin') as GraphQLObjectType;
  // a property: graphql-js's default resolver; a field resolver keeps type-graphql's (and its policy checks)
  expect(plugin.getFields().name.resolve).toBeUndefined();
  expect(plugin.getFields().stats.resolve).toBeTypeOf('function');
  class Entity {}
  class Other {}
  class Resolver {}
  const fields = [{ target: Entity, name: 'secret' }, { target: Entity, name: 'open' }, { target: Other, name: 'all' }];
  const none = { fields, authorizedFields: [], middlewares: [], authorizedResolver: [], resolverMiddlewares: [] };
  expect(guardedPlainFields(none)).toEqual([]);
  // a guard on a resolver method is the policy's usual place: not a plain field
  expect(guardedPlainFields({ ...none, authorizedFields: [{ target: Resolver, fieldName: 'secret' }] })).toEqual([]);
  expect(guardedPlainFields({ ...none, authorizedFields: [{ target: Entity, fieldName: 'secret' }] })).toEqual(['Entity.secret']);
  expect(guardedPlainFields({ ...none, middlewares: [{ target: Entity, fieldName: 'open' }] })).toEqual(['Entity.open']);
  expect(guardedPlainFields({ ...none, authorizedResolver: [{ target: Other }] })).toEqual(['Other.all']);
});

const VERSIONED = '(plugin|plugin_version|review|plugin_tag|advisory|plugin_maintainer)';

/**
 * What the comparator proposes beyond the entities, line by line, once the objects the migrations add by hand
 * (and it cannot know) are set aside: that must be nothing.
 */
function unexplained(diff: string): string[] {
  const lines = diff.split('\n').filter((line) => line.trim() !== '');
  if (TEST_DIALECT === 'postgresql') {
    // the data-version and change-log triggers (the comparator would also drop a function per trigger, by its own
    // naming, which does not exist)
    const handMade = [
      /^drop trigger if exists "plugin_change" on "plugin";$/,
      /^drop function if exists "plugin_plugin_change_fn"\(\);$/,
      new RegExp(`^drop trigger if exists "${VERSIONED}_data_version" on "${VERSIONED}";$`),
      new RegExp(`^drop function if exists "${VERSIONED}_${VERSIONED}_data_version_fn"\\(\\);$`),
      // the trigger that empties a plugin's stored registry.json fragment when another writer changes its columns
      /^drop trigger if exists "plugin_registry_entry_stale" on "plugin";$/,
      /^drop function if exists "plugin_plugin_registry_entry_stale_fn"\(\);$/,
      // the auth-version triggers (migration 0019) and the user's data-version one (0022)
      /^drop trigger if exists "(api_key|user)_(update|delete)_(auth|data)_version" on "(api_key|user)";$/,
      /^drop function if exists "(api_key|user)_(api_key|user)_(update|delete)_(auth|data)_version_fn"\(\);$/,
    ];
    return lines.filter((line) => !handMade.some((re) => re.test(line)));
  }
  // The comparator knows only entity-declared triggers; the migrations add the change-log, registry-entry,
  // data-version and auth-version triggers by hand, so it proposes dropping exactly those and nothing else.
  const triggers = new RegExp(`^drop trigger if exists \`(plugin_(insert|update|delete)_change|plugin_registry_entry_stale|${VERSIONED}_(insert|update|delete)_data_version|(api_key|user)_(update|delete)_(auth|data)_version)\`;$`);
  // It also cannot read back per-column sort order and collation on SQLite, so it proposes dropping and
  // recreating the sort indexes: accept that only when the recreated index is exactly the migration's.
  const migration = fs
    .readdirSync(new URL('../../server/migrations/sqlite/', import.meta.url))
    .filter((f) => /^\d{4}-.*\.ts$/.test(f))
    .map((f) => fs.readFileSync(new URL(`../../server/migrations/sqlite/${f}`, import.meta.url), 'utf8'))
    .join('\n')
    .replaceAll('\\`', '`');
  const rest = lines.filter((line) => !triggers.test(line));
  const recreated = new Set(rest.filter((l) => l.startsWith('create index') && migration.includes(l.replace(/;$/, ''))).map((l) => /`(\w+)`/.exec(l)![1]));
  expect(recreated.size).toBeLessThanOrEqual(4);
  return rest.filter((l) => !recreated.has(/^(?:drop|create) index `(\w+)`/.exec(l)?.[1] ?? ''));
}

it(`the migrations create exactly the schema the entities describe (${TEST_DIALECT})`, async () => {
  const db = await createTestDatabase();
  const app = await createApp(loadConfig([], {}, { database: db.config, logLevel: 'silent', seed: false }));
  try {
    const diff = await app.orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false });
    expect(unexplained(diff)).toEqual([]);
  } finally {
    await app.close();
    await db.drop();
  }
});
