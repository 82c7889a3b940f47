import fs from 'node:fs';
import path from 'node:path';
import { MikroORM as SqliteORM, type SqliteDriver } from '@mikro-orm/sqlite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MikroORM, Options } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import type { DatabaseConfig } from './config.js';
import { ENTITIES } from './entities.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

export type Orm = MikroORM;
export type Em = EntityManager;

function baseOptions(): Partial<Options> {
  return {
    entities: ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    // Schema comes from migrations only, never from synchronising entities against a live database.
    ensureDatabase: false,
    allowGlobalContext: false,
    // Tables the migrations manage by hand (search index, data version), outside the entity model.
    schemaGenerator: { skipTables: [/^plugin_fts/, 'registry_meta'] },
    debug: false,
  };
}

/** Opens the database named by the config and brings its schema up to date with the bundled migrations. */
export interface OrmOptions {
  /** Called with every SQL statement the database runs (tests count statements with it). */
  onSql?: (sql: string) => void;
}

export async function initOrm(db: DatabaseConfig, options: OrmOptions = {}): Promise<Orm> {
  let orm: Orm;
  if (db.kind === 'sqlite') {
    if (db.file !== ':memory:') fs.mkdirSync(path.dirname(db.file), { recursive: true });
    orm = (await SqliteORM.init({
      ...baseOptions(),
      dbName: db.file,
      driverOptions: options.onSql ? { verbose: options.onSql } : {},
      migrations: { migrationsList: SQLITE_MIGRATIONS, transactional: true, snapshot: false, silent: true },
    } as Options<SqliteDriver>)) as unknown as Orm;
    const native = await (orm.em.getConnection() as unknown as { getNativeClient(): Promise<import('better-sqlite3').Database> }).getNativeClient();
    // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes in WAL mode.
    if (db.file !== ':memory:') native.pragma('journal_mode = WAL');
    native.pragma('synchronous = NORMAL');
    native.pragma('busy_timeout = 5000');
  } else {
    orm = (await PostgresORM.init({
      ...baseOptions(),
      clientUrl: db.url,
      migrations: { migrationsList: [], transactional: true, snapshot: false, silent: true },
    })) as unknown as Orm;
  }
  await orm.migrator.up();
  return orm;
}
