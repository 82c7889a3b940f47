import { it } from 'vitest';
import { TEST_DIALECT } from './database.js';

/**
 * A test that uses no database, or checks only what does not depend on it, in a file whose other tests do: it runs
 * once, in the SQLite project, and shows as skipped on PostgreSQL. (Whole files without a database are listed in
 * test/database-free.ts instead.)
 */
export const itOnce = it.skipIf(TEST_DIALECT !== 'sqlite');
