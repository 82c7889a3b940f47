import { Migration } from '@mikro-orm/migrations';

/**
 * Private reports about plugins (docs/trust.md, "Private reports"). No data-version trigger: a report changes
 * nothing any cached answer shows (an advisory published from one moves it through its own table).
 */
export class Migration0016PluginReports extends Migration {
  override name = '0016-plugin-reports';

  override up(): void {
    this.addSql(`create table \`plugin_report\` (\`id\` text not null primary key, \`plugin_id\` text not null,
      \`kind\` text check (\`kind\` in ('security', 'malware', 'abuse', 'license')) not null,
      \`status\` text check (\`status\` in ('open', 'closed', 'advisory')) not null default 'open',
      \`details\` text not null, \`contact\` text null, \`reporter_id\` integer null, \`token_hash\` text null, \`note\` text null,
      \`advisory_id\` text null, \`handled_by_id\` integer null, \`created_at\` datetime not null, \`handled_at\` datetime null,
      constraint \`plugin_report_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on delete cascade,
      constraint \`plugin_report_reporter_id_foreign\` foreign key (\`reporter_id\`) references \`user\` (\`id\`) on delete set null,
      constraint \`plugin_report_advisory_id_foreign\` foreign key (\`advisory_id\`) references \`advisory\` (\`id\`) on delete set null,
      constraint \`plugin_report_handled_by_id_foreign\` foreign key (\`handled_by_id\`) references \`user\` (\`id\`) on delete set null)`);
    this.addSql('create index `plugin_report_plugin_id_index` on `plugin_report` (`plugin_id`)');
    this.addSql('create index `plugin_report_reporter_id_index` on `plugin_report` (`reporter_id`)');
    this.addSql('create index `plugin_report_advisory_id_index` on `plugin_report` (`advisory_id`)');
    this.addSql('create index `plugin_report_handled_by_id_index` on `plugin_report` (`handled_by_id`)');
  }
}
