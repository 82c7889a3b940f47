import 'reflect-metadata';
import { loadConfig, type Config } from '../config.js';
import { initOrm, type Em, type Orm } from '../orm.js';

/** The settings a maintenance command reads (DATABASE_URL…) and where it says what failed. */
export interface ToolIo {
  env: NodeJS.ProcessEnv;
  err(line: string): void;
}

export const PROCESS_IO: ToolIo & { out(line: string): void } = { env: process.env, out: (line) => console.log(line), err: (line) => console.error(line) };

/**
 * Runs a maintenance command against the database named by DATABASE_URL (migrated first), printing a failure as
 * one clear line; false when it failed.
 */
export async function onDatabase(io: ToolIo, run: (em: Em, orm: Orm, config: Config) => Promise<void>): Promise<boolean> {
  let orm: Orm | undefined;
  try {
    const config = loadConfig([], io.env);
    orm = await initOrm(config.database);
    await run(orm.em.fork() as Em, orm, config);
    return true;
  } catch (err) {
    io.err(`error: ${(err as Error).message}`);
    return false;
  } finally {
    await orm?.close();
  }
}

/** `onDatabase` as the process: exits non-zero on failure. */
export async function withDatabase(run: (em: Em, orm: Orm, config: Config) => Promise<void>): Promise<void> {
  if (!(await onDatabase(PROCESS_IO, run))) process.exitCode = 1;
}
