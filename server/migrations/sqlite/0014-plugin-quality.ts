import { Migration } from '@mikro-orm/migrations';

/**
 * The quality of a plugin's current version on the plugin row, for the listing's filters and sort: its score (null
 * when the version was published before quality was kept) and whether it passed conformance ("tested"). Filled from
 * the current versions' quality; applyCurrentVersion keeps them from there on.
 */
export class Migration0014PluginQuality extends Migration {
  override name = '0014-plugin-quality';

  override up(): void {
    this.addSql('alter table `plugin` add column `quality_score` integer null');
    this.addSql('alter table `plugin` add column `tested` integer not null default false');
    this.addSql(`update \`plugin\` set
      \`quality_score\` = (select json_extract(v.\`quality\`, '$.score') from \`plugin_version\` v where v.\`plugin_id\` = \`plugin\`.\`id\` and v.\`version\` = \`plugin\`.\`version\`),
      \`tested\` = coalesce((select exists (select 1 from json_each(v.\`quality\`, '$.items') i where json_extract(i.value, '$.id') = 'conformance' and json_extract(i.value, '$.passed'))
        from \`plugin_version\` v where v.\`plugin_id\` = \`plugin\`.\`id\` and v.\`version\` = \`plugin\`.\`version\` and v.\`quality\` is not null), false)
      where exists (select 1 from \`plugin_version\` v where v.\`plugin_id\` = \`plugin\`.\`id\` and v.\`version\` = \`plugin\`.\`version\` and v.\`quality\` is not null)`);
  }
}
