// `npm test`: the whole suite on SQLite, then again on PostgreSQL when a server is reachable — required when
// CI=true, skipped with one line otherwise. `npm run test:pg` (--postgres) runs only PostgreSQL and requires it.
// Arguments after the flags go to vitest (`npm test -- test/core/search.test.ts`).
// Plain JavaScript so it runs before anything is built.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// must match test/helpers/database.ts
const PREFIX = 'loom_test_';
const STALE_MS = 60 * 60 * 1000;

const args = process.argv.slice(2);
const onlyPostgres = args[0] === '--postgres';
const vitestArgs = onlyPostgres ? args.slice(1) : args;
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** One line per database for the closing summary: `npm test` must not end on the PostgreSQL run alone. */
const summary = [];

function run(label, env) {
  console.log(`\n▶ test suite on ${label}\n`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [vitest, 'run', ...vitestArgs], { stdio: 'inherit', env: { ...process.env, ...env } });
  const status = result.status ?? 1;
  summary.push(`${status === 0 ? '✓ passed' : '✖ FAILED'}  ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
  return status;
}

/** Connects to the test server; on success drops databases left behind by runs killed an hour or more ago. */
async function reachPostgres() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('select datname from pg_database where starts_with(datname, $1)', [PREFIX]);
    for (const { datname } of rows) {
      const created = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (Date.now() - created > STALE_MS) await client.query(`drop database if exists "${datname}" with (force)`);
    }
    return undefined;
  } catch (err) {
    return err.code ?? err.message;
  } finally {
    await client.end().catch(() => {});
  }
}

let status = onlyPostgres ? 0 : run('SQLite', { TEST_DATABASE: 'sqlite' });
let postgresNote;
const where = new URL(POSTGRES_URL).host;
const problem = await reachPostgres();
if (problem === undefined) {
  status = run(`PostgreSQL (${where})`, { TEST_DATABASE: 'postgres' }) || status;
} else if (onlyPostgres || process.env.CI === 'true') {
  postgresNote = `✖ FAILED  PostgreSQL at ${where}: not reachable (${problem}), and ${onlyPostgres ? 'test:pg' : 'CI=true'} requires the suite to run on it too. Set TEST_POSTGRES_URL to point elsewhere.`;
  status = 1;
} else {
  postgresNote = `⚠ skipped  PostgreSQL at ${where}: not reachable (${problem}) (CI requires it; set TEST_POSTGRES_URL to point elsewhere).`;
}
if (postgresNote !== undefined) summary.push(postgresNote);
console.log(`\n■ npm test: ${status === 0 ? 'all suites passed' : 'a suite FAILED'}\n  ${summary.join('\n  ')}`);
process.exit(status);
