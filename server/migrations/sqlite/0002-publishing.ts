import { Migration } from '@mikro-orm/migrations';

/** Accounts and publishing: maintainers, the audit log, idempotent submissions, background check state. */
export class Migration0002Publishing extends Migration {
  override name = '0002-publishing';

  override up(): void {
    this.addSql(`create table \`idempotency_record\` (\`user_id\` integer not null, \`key\` text not null, \`request_hash\` text not null, \`response\` json not null, \`created_at\` datetime not null, primary key (\`user_id\`, \`key\`))`);
    this.addSql(`create table \`plugin_maintainer\` (\`plugin_id\` text not null, \`user_id\` integer not null, \`added_at\` datetime not null, primary key (\`plugin_id\`, \`user_id\`), constraint \`plugin_maintainer_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on update cascade on delete cascade, constraint \`plugin_maintainer_user_id_foreign\` foreign key (\`user_id\`) references \`user\` (\`id\`) on update cascade on delete cascade)`);
    this.addSql(`create index \`plugin_maintainer_plugin_id_index\` on \`plugin_maintainer\` (\`plugin_id\`)`);
    this.addSql(`create index \`plugin_maintainer_user_id_index\` on \`plugin_maintainer\` (\`user_id\`)`);
    this.addSql(`create table \`audit_entry\` (\`id\` integer not null primary key autoincrement, \`actor_id\` integer null, \`action\` text not null, \`target\` text not null, \`details\` json not null, \`created_at\` datetime not null, constraint \`audit_entry_actor_id_foreign\` foreign key (\`actor_id\`) references \`user\` (\`id\`) on delete set null)`);
    this.addSql(`create index \`audit_entry_actor_id_index\` on \`audit_entry\` (\`actor_id\`)`);
    this.addSql(`create index \`audit_entry_created_at_index\` on \`audit_entry\` (\`created_at\`)`);
    this.addSql(`create index \`audit_entry_target_created_at_index\` on \`audit_entry\` (\`target\`, \`created_at\`)`);
    // SQLite adds columns in place (with their check), keeping any submissions already stored.
    this.addSql(`alter table \`submission\` add column \`checks_state\` text check (\`checks_state\` in ('queued', 'running', 'done')) not null default 'queued'`);
    this.addSql(`alter table \`submission\` add column \`manifest\` text null`);
    this.addSql(`alter table \`submission\` add column \`manifest_sha256\` text null`);
    this.addSql(`create unique index \`submission_open_unique\` on \`submission\` (\`plugin_id\`, \`version\`) where status in ('pending_review', 'in_review', 'changes_requested', 'approved')`);
  }
}
