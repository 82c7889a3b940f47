import { Migration } from '@mikro-orm/migrations';

/**
 * A plugin's maintainers are part of what the public reads (`Plugin.maintainers`, the plugin page): adding or removing
 * one moves the data version, as a write to the plugin itself does, so cached answers and ETags follow it.
 */
export class Migration0021MaintainerDataVersion extends Migration {
  override name = '0021-maintainer-data-version';

  override up(): void {
    for (const event of ['insert', 'update', 'delete']) {
      this.addSql(`create trigger \`plugin_maintainer_${event}_data_version\` after ${event} on \`plugin_maintainer\` begin
        update \`registry_meta\` set \`value\` = \`value\` + 1 where \`key\` = 'data_version';
      end`);
    }
  }
}
