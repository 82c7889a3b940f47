import { Migration } from '@mikro-orm/migrations';

/**
 * Signed metadata and advisories (docs/trust.md):
 * - `tuf_metadata`: every signed version of each TUF role (root, timestamp, snapshot, targets, the hashed bins), the
 *   bytes served at /tuf/metadata/<version>.<role>.json; `digest` is the sha256 of what the role lists, so a refresh
 *   signs a new version only of the roles whose content changed.
 * - `tuf_blob`: the signed bytes of generated targets (registry.json, advisories.json), by sha256, so every replica
 *   serves exactly what the metadata names.
 * - `advisory`: security advisories; writes bump the data version, which the signer follows.
 */
export class Migration0012Trust extends Migration {
  override name = '0012-trust';

  override up(): void {
    this.addSql(`create table "tuf_metadata" ("role" varchar(64) not null, "version" int not null, "body" text not null,
      "digest" varchar(64) not null, "expires" timestamptz not null, primary key ("role", "version"))`);
    this.addSql(`create table "tuf_blob" ("sha256" varchar(64) not null primary key, "path" varchar(255) not null, "body" text not null, "created_at" timestamptz not null)`);
    this.addSql(`create table "advisory" ("id" varchar(32) not null primary key, "plugin_id" varchar(64) not null,
      "affected" varchar(512) not null, "patched" varchar(512) null,
      "severity" text not null constraint "advisory_severity_check" check ("severity" in ('low', 'moderate', 'high', 'critical')),
      "kind" text not null constraint "advisory_kind_check" check ("kind" in ('vulnerability', 'malware', 'deprecated-dependency')),
      "summary" varchar(512) not null, "details" text not null, "references" jsonb not null, "author_id" int null, "published_at" timestamptz not null,
      constraint "advisory_plugin_id_foreign" foreign key ("plugin_id") references "plugin" ("id") on delete cascade,
      constraint "advisory_author_id_foreign" foreign key ("author_id") references "user" ("id") on delete set null)`);
    this.addSql('create index "advisory_plugin_id_index" on "advisory" ("plugin_id")');
    this.addSql(`create trigger "advisory_data_version" after insert or update or delete on "advisory"
      for each statement execute function "registry_bump_data_version"()`);
  }
}
