import { Migration } from '@mikro-orm/migrations';

/** The columns a plugin's stored registry.json fragment is made from (the trigger below empties it when they change). */
const ENTRY_COLUMNS = [
  'id', 'name', 'provider_type', 'description', 'author', 'version', 'license', 'homepage', 'repository', 'verified', 'tags', 'capabilities', 'install_type',
  'manifest_url', 'docker_image', 'manifest_sha256', 'screenshots', 'documentation_url', 'published_at', 'updated_at', 'category', 'dependencies', 'conflicts', 'provides',
];

/**
 * Dependencies between plugins (issue 19): each version keeps what it declared (`dependencies` and `conflicts`, plugin
 * id → semver range; `provides`, names), immutably; the plugin row carries its current version's copy (for
 * registry.json); `plugin_dependency` has one row per version and dependency, for the "used by" lists. The trigger
 * that empties a stale registry.json fragment now watches the new columns too. (PostgreSQL twin of the SQLite
 * migration of the same name.)
 */
export class Migration0015Dependencies extends Migration {
  override name = '0015-dependencies';

  override up(): void {
    for (const table of ['plugin_version', 'plugin']) {
      this.addSql(`alter table "${table}" add column "dependencies" jsonb not null default '{}', add column "conflicts" jsonb not null default '{}', add column "provides" jsonb not null default '[]'`);
    }
    this.addSql(`create table "plugin_dependency" ("version_id" int not null, "dependency_id" varchar(64) not null, "range" varchar(256) not null, primary key ("version_id", "dependency_id"))`);
    this.addSql('create index "plugin_dependency_dependency_id_index" on "plugin_dependency" ("dependency_id")');
    this.addSql(`alter table "plugin_dependency" add constraint "plugin_dependency_version_id_foreign" foreign key ("version_id") references "plugin_version" ("id") on delete cascade`);
    const old = ENTRY_COLUMNS.map((c) => `old."${c}"`).join(', ');
    const now = ENTRY_COLUMNS.map((c) => `new."${c}"`).join(', ');
    this.addSql(`create or replace function plugin_registry_entry_stale() returns trigger language plpgsql as $$
      begin
        if new."registry_entry" is not distinct from old."registry_entry" and (${old}) is distinct from (${now}) then
          new."registry_entry" := null;
        end if;
        return new;
      end $$`);
  }
}
