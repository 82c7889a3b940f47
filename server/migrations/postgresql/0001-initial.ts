import { Migration } from '@mikro-orm/migrations';

/** Tables whose writes change what the public reads: each bumps the data version. */
const VERSIONED_TABLES = ['plugin', 'plugin_version', 'review', 'plugin_tag'];

/**
 * The domain tables (as MikroORM generates them for the entities on PostgreSQL), the search vector with its
 * indexes and the data version: the PostgreSQL twin of ../sqlite/0001-initial.ts.
 */
export class Migration0001Initial extends Migration {
  override name = '0001-initial';

  override up(): void {
    // unaccent folds accents in the search configuration; pg_trgm serves fuzzy matching of ids and names.
    this.addSql(`create extension if not exists unaccent`);
    this.addSql(`create extension if not exists pg_trgm`);
    // The entities sort names with SQLite's "nocase" collation; this is PostgreSQL's case-insensitive twin, so the
    // same index definition and the same ORDER BY work on both databases.
    this.addSql(`create collation if not exists "nocase" (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`);

    this.addSql(`create table "download_daily" ("plugin_id" varchar(64) not null, "version" varchar(128) not null, "day" varchar(10) not null, "count" int not null default 0, primary key ("plugin_id", "version", "day"))`);
    this.addSql(`create index "download_daily_plugin_id_day_index" on "download_daily" ("plugin_id", "day")`);
    this.addSql(`create table "user" ("id" serial primary key, "username" varchar(64) not null, "display_name" varchar(128) not null, "email" varchar(254) not null, "role" text not null default 'user', "created_at" timestamptz not null)`);
    this.addSql(`alter table "user" add constraint "user_username_unique" unique ("username")`);
    this.addSql(`alter table "user" add constraint "user_email_unique" unique ("email")`);
    this.addSql(`alter table "user" add constraint "user_role_check" check ("role" in ('user', 'reviewer', 'admin'))`);
    this.addSql(`create table "submission" ("id" varchar(32) not null, "plugin_id" varchar(64) not null, "version" varchar(128) not null, "status" text not null default 'pending_review', "payload" jsonb not null, "checks" jsonb not null, "submitter_id" int not null, "reviewer_id" int null, "notes" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "reviewed_at" timestamptz null, primary key ("id"))`);
    this.addSql(`create index "submission_plugin_id_version_index" on "submission" ("plugin_id", "version")`);
    this.addSql(`create index "submission_status_created_at_index" on "submission" ("status", "created_at")`);
    this.addSql(`alter table "submission" add constraint "submission_status_check" check ("status" in ('pending_review', 'in_review', 'changes_requested', 'approved', 'rejected'))`);
    this.addSql(`create table "plugin" ("id" varchar(64) not null, "name" varchar(128) not null, "provider_type" varchar(64) not null, "description" text not null, "author" varchar(256) not null, "license" varchar(64) not null, "homepage" varchar(2048) not null, "repository" varchar(2048) not null, "documentation_url" varchar(2048) null, "tags" jsonb not null, "capabilities" jsonb not null, "category" text not null default 'community', "verified" boolean not null default false, "install_type" varchar(16) not null, "manifest_url" varchar(2048) not null, "docker_image" varchar(256) null, "screenshots" jsonb not null, "owner_id" int null, "published_at" timestamptz not null, "updated_at" timestamptz not null, "deprecated_message" text null, "deprecated_replacement" varchar(64) null, "version" varchar(128) not null, "downloads" int not null default 0, "imported_downloads" int not null default 0, "rating_count" int not null default 0, "rating_sum" double precision not null default 0, "imported_rating_count" int not null default 0, "imported_rating_sum" double precision not null default 0, "histogram" jsonb not null, "rating_score" double precision not null default 3.5, "stars" int not null default 0, primary key ("id"))`);
    this.addSql(`create index "plugin_provider_type_index" on "plugin" ("provider_type")`);
    this.addSql(`create index "plugin_name_index" on "plugin" ("name" collate "nocase", "id")`);
    this.addSql(`create index "plugin_updated_index" on "plugin" ("updated_at" DESC, "id")`);
    this.addSql(`create index "plugin_rating_index" on "plugin" ("rating_score" DESC, "rating_count" DESC, "id")`);
    this.addSql(`create index "plugin_downloads_index" on "plugin" ("downloads" DESC, "id")`);
    this.addSql(`alter table "plugin" add constraint "plugin_category_check" check ("category" in ('official', 'verified', 'community', 'enterprise', 'experimental'))`);
    this.addSql(`create table "review" ("id" serial primary key, "plugin_id" varchar(64) not null, "user_id" int not null, "rating" int not null, "comment" text not null default '', "created_at" timestamptz not null, "updated_at" timestamptz not null, "hidden" boolean not null default false, "hidden_reason" text null)`);
    this.addSql(`create index "review_plugin_id_created_at_index" on "review" ("plugin_id", "created_at")`);
    this.addSql(`alter table "review" add constraint "review_plugin_id_user_id_unique" unique ("plugin_id", "user_id")`);
    this.addSql(`create table "plugin_version" ("id" serial primary key, "plugin_id" varchar(64) not null, "version" varchar(128) not null, "published_at" timestamptz not null, "changes" text not null default '', "manifest" text not null, "sha256" varchar(64) not null, "prerelease" boolean not null default false, "yanked_reason" text null, "yanked_at" timestamptz null)`);
    this.addSql(`alter table "plugin_version" add constraint "plugin_version_plugin_id_version_unique" unique ("plugin_id", "version")`);
    this.addSql(`create table "plugin_tag" ("plugin_id" varchar(64) not null, "tag" varchar(64) not null, primary key ("plugin_id", "tag"))`);
    this.addSql(`create index "plugin_tag_tag_index" on "plugin_tag" ("tag")`);
    this.addSql(`create table "api_key" ("id" serial primary key, "user_id" int not null, "name" varchar(128) not null, "prefix" varchar(16) not null, "hash" varchar(64) not null, "scopes" jsonb not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null, "created_at" timestamptz not null)`);
    this.addSql(`alter table "api_key" add constraint "api_key_hash_unique" unique ("hash")`);
    this.addSql(`create index "api_key_created_at_index" on "api_key" ("created_at")`);
    this.addSql(`alter table "submission" add constraint "submission_submitter_id_foreign" foreign key ("submitter_id") references "user" ("id") on delete cascade`);
    this.addSql(`alter table "submission" add constraint "submission_reviewer_id_foreign" foreign key ("reviewer_id") references "user" ("id") on delete set null`);
    this.addSql(`alter table "plugin" add constraint "plugin_owner_id_foreign" foreign key ("owner_id") references "user" ("id") on delete set null`);
    this.addSql(`alter table "review" add constraint "review_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on delete cascade`);
    this.addSql(`alter table "review" add constraint "review_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade`);
    this.addSql(`alter table "plugin_version" add constraint "plugin_version_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on delete cascade`);
    this.addSql(`alter table "plugin_tag" add constraint "plugin_tag_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on delete cascade`);
    this.addSql(`alter table "api_key" add constraint "api_key_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade`);

    // Search. Text is split where SQLite's unicode61 tokenizer splits it (every ASCII space and punctuation mark),
    // so `openai-plugin` and `api.openai.com` give the same words on both databases; the configuration is `simple`
    // (no stemming, no stop words, lower-cased) with accents folded by unaccent.
    this.addSql(`create function "registry_search_text"(text) returns text language sql immutable strict parallel safe
      as $$ select regexp_replace($1, '[[:space:]!-/:-@\\[-\`{-~]+', ' ', 'g') $$`);
    this.addSql(`create text search configuration "registry_search" (copy = simple)`);
    this.addSql(`alter text search configuration "registry_search" alter mapping for word, hword, hword_part, numword, numhword, hword_numpart with unaccent, simple`);
    // One stored vector a plugin, weighted like the bm25 weights of SQLite's index: id and name (A) above tags (B)
    // above description (C) and author (D). Generated, so it can never drift from the row.
    this.addSql(`alter table "plugin" add column "search_vector" tsvector not null generated always as (
      setweight(to_tsvector('registry_search', registry_search_text("id")), 'A') ||
      setweight(to_tsvector('registry_search', registry_search_text("name")), 'A') ||
      setweight(to_tsvector('registry_search', registry_search_text("tags"::text)), 'B') ||
      setweight(to_tsvector('registry_search', registry_search_text("description")), 'C') ||
      setweight(to_tsvector('registry_search', registry_search_text("author")), 'D')) stored`);
    this.addSql(`create index "plugin_search_vector_index" on "plugin" using gin ("search_vector")`);
    this.addSql(`create index "plugin_id_trgm_index" on "plugin" using gin ("id" gin_trgm_ops)`);
    this.addSql(`create index "plugin_name_trgm_index" on "plugin" using gin (lower("name") gin_trgm_ops)`);

    // The data version: bumped by every statement that writes what the public reads, in the writing transaction
    // (so it turns visible together with the data), and announced to every replica on commit. The empty payload
    // lets PostgreSQL fold a transaction's notifications into one.
    this.addSql(`create table "registry_meta" ("key" varchar(64) not null primary key, "value" bigint not null)`);
    this.addSql(`insert into "registry_meta" ("key", "value") values ('data_version', 1)`);
    this.addSql(`create function "registry_bump_data_version"() returns trigger language plpgsql as $$
      begin
        update "registry_meta" set "value" = "value" + 1 where "key" = 'data_version';
        perform pg_notify('registry_data_version', '');
        return null;
      end $$`);
    for (const table of VERSIONED_TABLES) {
      // per statement, not per row: a bulk import bumps the counter once per statement instead of once per row
      this.addSql(`create trigger "${table}_data_version" after insert or update or delete on "${table}"
        for each statement execute function "registry_bump_data_version"()`);
    }
  }
}
