import { Migration } from '@mikro-orm/migrations';

/**
 * The plugin change log: a row for every insert, update or delete of a plugin, written by triggers in the writing
 * transaction. Each process's in-memory search index reads the rows after the last one it applied and reloads those
 * plugins, so it follows writes from any process. Rows older than a few minutes are pruned by the readers.
 * That index answers every search, so the FTS5 table (and the triggers keeping it) go.
 */
export class Migration0010PluginChange extends Migration {
  override name = '0010-plugin-change';

  override up(): void {
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger \`plugin_fts_${event}\``);
    this.addSql('drop table `plugin_fts`');
    const now = `cast((julianday('now') - 2440587.5) * 86400000 as integer)`;
    this.addSql('create table `plugin_change` (`seq` integer primary key autoincrement, `plugin_id` text not null, `at` integer not null)');
    this.addSql('create index `plugin_change_at_index` on `plugin_change` (`at`)');
    this.addSql(`create trigger \`plugin_insert_change\` after insert on \`plugin\` begin
      insert into \`plugin_change\` (\`plugin_id\`, \`at\`) values (new.id, ${now});
    end`);
    this.addSql(`create trigger \`plugin_update_change\` after update on \`plugin\` begin
      insert into \`plugin_change\` (\`plugin_id\`, \`at\`) values (new.id, ${now});
      insert into \`plugin_change\` (\`plugin_id\`, \`at\`) select old.id, ${now} where old.id <> new.id;
    end`);
    this.addSql(`create trigger \`plugin_delete_change\` after delete on \`plugin\` begin
      insert into \`plugin_change\` (\`plugin_id\`, \`at\`) values (old.id, ${now});
    end`);
  }
}
