import { Migration } from '@mikro-orm/migrations';

/**
 * The plugin change log: a row for every insert, update or delete of a plugin, written by a trigger in the writing
 * transaction with that transaction's id. Each process's in-memory search index reads the rows of transactions that
 * were not yet visible at its previous read (xid at least that snapshot's xmin, so a transaction committing late is
 * never missed) and reloads those plugins. Rows older than a few minutes are pruned by the readers.
 * That index answers every search, so the stored tsvector, the trigram indexes and the text configuration go.
 */
export class Migration0010PluginChange extends Migration {
  override name = '0010-plugin-change';

  override up(): void {
    this.addSql('alter table "plugin" drop column "search_vector"');
    this.addSql('drop index "plugin_id_trgm_index"');
    this.addSql('drop index "plugin_name_trgm_index"');
    this.addSql('drop text search configuration "registry_search"');
    this.addSql('drop function "registry_search_text"(text)');
    this.addSql(`create table "plugin_change" ("seq" bigserial primary key, "plugin_id" varchar(64) not null,
      "xid" xid8 not null default pg_current_xact_id(), "at" timestamptz not null default now())`);
    this.addSql(`create index "plugin_change_xid_index" on "plugin_change" ("xid")`);
    this.addSql(`create index "plugin_change_at_index" on "plugin_change" ("at")`);
    this.addSql(`create function "registry_plugin_changed"() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then insert into "plugin_change" ("plugin_id") values (old.id); end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.id <> old.id) then insert into "plugin_change" ("plugin_id") values (new.id); end if;
        return null;
      end $$`);
    this.addSql(`create trigger "plugin_change" after insert or update or delete on "plugin" for each row execute function "registry_plugin_changed"()`);
  }
}
