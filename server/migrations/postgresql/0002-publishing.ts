import { Migration } from '@mikro-orm/migrations';

/** Accounts and publishing: maintainers, the audit log, idempotent submissions, background check state. (PostgreSQL twin of the SQLite migration of the same name.) */
export class Migration0002Publishing extends Migration {
  override name = '0002-publishing';

  override up(): void {
    this.addSql(`create table "idempotency_record" ("user_id" int not null, "key" varchar(128) not null, "request_hash" varchar(64) not null, "response" jsonb not null, "created_at" timestamptz not null, primary key ("user_id", "key"))`);
    this.addSql(`create table "plugin_maintainer" ("plugin_id" varchar(64) not null, "user_id" int not null, "added_at" timestamptz not null, primary key ("plugin_id", "user_id"))`);
    this.addSql(`create table "audit_entry" ("id" serial primary key, "actor_id" int null, "action" varchar(64) not null, "target" varchar(200) not null, "details" jsonb not null, "created_at" timestamptz not null)`);
    this.addSql(`create index "audit_entry_created_at_index" on "audit_entry" ("created_at")`);
    this.addSql(`create index "audit_entry_target_created_at_index" on "audit_entry" ("target", "created_at")`);
    this.addSql(`alter table "submission" add "checks_state" text not null default 'queued', add "manifest" text null, add "manifest_sha256" varchar(64) null`);
    this.addSql(`create unique index "submission_open_unique" on "submission" ("plugin_id", "version") where status in ('pending_review', 'in_review', 'changes_requested', 'approved')`);
    this.addSql(`alter table "submission" add constraint "submission_checks_state_check" check ("checks_state" in ('queued', 'running', 'done'))`);
    this.addSql(`alter table "plugin_maintainer" add constraint "plugin_maintainer_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "plugin_maintainer" add constraint "plugin_maintainer_user_id_foreign" foreign key ("user_id") references "user" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "audit_entry" add constraint "audit_entry_actor_id_foreign" foreign key ("actor_id") references "user" ("id") on delete set null`);
  }
}
