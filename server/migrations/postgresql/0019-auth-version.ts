import { Migration } from '@mikro-orm/migrations';

/**
 * The auth version: a counter beside the data version, bumped by every write that changes who may sign in with
 * which key (a key revoked, deleted, or given other scopes, expiry or owner; a user changed or deleted), never by
 * `last_used_at`. Sharded per session and announced on `registry_auth_version` like the data version (migration
 * 0007), so replicas drop the API keys they resolved. (PostgreSQL twin of the SQLite migration of the same name.)
 */
export class Migration0019AuthVersion extends Migration {
  override name = '0019-auth-version';

  override up(): void {
    this.addSql(`insert into "registry_meta" ("key", "value") values ('auth_version', 1) on conflict do nothing`);
    this.addSql(`create function "registry_bump_auth_version"() returns trigger language plpgsql as $$
      begin
        insert into "registry_meta" ("key", "value") values ('auth_version:' || pg_backend_pid(), 1)
          on conflict ("key") do update set "value" = "registry_meta"."value" + 1;
        perform pg_notify('registry_auth_version', '');
        return null;
      end $$`);
    this.addSql(`create trigger "api_key_update_auth_version" after update on "api_key" for each row
      when (old."revoked_at" is distinct from new."revoked_at" or old."expires_at" is distinct from new."expires_at"
        or old."scopes"::text is distinct from new."scopes"::text or old."user_id" is distinct from new."user_id"
        or old."hash" is distinct from new."hash" or old."parent_id" is distinct from new."parent_id")
      execute function "registry_bump_auth_version"()`);
    this.addSql(`create trigger "api_key_delete_auth_version" after delete on "api_key" for each statement execute function "registry_bump_auth_version"()`);
    this.addSql(`create trigger "user_update_auth_version" after update on "user" for each row
      when (old."role" is distinct from new."role" or old."username" is distinct from new."username"
        or old."display_name" is distinct from new."display_name" or old."email" is distinct from new."email")
      execute function "registry_bump_auth_version"()`);
    this.addSql(`create trigger "user_delete_auth_version" after delete on "user" for each statement execute function "registry_bump_auth_version"()`);
  }
}
