import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../server/config.js';
import { DATABASE_FREE } from '../database-free.js';

/** Which database the suite runs on: SQLite unless TEST_DATABASE=postgres (what `npm run test:pg` sets). */
export const TEST_DIALECT: DatabaseConfig['kind'] = process.env.TEST_DATABASE === 'postgres' ? 'postgresql' : 'sqlite';

/** The server and a database on it that the suite may connect to, to create one database per test file. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Test databases are named with this prefix and their creation time, so leftovers of a killed run can be found. */
export const TEST_DATABASE_PREFIX = 'loom_test_';

export interface TestDatabase {
  config: DatabaseConfig;
  /** Removes the database (after every connection to it is closed). */
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, empty database for one test file: in memory on SQLite; on PostgreSQL a new database of its
 * own, so test files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(options: { file?: string } = {}): Promise<TestDatabase> {
  await refuseInDatabaseFreeFile();
  if (TEST_DIALECT === 'sqlite') return { config: { kind: 'sqlite', file: options.file ?? ':memory:' }, drop: async () => {} };
  const name = `${TEST_DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgresql', url: url.toString() },
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/** A file listed in test/database-free.ts runs in the SQLite project only: it must never open a database. */
async function refuseInDatabaseFreeFile(): Promise<void> {
  // outside vitest (`npm run fuzz`) there is no test file
  if (!process.env.VITEST) return;
  const { expect } = await import('vitest');
  const file = path.relative(process.cwd(), expect.getState().testPath ?? '').split(path.sep).join('/');
  if (DATABASE_FREE.includes(file)) throw new Error(`${file} is listed in test/database-free.ts (SQLite project only) but opens a database: take it off the list`);
}
