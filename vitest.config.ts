import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

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
    // Most test files wait on sockets, servers and child processes rather than compute: two at a time even on two
    // cores (vitest's default there is one), which took the SQLite run from 378 s to 261 s on the project machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
