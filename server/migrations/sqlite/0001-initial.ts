import { Migration } from '@mikro-orm/migrations';

/** The domain tables (as MikroORM generates them for the entities), the FTS5 search index and the data version. */
export class Migration0001Initial extends Migration {
  override name = '0001-initial';

  override up(): void {
    this.addSql(`create table \`download_daily\` (\`plugin_id\` text not null, \`version\` text not null, \`day\` text not null, \`count\` integer not null default 0, primary key (\`plugin_id\`, \`version\`, \`day\`))`);
    this.addSql(`create index \`download_daily_plugin_id_day_index\` on \`download_daily\` (\`plugin_id\`, \`day\`)`);
    this.addSql(`create table \`user\` (\`id\` integer not null primary key autoincrement, \`username\` text not null, \`display_name\` text not null, \`email\` text not null, \`role\` text check (\`role\` in ('user', 'reviewer', 'admin')) not null default 'user', \`created_at\` datetime not null)`);
    this.addSql(`create unique index \`user_username_unique\` on \`user\` (\`username\`)`);
    this.addSql(`create unique index \`user_email_unique\` on \`user\` (\`email\`)`);
    this.addSql(`create table \`submission\` (\`id\` text not null primary key, \`plugin_id\` text not null, \`version\` text not null, \`status\` text check (\`status\` in ('pending_review', 'in_review', 'changes_requested', 'approved', 'rejected')) not null default 'pending_review', \`payload\` json not null, \`checks\` json not null, \`submitter_id\` integer not null, \`reviewer_id\` integer null, \`notes\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`reviewed_at\` datetime null, constraint \`submission_submitter_id_foreign\` foreign key (\`submitter_id\`) references \`user\` (\`id\`) on delete cascade, constraint \`submission_reviewer_id_foreign\` foreign key (\`reviewer_id\`) references \`user\` (\`id\`) on delete set null)`);
    this.addSql(`create index \`submission_submitter_id_index\` on \`submission\` (\`submitter_id\`)`);
    this.addSql(`create index \`submission_reviewer_id_index\` on \`submission\` (\`reviewer_id\`)`);
    this.addSql(`create index \`submission_plugin_id_version_index\` on \`submission\` (\`plugin_id\`, \`version\`)`);
    this.addSql(`create index \`submission_status_created_at_index\` on \`submission\` (\`status\`, \`created_at\`)`);
    this.addSql(`create table \`plugin\` (\`id\` text not null primary key, \`name\` text not null, \`provider_type\` text not null, \`description\` text not null, \`author\` text not null, \`license\` text not null, \`homepage\` text not null, \`repository\` text not null, \`documentation_url\` text null, \`tags\` json not null, \`capabilities\` json not null, \`category\` text check (\`category\` in ('official', 'verified', 'community', 'enterprise', 'experimental')) not null default 'community', \`verified\` integer not null default false, \`install_type\` text not null, \`manifest_url\` text not null, \`docker_image\` text null, \`screenshots\` json not null, \`owner_id\` integer null, \`published_at\` datetime not null, \`updated_at\` datetime not null, \`deprecated_message\` text null, \`deprecated_replacement\` text null, \`version\` text not null, \`downloads\` integer not null default 0, \`imported_downloads\` integer not null default 0, \`rating_count\` integer not null default 0, \`rating_sum\` double not null default 0, \`imported_rating_count\` integer not null default 0, \`imported_rating_sum\` double not null default 0, \`histogram\` json not null, \`rating_score\` double not null default 3.5, \`stars\` integer not null default 0, constraint \`plugin_owner_id_foreign\` foreign key (\`owner_id\`) references \`user\` (\`id\`) on delete set null)`);
    this.addSql(`create index \`plugin_owner_id_index\` on \`plugin\` (\`owner_id\`)`);
    this.addSql(`create index \`plugin_provider_type_index\` on \`plugin\` (\`provider_type\`)`);
    this.addSql(`create index \`plugin_name_index\` on \`plugin\` (\`name\` collate nocase, \`id\`)`);
    this.addSql(`create index \`plugin_updated_index\` on \`plugin\` (\`updated_at\` DESC, \`id\`)`);
    this.addSql(`create index \`plugin_rating_index\` on \`plugin\` (\`rating_score\` DESC, \`rating_count\` DESC, \`id\`)`);
    this.addSql(`create index \`plugin_downloads_index\` on \`plugin\` (\`downloads\` DESC, \`id\`)`);
    this.addSql(`create table \`review\` (\`id\` integer not null primary key autoincrement, \`plugin_id\` text not null, \`user_id\` integer not null, \`rating\` integer not null, \`comment\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`hidden\` integer not null default false, \`hidden_reason\` text null, constraint \`review_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on delete cascade, constraint \`review_user_id_foreign\` foreign key (\`user_id\`) references \`user\` (\`id\`) on delete cascade)`);
    this.addSql(`create index \`review_plugin_id_index\` on \`review\` (\`plugin_id\`)`);
    this.addSql(`create index \`review_user_id_index\` on \`review\` (\`user_id\`)`);
    this.addSql(`create index \`review_plugin_id_created_at_index\` on \`review\` (\`plugin_id\`, \`created_at\`)`);
    this.addSql(`create unique index \`review_plugin_id_user_id_unique\` on \`review\` (\`plugin_id\`, \`user_id\`)`);
    this.addSql(`create table \`plugin_version\` (\`id\` integer not null primary key autoincrement, \`plugin_id\` text not null, \`version\` text not null, \`published_at\` datetime not null, \`changes\` text not null default '', \`manifest\` text not null, \`sha256\` text not null, \`prerelease\` integer not null default false, \`yanked_reason\` text null, \`yanked_at\` datetime null, constraint \`plugin_version_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on delete cascade)`);
    this.addSql(`create index \`plugin_version_plugin_id_index\` on \`plugin_version\` (\`plugin_id\`)`);
    this.addSql(`create unique index \`plugin_version_plugin_id_version_unique\` on \`plugin_version\` (\`plugin_id\`, \`version\`)`);
    this.addSql(`create table \`plugin_tag\` (\`plugin_id\` text not null, \`tag\` text not null, primary key (\`plugin_id\`, \`tag\`), constraint \`plugin_tag_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on delete cascade)`);
    this.addSql(`create index \`plugin_tag_plugin_id_index\` on \`plugin_tag\` (\`plugin_id\`)`);
    this.addSql(`create index \`plugin_tag_tag_index\` on \`plugin_tag\` (\`tag\`)`);
    this.addSql(`create table \`api_key\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`name\` text not null, \`prefix\` text not null, \`hash\` text not null, \`scopes\` json not null, \`expires_at\` datetime null, \`revoked_at\` datetime null, \`last_used_at\` datetime null, \`created_at\` datetime not null, constraint \`api_key_user_id_foreign\` foreign key (\`user_id\`) references \`user\` (\`id\`) on delete cascade)`);
    this.addSql(`create index \`api_key_user_id_index\` on \`api_key\` (\`user_id\`)`);
    this.addSql(`create unique index \`api_key_hash_unique\` on \`api_key\` (\`hash\`)`);
    this.addSql(`create index \`api_key_created_at_index\` on \`api_key\` (\`created_at\`)`);

    // Search index: one row a plugin, kept in sync by triggers. Columns after plugin_id are ranked by the bm25
    // weights set below: id and name above tags above description and author. remove_diacritics folds accents,
    // unicode61 folds case, and the prefix indexes make 2- and 3-letter type-ahead cheap.
    this.addSql(`create virtual table \`plugin_fts\` using fts5(plugin_id unindexed, ident, name, tags, description, author, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
    this.addSql(`insert into \`plugin_fts\` (\`plugin_fts\`, rank) values ('rank', 'bm25(0.0, 10.0, 8.0, 4.0, 1.0, 1.0)')`);
    this.addSql(`create trigger \`plugin_fts_insert\` after insert on \`plugin\` begin
      insert into \`plugin_fts\` (plugin_id, ident, name, tags, description, author)
      values (new.id, new.id, new.name, (select group_concat(value, ' ') from json_each(new.tags)), new.description, new.author);
    end`);
    this.addSql(`create trigger \`plugin_fts_delete\` after delete on \`plugin\` begin
      delete from \`plugin_fts\` where plugin_id = old.id;
    end`);
    this.addSql(`create trigger \`plugin_fts_update\` after update of id, name, tags, description, author on \`plugin\` begin
      delete from \`plugin_fts\` where plugin_id = old.id;
      insert into \`plugin_fts\` (plugin_id, ident, name, tags, description, author)
      values (new.id, new.id, new.name, (select group_concat(value, ' ') from json_each(new.tags)), new.description, new.author);
    end`);

    // The data version: bumped by every write to what the public reads, so caches and ETags follow the data.
    this.addSql(`create table \`registry_meta\` (\`key\` text not null primary key, \`value\` integer not null)`);
    this.addSql(`insert into \`registry_meta\` (\`key\`, \`value\`) values ('data_version', 1)`);
    for (const table of ['plugin', 'plugin_version', 'review', 'plugin_tag']) {
      for (const event of ['insert', 'update', 'delete']) {
        this.addSql(`create trigger \`${table}_${event}_data_version\` after ${event} on \`${table}\` begin
          update \`registry_meta\` set \`value\` = \`value\` + 1 where \`key\` = 'data_version';
        end`);
      }
    }
  }
}
