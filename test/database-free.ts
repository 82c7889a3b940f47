/**
 * Test files that use no database (pure functions, the CLI against static files, generated-file checks, Go and
 * plugin processes): they run in the SQLite project only, as running them again on PostgreSQL tests nothing more.
 * test/helpers/database.ts refuses to create a database for a file listed here, so the list cannot hide a file
 * that does use one from the PostgreSQL run.
 */
export const DATABASE_FREE = [
  'test/cli/add-local.test.ts',
  'test/cli/autoupdate-advisories.test.ts',
  'test/cli/dependencies.test.ts',
  'test/cli/progress.test.ts',
  'test/cli/resolve.test.ts',
  'test/cli/search-entries.test.ts',
  'test/client/codegen.test.ts',
  'test/core/catalog-index.test.ts',
  'test/core/config.test.ts',
  'test/core/domain.test.ts',
  'test/core/layering.test.ts',
  'test/plugins/conformance.test.ts',
  'test/plugins/echo-files.test.ts',
  'test/publishing/checks.test.ts',
  'test/publishing/policy.test.ts',
  'test/publishing/ssrf.test.ts',
  'test/tui/browser.test.ts',
  'test/tui/logic.test.ts',
];
