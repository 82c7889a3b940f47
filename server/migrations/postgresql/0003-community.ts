import { Migration } from '@mikro-orm/migrations';

/** Reviews and analytics: stars, review flags, download de-duplication, countries, installations, telemetry. (PostgreSQL twin of the SQLite migration of the same name.) */
export class Migration0003Community extends Migration {
  override name = '0003-community';

  override up(): void {
    this.addSql(`create table "download_country_daily" ("plugin_id" varchar(64) not null, "day" varchar(10) not null, "country" varchar(8) not null, "count" int not null default 0, primary key ("plugin_id", "day", "country"))`);
    this.addSql(`create table "download_seen" ("plugin_id" varchar(64) not null, "version" varchar(128) not null, "day" varchar(10) not null, "client" varchar(64) not null, primary key ("plugin_id", "version", "day", "client"))`);
    this.addSql(`create index "download_seen_day_index" on "download_seen" ("day")`);
    this.addSql(`create table "installation" ("plugin_id" varchar(64) not null, "client" varchar(64) not null, "version" varchar(128) not null, "country" varchar(8) not null, "user_id" int null, "installed_at" timestamptz not null, "removed_at" timestamptz null, primary key ("plugin_id", "client"))`);
    this.addSql(`create index "installation_user_id_plugin_id_index" on "installation" ("user_id", "plugin_id")`);
    this.addSql(`create index "installation_plugin_id_removed_at_index" on "installation" ("plugin_id", "removed_at")`);
    this.addSql(`create table "telemetry_daily" ("plugin_id" varchar(64) not null, "version" varchar(128) not null, "day" varchar(10) not null, "requests" int not null default 0, "errors" int not null default 0, primary key ("plugin_id", "version", "day"))`);
    this.addSql(`create table "star" ("plugin_id" varchar(64) not null, "user_id" int not null, "created_at" timestamptz not null, primary key ("plugin_id", "user_id"))`);
    this.addSql(`create table "review_flag" ("review_id" int not null, "user_id" int not null, "reason" varchar(500) not null, "resolved" boolean not null default false, "created_at" timestamptz not null, primary key ("review_id", "user_id"))`);
    this.addSql(`alter table "review" add "open_flags" int not null default 0`);
    this.addSql(`create index "review_open_flags_index" on "review" ("open_flags")`);
    this.addSql(`alter table "star" add constraint "star_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "star" add constraint "star_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "review_flag" add constraint "review_flag_review_id_foreign" foreign key ("review_id") references "review" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "review_flag" add constraint "review_flag_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade`);
  }
}
