import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runAdmin } from '../../server/tools/admin.js';
import { initOrm, type Orm } from '../../server/orm.js';
import { ROOT } from './build.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface AdminRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built `npm run admin` (only binary smoke tests run it; the rest call `runAdmin` in-process). */
export const ADMIN_BIN = path.join(ROOT, 'dist/server/tools/admin-main.js');

/**
 * `npm run admin -- …` on a database of the calling test file's own (a SQLite file in a temporary folder, or a new
 * PostgreSQL database), created and migrated before the first command: concurrent commands on a fresh SQLite file
 * would race to migrate it. `admin(…)` runs `runAdmin` in-process with the lines it prints captured; `binary(…)` the
 * built process.
 */
export function adminSetup(name: string) {
  const setup = {
    dir: '',
    db: undefined as unknown as TestDatabase,
    env: {} as NodeJS.ProcessEnv,
    async admin(...args: string[]): Promise<AdminRun> {
      let stdout = '';
      let stderr = '';
      const code = await runAdmin(args, { env: setup.env, out: (line) => void (stdout += `${line}\n`), err: (line) => void (stderr += `${line}\n`) });
      return { code, stdout, stderr };
    },
    binary(...args: string[]): Promise<AdminRun> {
      return new Promise((resolve) => {
        execFile(process.execPath, [ADMIN_BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...setup.env } }, (err, stdout, stderr) => {
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
        });
      });
    },
    /** The ORM on the database, for a look at what the commands wrote. */
    async read<T>(look: (orm: Orm) => Promise<T>): Promise<T> {
      const orm = await initOrm(setup.db.config);
      try {
        return await look(orm);
      } finally {
        await orm.close();
      }
    },
  };
  beforeAll(async () => {
    setup.dir = fs.mkdtempSync(path.join(os.tmpdir(), `loom-${name}-`));
    setup.db = await createTestDatabase({ file: path.join(setup.dir, 'registry.db') });
    setup.env = { DATABASE_URL: setup.db.config.kind === 'sqlite' ? setup.db.config.file : setup.db.config.url };
    await (await initOrm(setup.db.config)).close();
  });
  afterAll(async () => {
    await setup.db?.drop();
    fs.rmSync(setup.dir, { recursive: true, force: true });
  });
  return setup;
}
