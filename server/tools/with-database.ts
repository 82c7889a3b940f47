import 'reflect-metadata';
import { loadConfig, type Config } from '../config.js';
import { initOrm, type Em, type Orm } from '../orm.js';

/**
 * Runs a maintenance command against the database named by DATABASE_URL (migrated first),
 * printing a clear message and exiting non-zero on failure.
 */
export async function withDatabase(run: (em: Em, orm: Orm, config: Config) => Promise<void>): Promise<void> {
  let orm: Orm | undefined;
  try {
    const config = loadConfig([], process.env);
    orm = await initOrm(config.database);
    await run(orm.em.fork() as Em, orm, config);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await orm?.close();
  }
}
