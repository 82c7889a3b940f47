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
    this.addSql(`create table \`tuf_metadata\` (\`role\` text not null, \`version\` integer not null, \`body\` text not null,
      \`digest\` text not null, \`expires\` datetime not null, primary key (\`role\`, \`version\`))`);
    this.addSql(`create table \`tuf_blob\` (\`sha256\` text not null primary key, \`path\` text not null, \`body\` text not null, \`created_at\` datetime not null)`);
    this.addSql(`create table \`advisory\` (\`id\` text not null primary key, \`plugin_id\` text not null, \`affected\` text not null,
      \`patched\` text null, \`severity\` text check (\`severity\` in ('low', 'moderate', 'high', 'critical')) not null,
      \`kind\` text check (\`kind\` in ('vulnerability', 'malware', 'deprecated-dependency')) not null, \`summary\` text not null,
      \`details\` text not null, \`references\` json not null, \`author_id\` integer null, \`published_at\` datetime not null,
      constraint \`advisory_plugin_id_foreign\` foreign key (\`plugin_id\`) references \`plugin\` (\`id\`) on delete cascade,
      constraint \`advisory_author_id_foreign\` foreign key (\`author_id\`) references \`user\` (\`id\`) on delete set null)`);
    this.addSql('create index `advisory_plugin_id_index` on `advisory` (`plugin_id`)');
    this.addSql('create index `advisory_author_id_index` on `advisory` (`author_id`)');
    for (const event of ['insert', 'update', 'delete']) {
      this.addSql(`create trigger \`advisory_${event}_data_version\` after ${event} on \`advisory\` begin
        update \`registry_meta\` set \`value\` = \`value\` + 1 where \`key\` = 'data_version';
      end`);
    }
  }
}
