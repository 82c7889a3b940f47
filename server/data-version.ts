import type { Orm } from './orm.js';

/**
 * The data version: a counter in `registry_meta` that database triggers bump on every write to what the
 * public reads. Response caches and ETags are keyed by it, so they follow writes from any process at once.
 */
export interface DataVersion {
  current(): Promise<number>;
}

export async function createDataVersion(orm: Orm): Promise<DataVersion> {
  const connection = orm.em.getConnection() as unknown as { getNativeClient(): Promise<import('better-sqlite3').Database> };
  const stmt = (await connection.getNativeClient()).prepare("select value from registry_meta where key = 'data_version'").pluck();
  return { current: async () => stmt.get() as number };
}
