import { Migration } from '@mikro-orm/migrations';

/**
 * Counts on their own clock: `download_pending` holds what flushes write until the counts refresh moves it into the
 * totals and rollups the catalog shows (see usage-buffer.ts). SQLite's integers are 64-bit already, and its one
 * writer at a time leaves the data version in its one row. (SQLite twin of the PostgreSQL migration of the same name.)
 */
export class Migration0007CountsClock extends Migration {
  override name = '0007-counts-clock';

  override up(): void {
    this.addSql(`create table \`download_pending\` (\`id\` integer not null primary key autoincrement, \`plugin_id\` text not null, \`version\` text not null, \`day\` text not null, \`country\` text not null, \`count\` integer not null)`);
    this.addSql(`insert into \`registry_meta\` (\`key\`, \`value\`) values ('counts_published_at', 0) on conflict do nothing`);
  }
}
