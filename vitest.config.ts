import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { configDefaults, defineConfig } from 'vitest/config';
import { DATABASE_FREE } from './test/database-free.js';

// esbuild emits no decorator metadata, which MikroORM and type-graphql read: compile with SWC instead.
const require = createRequire(import.meta.url);

export default defineConfig({
  // Node loads graphql's CommonJS build for type-graphql and Apollo; Vite would hand our sources its .mjs
  // build, and graphql refuses to mix two copies. Point everything at the one Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  plugins: [
    swc.vite({
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true, tsx: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false, react: { runtime: 'automatic' } },
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Names the run for test/helpers/build.ts: the few tests that run dist/ build it once, the rest never wait for it.
    globalSetup: ['test/global-setup.ts'],
    // The suite runs once per database, both in this one process (`--project sqlite` or `--project postgres` for one):
    // test/helpers/database.ts reads TEST_DATABASE. `npm test` (test/suites.mjs) leaves PostgreSQL out when no server
    // answers, and prints one closing line per database (test/summary-reporter.ts). Files that use no database run
    // in the SQLite project only (test/database-free.ts).
    projects: [
      { extends: true, test: { name: 'sqlite', env: { TEST_DATABASE: 'sqlite' } } },
      { extends: true, test: { name: 'postgres', env: { TEST_DATABASE: 'postgres' }, exclude: [...configDefaults.exclude, ...DATABASE_FREE] } },
    ],
    reporters: ['default', './test/summary-reporter.ts'],
    // Most test files wait on sockets, servers, browsers and child processes rather than compute: the two databases'
    // files share the workers, several at a time even on two cores (vitest's default there is one).
    maxWorkers: Number(process.env.TEST_WORKERS) || Math.max(4, availableParallelism() + 1),
    // A worker keeps the modules it loaded from one file to the next rather than importing the server afresh for
    // each: a third of the suite's CPU went on those imports. Files share no state through them: each builds its own
    // app, database and servers, restores what it fakes, and test/helpers answer rather than throw when a server they
    // stand in front of is already gone.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
