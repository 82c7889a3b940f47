import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { sqliteClient, type Orm } from '../orm.js';
import { CatalogSearch } from './catalog-search.js';
import { PostgresChangeFeed, SqliteChangeFeed } from './change-feed.js';

/** The catalog's search index, in this process, following the configured database. */
export async function createSearchIndex(orm: Orm, config: Config, version: () => Promise<number>, log: Logger): Promise<CatalogSearch> {
  const feed = config.database.kind === 'sqlite' ? new SqliteChangeFeed(await sqliteClient(orm)) : new PostgresChangeFeed(orm);
  return CatalogSearch.open(feed, version, { maxResults: config.searchMaxResults, refreshMs: config.searchRefreshMs }, log);
}
