import { Migration } from '@mikro-orm/migrations';

/**
 * Install details per version (issue 13): manifest URL, docker image, capabilities, description and tags move onto
 * each version, so the plugin's copy can follow its current installable version. Versions published before kept no
 * details of their own: they get the plugin's (the best known), and `installable` says whether any release is left.
 */
export class Migration0008VersionInstallDetails extends Migration {
  override name = '0008-version-install-details';

  override up(): void {
    this.addSql(`alter table \`plugin_version\` add column \`description\` text not null default ''`);
    this.addSql(`alter table \`plugin_version\` add column \`tags\` json not null default '[]'`);
    this.addSql(`alter table \`plugin_version\` add column \`capabilities\` json not null default '{}'`);
    this.addSql(`alter table \`plugin_version\` add column \`install_type\` text not null default 'http'`);
    this.addSql(`alter table \`plugin_version\` add column \`manifest_url\` text not null default ''`);
    this.addSql(`alter table \`plugin_version\` add column \`docker_image\` text null`);
    this.addSql(`update \`plugin_version\` set (\`description\`, \`tags\`, \`capabilities\`, \`install_type\`, \`manifest_url\`, \`docker_image\`) =
      (select p.\`description\`, p.\`tags\`, p.\`capabilities\`, p.\`install_type\`, p.\`manifest_url\`, p.\`docker_image\` from \`plugin\` p where p.\`id\` = \`plugin_version\`.\`plugin_id\`)`);
    // A version published through a submission: the details it was submitted with, kept in the approved payload.
    this.addSql(`update \`plugin_version\` set (\`description\`, \`tags\`, \`capabilities\`, \`install_type\`, \`manifest_url\`, \`docker_image\`) =
      (select json_extract(s.\`payload\`, '$.plugin.description'), json_extract(s.\`payload\`, '$.plugin.tags'), json_extract(s.\`payload\`, '$.plugin.capabilities'),
        json_extract(s.\`payload\`, '$.plugin.install.type'), json_extract(s.\`payload\`, '$.plugin.install.manifest_url'), json_extract(s.\`payload\`, '$.plugin.install.docker_image')
       from \`submission\` s where s.\`plugin_id\` = \`plugin_version\`.\`plugin_id\` and s.\`version\` = \`plugin_version\`.\`version\` and s.\`status\` = 'approved')
      where exists (select 1 from \`submission\` s where s.\`plugin_id\` = \`plugin_version\`.\`plugin_id\` and s.\`version\` = \`plugin_version\`.\`version\` and s.\`status\` = 'approved')`);
    this.addSql(`alter table \`plugin\` add column \`installable\` integer not null default true`);
    this.addSql(`update \`plugin\` set \`installable\` = exists (select 1 from \`plugin_version\` v where v.\`plugin_id\` = \`plugin\`.\`id\` and not v.\`prerelease\` and v.\`yanked_reason\` is null)`);
    this.addSql(`alter table \`plugin\` add column \`manifest_sha256\` text not null default ''`);
    this.addSql(`update \`plugin\` set \`manifest_sha256\` = coalesce((select v.\`sha256\` from \`plugin_version\` v where v.\`plugin_id\` = \`plugin\`.\`id\` and v.\`version\` = \`plugin\`.\`version\`), '')`);
    // registry.json entries kept as text per plugin; emptied when a writer other than the app changes a column they are made from
    this.addSql(`alter table \`plugin\` add column \`registry_entry\` text null`);
    this.addSql(`create trigger \`plugin_registry_entry_stale\` after update of \`id\`, \`name\`, \`provider_type\`, \`description\`, \`author\`, \`version\`, \`license\`, \`homepage\`, \`repository\`, \`verified\`, \`tags\`, \`capabilities\`, \`install_type\`, \`manifest_url\`, \`docker_image\`, \`manifest_sha256\`, \`screenshots\`, \`documentation_url\`, \`published_at\`, \`updated_at\`, \`category\` on \`plugin\`
      when new.\`registry_entry\` is old.\`registry_entry\` and new.\`registry_entry\` is not null begin
      update \`plugin\` set \`registry_entry\` = null where \`id\` = new.\`id\`;
    end`);
  }
}
