import { Migration } from '@mikro-orm/migrations';

/**
 * Counts on their own clock, and no row every writer locks. (PostgreSQL twin of the SQLite migration of the same name.)
 *
 * - `download_pending`: what flushes write (an append-only log: flushes of several replicas never wait on a row
 *   another transaction holds), moved into the totals and rollups the catalog shows once per counts refresh.
 * - Counts as bigint: exact to 2^53 in JavaScript, far beyond in the database.
 * - The data version in shards, one row per database session (`data_version:<backend pid>`) beside the base row
 *   `data_version`, and the version their sum: a transaction bumps only its own session's row, which no other
 *   transaction ever locks, so writes no longer queue on one shared row nor deadlock on it (a flush locked plugin
 *   rows then the counter, a review the counter then a plugin row). The sum still turns visible with the commit.
 */
export class Migration0007CountsClock extends Migration {
  override name = '0007-counts-clock';

  override up(): void {
    this.addSql(`create table "download_pending" ("id" bigint generated always as identity primary key, "plugin_id" varchar(64) not null, "version" varchar(128) not null, "day" varchar(10) not null, "country" varchar(8) not null, "count" bigint not null)`);
    this.addSql(`insert into "registry_meta" ("key", "value") values ('counts_published_at', 0) on conflict do nothing`);

    this.addSql(`alter table "plugin" alter column "downloads" type bigint, alter column "imported_downloads" type bigint, alter column "stars" type bigint, alter column "rating_count" type bigint, alter column "imported_rating_count" type bigint`);
    this.addSql(`alter table "download_daily" alter column "count" type bigint`);
    this.addSql(`alter table "download_country_daily" alter column "count" type bigint`);
    this.addSql(`alter table "telemetry_daily" alter column "requests" type bigint, alter column "errors" type bigint`);

    this.addSql(`create or replace function "registry_bump_data_version"() returns trigger language plpgsql as $$
      begin
        insert into "registry_meta" ("key", "value") values ('data_version:' || pg_backend_pid(), 1)
          on conflict ("key") do update set "value" = "registry_meta"."value" + 1;
        perform pg_notify('registry_data_version', '');
        return null;
      end $$`);
  }
}
