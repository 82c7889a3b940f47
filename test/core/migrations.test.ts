import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { Migration0014PluginQuality as PostgresMigration0014 } from '../../server/migrations/postgresql/0014-plugin-quality.js';
import { Migration0014PluginQuality } from '../../server/migrations/sqlite/0014-plugin-quality.js';
import { SQLITE_MIGRATIONS } from '../../server/migrations/sqlite/index.js';
import { needsBuild, ROOT } from '../helpers/build.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Opens (creating and migrating) a SQLite file in a process of its own, through the built initOrm, at the moment
 * `at` (ms since the epoch): the processes load at different speeds, and the race is in what they do next.
 */
function openInProcess(file: string, at: number): Promise<{ code: number | null; stderr: string }> {
  const script = `const { initOrm } = await import(${JSON.stringify(path.join(ROOT, 'dist/server/orm.js'))});
    while (Date.now() < ${at}) await new Promise((resolve) => setTimeout(resolve, 1));
    const orm = await initOrm({ kind: 'sqlite', file: ${JSON.stringify(file)} });
    await orm.close();`;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT }, (err, _stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? null) : 0, stderr }));
  });
}

// The file is SQLite whatever the suite's database: one run of it is enough.
describe.runIf(TEST_DIALECT === 'sqlite')('SQLite migrations', () => {
  needsBuild();

  it('apply once when several processes open the same new file at the same moment', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `race-${round}`, 'registry.db');
      const at = Date.now() + 3000;
      const runs = await Promise.all([openInProcess(file, at), openInProcess(file, at), openInProcess(file, at)]);
      for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
      const db = new Database(file, { readonly: true });
      try {
        const names = db.prepare('select name from mikro_orm_migrations order by id').pluck().all();
        expect(names).toHaveLength(SQLITE_MIGRATIONS.length);
        expect(new Set(names).size).toBe(SQLITE_MIGRATIONS.length);
      } finally {
        db.close();
      }
    }
  });
});

/** The statements a migration's `up` adds, without a database connection behind it. */
function statementsOf<M extends { up(): void }>(migrationClass: { prototype: M }): string[] {
  const sql: string[] = [];
  Object.assign(Object.create(migrationClass.prototype) as M, { addSql: (s: string) => sql.push(s) }).up();
  return sql;
}

/** Plugins whose current versions passed conformance, failed it (an older version passed) and predate quality. */
const quality = (score: number, passed: boolean) => JSON.stringify({ score, items: [{ id: 'license', passed: true }, { id: 'conformance', passed }] });
const VERSIONS: [string, string, string | null][] = [
  ['tested', '1.0.0', quality(78, true)],
  ['failed', '2.0.0', quality(56, false)],
  ['failed', '1.0.0', quality(99, true)],
  ['old', '1.0.0', null],
];

describe.runIf(TEST_DIALECT === 'sqlite')('migration 0014', () => {
  it("fills each plugin's quality_score and tested from its current version's quality", () => {
    const db = new Database(':memory:');
    try {
      db.exec('create table `plugin` (`id` text, `version` text); create table `plugin_version` (`plugin_id` text, `version` text, `quality` json)');
      db.exec(`insert into plugin values ('tested', '1.0.0'), ('failed', '2.0.0'), ('old', '1.0.0')`);
      const insert = db.prepare('insert into plugin_version values (?, ?, ?)');
      for (const row of VERSIONS) insert.run(...row);
      for (const statement of statementsOf(Migration0014PluginQuality)) db.exec(statement);
      expect(db.prepare('select id, quality_score, tested from plugin order by id').all()).toEqual([
        { id: 'failed', quality_score: 56, tested: 0 },
        { id: 'old', quality_score: null, tested: 0 },
        { id: 'tested', quality_score: 78, tested: 1 },
      ]);
    } finally {
      db.close();
    }
  });
});

describe.runIf(TEST_DIALECT === 'postgresql')('migration 0014 on PostgreSQL', () => {
  it("fills each plugin's quality_score and tested from its current version's quality", async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: (db.config as { url: string }).url });
    await client.connect();
    try {
      await client.query('create table "plugin" ("id" text, "version" text); create table "plugin_version" ("plugin_id" text, "version" text, "quality" jsonb)');
      await client.query(`insert into "plugin" values ('tested', '1.0.0'), ('failed', '2.0.0'), ('old', '1.0.0')`);
      for (const row of VERSIONS) await client.query('insert into "plugin_version" values ($1, $2, $3)', row);
      for (const statement of statementsOf(PostgresMigration0014)) await client.query(statement);
      expect((await client.query('select "id", "quality_score", "tested" from "plugin" order by "id"')).rows).toEqual([
        { id: 'failed', quality_score: 56, tested: false },
        { id: 'old', quality_score: null, tested: false },
        { id: 'tested', quality_score: 78, tested: true },
      ]);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});
