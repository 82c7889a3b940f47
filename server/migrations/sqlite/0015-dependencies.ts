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
 * that empties a stale registry.json fragment now watches the new columns too.
 */
export class Migration0015Dependencies extends Migration {
  override name = '0015-dependencies';

  override up(): void {
    for (const table of ['plugin_version', 'plugin']) {
      this.addSql(`alter table \`${table}\` add column \`dependencies\` json not null default '{}'`);
      this.addSql(`alter table \`${table}\` add column \`conflicts\` json not null default '{}'`);
      this.addSql(`alter table \`${table}\` add column \`provides\` json not null default '[]'`);
    }
    this.addSql(`create table \`plugin_dependency\` (\`version_id\` integer not null, \`dependency_id\` text not null, \`range\` text not null,
      primary key (\`version_id\`, \`dependency_id\`),
      constraint \`plugin_dependency_version_id_foreign\` foreign key (\`version_id\`) references \`plugin_version\` (\`id\`) on delete cascade)`);
    this.addSql('create index `plugin_dependency_version_id_index` on `plugin_dependency` (`version_id`)');
    this.addSql('create index `plugin_dependency_dependency_id_index` on `plugin_dependency` (`dependency_id`)');
    this.addSql('drop trigger `plugin_registry_entry_stale`');
    this.addSql(`create trigger \`plugin_registry_entry_stale\` after update of ${ENTRY_COLUMNS.map((c) => `\`${c}\``).join(', ')} on \`plugin\`
      when new.\`registry_entry\` is old.\`registry_entry\` and new.\`registry_entry\` is not null begin
      update \`plugin\` set \`registry_entry\` = null where \`id\` = new.\`id\`;
    end`);
  }
}
