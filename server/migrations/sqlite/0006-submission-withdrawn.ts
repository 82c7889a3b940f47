import { Migration } from '@mikro-orm/migrations';

/**
 * Submitters may withdraw a submission: `withdrawn` joins the status check. SQLite cannot alter a check, so the table
 * is rebuilt with its rows and indexes (no table references it). 0005 was PostgreSQL's own; the twins share a number.
 */
export class Migration0006SubmissionWithdrawn extends Migration {
  override name = '0006-submission-withdrawn';

  override up(): void {
    this.addSql(`create table \`submission__temp_alter\` (\`id\` text not null primary key, \`plugin_id\` text not null, \`version\` text not null, \`status\` text check (\`status\` in ('pending_review', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn')) not null default 'pending_review', \`payload\` json not null, \`checks\` json not null, \`checks_state\` text check (\`checks_state\` in ('queued', 'running', 'done')) not null default 'queued', \`checks_claimed_at\` datetime null, \`manifest\` text null, \`manifest_sha256\` text null, \`submitter_id\` integer not null, \`reviewer_id\` integer null, \`notes\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`reviewed_at\` datetime null, constraint \`submission_submitter_id_foreign\` foreign key (\`submitter_id\`) references \`user\` (\`id\`) on delete cascade, constraint \`submission_reviewer_id_foreign\` foreign key (\`reviewer_id\`) references \`user\` (\`id\`) on delete set null)`);
    this.addSql(`insert into \`submission__temp_alter\` select \`id\`, \`plugin_id\`, \`version\`, \`status\`, \`payload\`, \`checks\`, \`checks_state\`, \`checks_claimed_at\`, \`manifest\`, \`manifest_sha256\`, \`submitter_id\`, \`reviewer_id\`, \`notes\`, \`created_at\`, \`updated_at\`, \`reviewed_at\` from \`submission\``);
    this.addSql(`drop table \`submission\``);
    this.addSql(`alter table \`submission__temp_alter\` rename to \`submission\``);
    this.addSql(`create index \`submission_submitter_id_index\` on \`submission\` (\`submitter_id\`)`);
    this.addSql(`create index \`submission_reviewer_id_index\` on \`submission\` (\`reviewer_id\`)`);
    this.addSql(`create index \`submission_checks_state_created_at_index\` on \`submission\` (\`checks_state\`, \`created_at\`)`);
    this.addSql(`create index \`submission_plugin_id_version_index\` on \`submission\` (\`plugin_id\`, \`version\`)`);
    this.addSql(`create index \`submission_status_created_at_index\` on \`submission\` (\`status\`, \`created_at\`)`);
    this.addSql(`create unique index \`submission_open_unique\` on \`submission\` (\`plugin_id\`, \`version\`) where status in ('pending_review', 'in_review', 'changes_requested', 'approved')`);
  }
}
