import { Migration } from '@mikro-orm/migrations';

/** A key minted by a key records it: the parent bounds its scopes and expiry, and revoking the parent revokes it. */
export class Migration0009ApiKeyParent extends Migration {
  override name = '0009-api-key-parent';

  override up(): void {
    this.addSql('alter table `api_key` add column `parent_id` integer null constraint `api_key_parent_id_foreign` references `api_key` (`id`) on delete cascade');
    this.addSql('create index `api_key_parent_id_index` on `api_key` (`parent_id`)');
  }
}
