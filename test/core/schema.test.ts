import fs from 'node:fs';
import { expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { printSchemaSdl } from '../../server/schema.js';

it('schema.graphql is the schema the code builds (run `npm run schema` after changing the API)', async () => {
  const committed = fs.readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
  expect(committed).toBe(await printSchemaSdl());
});

it('the migrations create exactly the schema the entities describe', async () => {
  const app = await createApp(loadConfig([], {}, { database: { kind: 'sqlite', file: ':memory:' }, logLevel: 'silent', seed: false }));
  try {
    const diff = await app.orm.schema.getUpdateSchemaSQL({ wrap: false, dropTables: false });
    // The comparator knows only entity-declared triggers; the migrations add the search-index and
    // data-version triggers by hand, so it proposes dropping exactly those and nothing else.
    const triggers = new RegExp(`^drop trigger if exists \`(plugin_fts_(insert|update|delete)|(plugin|plugin_version|review|plugin_tag)_(insert|update|delete)_data_version)\`;$`);
    // It also cannot read back per-column sort order and collation on SQLite, so it proposes dropping and
    // recreating the sort indexes: accept that only when the recreated index is exactly the migration's.
    const migration = ['0001-initial', '0002-publishing', '0003-community'].map((m) => fs.readFileSync(new URL(`../../server/migrations/sqlite/${m}.ts`, import.meta.url), 'utf8')).join('\n').replaceAll('\\`', '`');
    const lines = diff.split('\n').filter((line) => line.trim() !== '' && !triggers.test(line));
    const recreated = new Set(lines.filter((l) => l.startsWith('create index') && migration.includes(l.replace(/;$/, ''))).map((l) => /`(\w+)`/.exec(l)![1]));
    const rest = lines.filter((l) => !recreated.has(/^(?:drop|create) index `(\w+)`/.exec(l)?.[1] ?? ''));
    expect(rest).toEqual([]);
    expect(recreated.size).toBeLessThanOrEqual(4);
  } finally {
    await app.close();
  }
});
