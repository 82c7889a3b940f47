import { Migration } from '@mikro-orm/migrations';

/**
 * The quality of a plugin's current version on the plugin row, for the listing's filters and sort: its score (null
 * when the version was published before quality was kept) and whether it passed conformance ("tested"). Filled from
 * the current versions' quality; applyCurrentVersion keeps them from there on. (PostgreSQL twin of the SQLite
 * migration of the same name.)
 */
export class Migration0014PluginQuality extends Migration {
  override name = '0014-plugin-quality';

  override up(): void {
    this.addSql('alter table "plugin" add "quality_score" int null');
    this.addSql('alter table "plugin" add "tested" boolean not null default false');
    this.addSql(`update "plugin" p set "quality_score" = (v."quality"->>'score')::int,
      "tested" = exists (select 1 from jsonb_array_elements(v."quality"->'items') i where i->>'id' = 'conformance' and (i->>'passed')::boolean)
      from "plugin_version" v where v."plugin_id" = p."id" and v."version" = p."version" and v."quality" is not null`);
  }
}
