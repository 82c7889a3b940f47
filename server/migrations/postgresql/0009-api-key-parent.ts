import { Migration } from '@mikro-orm/migrations';

/** A key minted by a key records it (PostgreSQL twin of the SQLite migration of the same name). */
export class Migration0009ApiKeyParent extends Migration {
  override name = '0009-api-key-parent';

  override up(): void {
    this.addSql('alter table "api_key" add "parent_id" int null');
    this.addSql('alter table "api_key" add constraint "api_key_parent_id_foreign" foreign key ("parent_id") references "api_key" ("id") on delete cascade');
  }
}
