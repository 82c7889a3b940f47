import { Migration } from '@mikro-orm/migrations';

/**
 * The auth version: a counter beside the data version, bumped by every write that changes who may sign in with
 * which key (a key revoked, deleted, or given other scopes, expiry or owner; a user changed or deleted), never by
 * `last_used_at`. The server keeps resolved API keys for the current auth version only (see user.service.ts).
 */
export class Migration0019AuthVersion extends Migration {
  override name = '0019-auth-version';

  override up(): void {
    this.addSql(`insert into \`registry_meta\` (\`key\`, \`value\`) values ('auth_version', 1)`);
    const bump = `update \`registry_meta\` set \`value\` = \`value\` + 1 where \`key\` = 'auth_version';`;
    this.addSql(`create trigger \`api_key_update_auth_version\` after update of \`revoked_at\`, \`expires_at\`, \`scopes\`, \`user_id\`, \`hash\`, \`parent_id\` on \`api_key\` begin ${bump} end`);
    this.addSql(`create trigger \`api_key_delete_auth_version\` after delete on \`api_key\` begin ${bump} end`);
    this.addSql(`create trigger \`user_update_auth_version\` after update of \`role\`, \`username\`, \`display_name\`, \`email\` on \`user\` begin ${bump} end`);
    this.addSql(`create trigger \`user_delete_auth_version\` after delete on \`user\` begin ${bump} end`);
  }
}
