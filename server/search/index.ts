import type { Config } from '../config.js';
import { sqliteClient, type Orm } from '../orm.js';
import { PostgresSearchIndex } from './postgresql.js';
import type { SearchIndex } from './search.js';
import { SqliteSearchIndex } from './sqlite.js';

/** The search index of the configured database. */
export async function createSearchIndex(orm: Orm, config: Config): Promise<SearchIndex> {
  return config.database.kind === 'sqlite'
    ? new SqliteSearchIndex(await sqliteClient(orm), config.searchMaxResults)
    : new PostgresSearchIndex(orm, config.searchMaxResults);
}
