import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Migration0014PluginQuality } from '../../server/migrations/sqlite/0014-plugin-quality.js';
import { SQLITE_MIGRATIONS } from '../../server/migrations/sqlite/index.js';
import { needsBuild, ROOT } from '../helpers/build.js';
import { TEST_DIALECT } from '../helpers/database.js';

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

describe.runIf(TEST_DIALECT === 'sqlite')('migration 0014', () => {
  it("fills each plugin's quality_score and tested from its current version's quality", () => {
    const db = new Database(':memory:');
    try {
      db.exec('create table `plugin` (`id` text, `version` text); create table `plugin_version` (`plugin_id` text, `version` text, `quality` json)');
      db.exec(`insert into plugin values ('tested', '1.0.0'), ('failed', '2.0.0'), ('old', '1.0.0')`);
      const quality = (score: number, passed: boolean) => JSON.stringify({ score, items: [{ id: 'license', passed: true }, { id: 'conformance', passed }] });
      const insert = db.prepare('insert into plugin_version values (?, ?, ?)');
      insert.run('tested', '1.0.0', quality(78, true));
      insert.run('failed', '2.0.0', quality(56, false));
      insert.run('failed', '1.0.0', quality(99, true));
      insert.run('old', '1.0.0', null);
      const sql: string[] = [];
      const migration = Object.assign(Object.create(Migration0014PluginQuality.prototype) as Migration0014PluginQuality, { addSql: (s: string) => sql.push(s) });
      migration.up();
      for (const statement of sql) db.exec(statement);
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
