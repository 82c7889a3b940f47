import { Migration } from '@mikro-orm/migrations';

/**
 * Private reports about plugins (docs/trust.md, "Private reports"). No data-version trigger: a report changes
 * nothing any cached answer shows (an advisory published from one moves it through its own table). (PostgreSQL
 * twin of the SQLite migration of the same name.)
 */
export class Migration0016PluginReports extends Migration {
  override name = '0016-plugin-reports';

  override up(): void {
    this.addSql(`create table "plugin_report" ("id" varchar(36) not null primary key, "plugin_id" varchar(64) not null,
      "kind" text not null constraint "plugin_report_kind_check" check ("kind" in ('security', 'malware', 'abuse', 'license')),
      "status" text not null default 'open' constraint "plugin_report_status_check" check ("status" in ('open', 'closed', 'advisory')),
      "details" text not null, "contact" varchar(254) null, "reporter_id" int null, "token_hash" varchar(64) null, "note" text null,
      "advisory_id" varchar(32) null, "handled_by_id" int null, "created_at" timestamptz not null, "handled_at" timestamptz null,
      constraint "plugin_report_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on delete cascade,
      constraint "plugin_report_reporter_id_foreign" foreign key ("reporter_id") references "user" ("id") on delete set null,
      constraint "plugin_report_advisory_id_foreign" foreign key ("advisory_id") references "advisory" ("id") on delete set null,
      constraint "plugin_report_handled_by_id_foreign" foreign key ("handled_by_id") references "user" ("id") on delete set null)`);
    this.addSql('create index "plugin_report_plugin_id_index" on "plugin_report" ("plugin_id")');
    this.addSql('create index "plugin_report_reporter_id_index" on "plugin_report" ("reporter_id")');
  }
}
