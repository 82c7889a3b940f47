import { Migration } from '@mikro-orm/migrations';

/**
 * A user's handle and display name are part of what the public reads (review authors, a plugin's owner and
 * maintainers): changing either moves the data version, so cached answers and ETags follow it. Deleting a user
 * needs no trigger: it removes or changes the rows that show them (reviews, maintainers, owners), whose own
 * triggers move it.
 */
export class Migration0022UserDataVersion extends Migration {
  override name = '0022-user-data-version';

  override up(): void {
    this.addSql(`create trigger \`user_update_data_version\` after update of \`username\`, \`display_name\` on \`user\`
      when old.\`username\` is not new.\`username\` or old.\`display_name\` is not new.\`display_name\` begin
        update \`registry_meta\` set \`value\` = \`value\` + 1 where \`key\` = 'data_version';
      end`);
  }
}
