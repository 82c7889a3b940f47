import { Migration } from '@mikro-orm/migrations';

/**
 * A plugin's maintainers are part of what the public reads (`Plugin.maintainers`, the plugin page): adding or removing
 * one moves the data version (and tells every replica), as a write to the plugin itself does.
 */
export class Migration0021MaintainerDataVersion extends Migration {
  override name = '0021-maintainer-data-version';

  override up(): void {
    this.addSql(`create trigger "plugin_maintainer_data_version" after insert or update or delete on "plugin_maintainer"
      for each statement execute function "registry_bump_data_version"()`);
  }
}
