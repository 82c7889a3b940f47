import { Migration } from '@mikro-orm/migrations';

/**
 * The order of registry.json (most downloaded first, installable plugins only) as a partial index of its own: a build
 * reads the order of 100,000 plugins from the index alone, not from the index and then each row for `installable`.
 * (PostgreSQL twin of the SQLite migration of the same name.)
 */
export class Migration0020RegistryOrder extends Migration {
  override name = '0020-registry-order';

  override up(): void {
    this.addSql('create index "plugin_registry_order_index" on "plugin" ("downloads" desc, "id") where "installable"');
  }
}
