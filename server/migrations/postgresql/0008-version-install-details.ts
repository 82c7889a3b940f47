import { Migration } from '@mikro-orm/migrations';

/** Install details per version (PostgreSQL twin of the SQLite migration of the same name). */
export class Migration0008VersionInstallDetails extends Migration {
  override name = '0008-version-install-details';

  override up(): void {
    this.addSql(`alter table "plugin_version" add column "description" text not null default '', add column "tags" jsonb not null default '[]', add column "capabilities" jsonb not null default '{}', add column "install_type" varchar(16) not null default 'http', add column "manifest_url" varchar(2048) not null default '', add column "docker_image" varchar(256) null`);
    this.addSql(`update "plugin_version" v set "description" = p."description", "tags" = p."tags", "capabilities" = p."capabilities", "install_type" = p."install_type", "manifest_url" = p."manifest_url", "docker_image" = p."docker_image" from "plugin" p where p."id" = v."plugin_id"`);
    // A version published through a submission: the details it was submitted with, kept in the approved payload.
    this.addSql(`update "plugin_version" v set "description" = s."payload"#>>'{plugin,description}', "tags" = s."payload"#>'{plugin,tags}', "capabilities" = s."payload"#>'{plugin,capabilities}',
      "install_type" = s."payload"#>>'{plugin,install,type}', "manifest_url" = s."payload"#>>'{plugin,install,manifest_url}', "docker_image" = s."payload"#>>'{plugin,install,docker_image}'
      from "submission" s where s."plugin_id" = v."plugin_id" and s."version" = v."version" and s."status" = 'approved'`);
    this.addSql(`alter table "plugin" add column "installable" boolean not null default true`);
    this.addSql(`update "plugin" p set "installable" = exists (select 1 from "plugin_version" v where v."plugin_id" = p."id" and not v."prerelease" and v."yanked_reason" is null)`);
    this.addSql(`alter table "plugin" add column "manifest_sha256" varchar(64) not null default ''`);
    this.addSql(`update "plugin" p set "manifest_sha256" = v."sha256" from "plugin_version" v where v."plugin_id" = p."id" and v."version" = p."version"`);
    // registry.json entries kept as text per plugin; emptied when a writer other than the app changes a column they are made from
    this.addSql(`alter table "plugin" add column "registry_entry" text null`);
    this.addSql(`create function plugin_registry_entry_stale() returns trigger language plpgsql as $$
      begin
        if new."registry_entry" is not distinct from old."registry_entry" and (old."id", old."name", old."provider_type", old."description", old."author", old."version", old."license", old."homepage", old."repository", old."verified", old."tags", old."capabilities", old."install_type", old."manifest_url", old."docker_image", old."manifest_sha256", old."screenshots", old."documentation_url", old."published_at", old."updated_at", old."category") is distinct from (new."id", new."name", new."provider_type", new."description", new."author", new."version", new."license", new."homepage", new."repository", new."verified", new."tags", new."capabilities", new."install_type", new."manifest_url", new."docker_image", new."manifest_sha256", new."screenshots", new."documentation_url", new."published_at", new."updated_at", new."category") then
          new."registry_entry" := null;
        end if;
        return new;
      end $$`);
    this.addSql(`create trigger "plugin_registry_entry_stale" before update on "plugin" for each row execute function plugin_registry_entry_stale()`);
  }
}
