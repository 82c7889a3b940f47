import { Migration } from '@mikro-orm/migrations';

/**
 * A user's handle and display name are part of what the public reads (review authors, a plugin's owner and
 * maintainers): changing either moves the data version (and tells every replica). Deleting a user needs no trigger:
 * it removes or changes the rows that show them, whose own triggers move it. (PostgreSQL twin of the SQLite migration
 * of the same name.)
 */
export class Migration0022UserDataVersion extends Migration {
  override name = '0022-user-data-version';

  override up(): void {
    this.addSql(`create trigger "user_update_data_version" after update on "user" for each row
      when (old."username" is distinct from new."username" or old."display_name" is distinct from new."display_name")
      execute function "registry_bump_data_version"()`);
  }
}
