import { Migration } from '@mikro-orm/migrations';

/** Reviews and analytics: stars, review flags, download de-duplication, countries, installations, telemetry. */
export class Migration0003Community extends Migration {
  override name = '0003-community';

  override up(): void {
    this.addSql(`create table \`download_country_daily\` (\`plugin_id\` text not null, \`day\` text not null, \`country\` text not null, \`count\` integer not null default 0, primary key (\`plugin_id\`, \`day\`, \`country\`))`);
    this.addSql(`create table \`download_seen\` (\`plugin_id\` text not null, \`version\` text not null, \`day\` text not null, \`client\` text not null, primary key (\`plugin_id\`, \`version\`, \`day\`, \`client\`))`);
    this.addSql(`create index \`download_seen_day_index\` on \`download_seen\` (\`day\`)`);
    this.addSql(`create table \`installation\` (\`plugin_id\` text not null, \`client\` text not null, \`version\` text not null, \`country\` text not null, \`user_id\` integer null, \`installed_at\` datetime not null, \`removed_at\` datetime null, primary key (\`plugin_id\`, \`client\`))`);
    this.addSql(`create index \`installation_user_id_plugin_id_index\` on \`installation\` (\`user_id\`, \`plugin_id\`)`);
    this.addSql(`create index \`installation_plugin_id_removed_at_index\` on \`installation\` (\`plugin_id\`, \`removed_at\`)`);
    this.addSql(`create table \`telemetry_daily\` (\`plugin_id\` text not null, \`version\` text not null, \`day\` text not null, \`requests\` integer not null default 0, \`errors\` integer not null default 0, primary key (\`plugin_id\`, \`version\`, \`day\`))`);
    this.addSql(`create table \`star\` (\`plugin_id\` text not null, \`user_id\` integer not null, \`created_at\` datetime not null, primary key (\`plugin_id\`, \`user_id\`), constraint \`star_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on update cascade on delete cascade, constraint \`star_user_id_foreign\` foreign key (\`user_id\`) references \`user\` (\`id\`) on update cascade on delete cascade)`);
    this.addSql(`create index \`star_plugin_id_index\` on \`star\` (\`plugin_id\`)`);
    this.addSql(`create index \`star_user_id_index\` on \`star\` (\`user_id\`)`);
    this.addSql(`create table \`review_flag\` (\`review_id\` integer not null, \`user_id\` integer not null, \`reason\` text not null, \`resolved\` integer not null default false, \`created_at\` datetime not null, primary key (\`review_id\`, \`user_id\`), constraint \`review_flag_review_id_foreign\` foreign key (\`review_id\`) references \`review\` (\`id\`) on update cascade on delete cascade, constraint \`review_flag_user_id_foreign\` foreign key (\`user_id\`) references \`user\` (\`id\`) on update cascade on delete cascade)`);
    this.addSql(`create index \`review_flag_review_id_index\` on \`review_flag\` (\`review_id\`)`);
    this.addSql(`create index \`review_flag_user_id_index\` on \`review_flag\` (\`user_id\`)`);
    this.addSql(`alter table \`review\` add column \`open_flags\` integer not null default 0`);
    this.addSql(`create index \`review_open_flags_index\` on \`review\` (\`open_flags\`)`);
  }
}
