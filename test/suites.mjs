// `npm test`: the whole suite on SQLite and on PostgreSQL at once (two vitest projects in one run, their files
// sharing the workers; see vitest.config.ts). PostgreSQL is left out with one line when no server answers, except
// when CI=true, which requires it. `npm run test:pg` (--postgres) runs only PostgreSQL and requires it.
// Arguments after the flags go to vitest (`npm test -- test/core/search.test.ts`).
// Plain JavaScript so it runs before anything is built.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// must match test/helpers/database.ts
const PREFIX = 'loom_test_';
const STALE_MS = 60 * 60 * 1000;
const LABELS = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const args = process.argv.slice(2);
const onlyPostgres = args[0] === '--postgres';
const vitestArgs = onlyPostgres ? args.slice(1) : args;
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

/** One line per database run, from test/summary-reporter.ts's figures. */
function describe(run) {
  const ok = run.failed === 0 && run.failedFiles.length === 0;
  const counts = `${run.files} file${run.files === 1 ? '' : 's'}, ${run.passed} tests passed${run.failed ? `, ${run.failed} FAILED` : ''}${run.skipped ? `, ${run.skipped} skipped` : ''}`;
  const failing = run.failedFiles.length ? `; failing: ${run.failedFiles.join(', ')}` : '';
  return `${ok ? '✓ passed' : '✖ FAILED'}  ${LABELS[run.project] ?? run.project} (${counts})${failing}`;
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

const where = new URL(POSTGRES_URL).host;
const problem = await reachPostgres();
const projects = [];
const notes = [];
let status = 0;
if (!onlyPostgres) projects.push('sqlite');
if (problem === undefined) {
  projects.push('postgres');
} else if (onlyPostgres || process.env.CI === 'true') {
  notes.push(`✖ FAILED  PostgreSQL at ${where}: not reachable (${problem}), and ${onlyPostgres ? 'test:pg' : 'CI=true'} requires the suite to run on it too. Set TEST_POSTGRES_URL to point elsewhere.`);
  status = 1;
} else {
  notes.push(`⚠ skipped  PostgreSQL at ${where}: not reachable (${problem}) (CI requires it; set TEST_POSTGRES_URL to point elsewhere).`);
}

const started = Date.now();
const summaryFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loom-test-summary-')), 'summary.json');
if (projects.length > 0) {
  console.log(`\n▶ test suite on ${projects.map((p) => LABELS[p]).join(' and ')}${problem === undefined ? ` (PostgreSQL at ${where})` : ''}\n`);
  const result = spawnSync(process.execPath, [vitest, 'run', ...projects.flatMap((p) => ['--project', p]), ...vitestArgs], {
    stdio: 'inherit',
    env: { ...process.env, LOOM_TEST_SUMMARY: summaryFile },
  });
  status = result.status || status || (result.status === null ? 1 : 0);
}
const runs = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : [];
fs.rmSync(path.dirname(summaryFile), { recursive: true, force: true });
const lines = runs.sort((a, b) => projects.indexOf(a.project) - projects.indexOf(b.project)).map(describe);
// vitest stopped before its reporters ran (a crash, a bad argument): say so rather than print nothing
if (projects.length > 0 && runs.length === 0) lines.push(`✖ FAILED  vitest ended (exit ${status}) before reporting a result for ${projects.map((p) => LABELS[p]).join(' or ')}`);
lines.push(...notes);
console.log(`\n■ npm test: ${status === 0 ? 'all suites passed' : 'a suite FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n  ${lines.join('\n  ')}`);
process.exit(status);
