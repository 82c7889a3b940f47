import { Migration } from '@mikro-orm/migrations';

/** OAuth 2.0 device authorizations (RFC 8628) for `loom plugin login`: both codes stored as SHA-256 only. */
export class Migration0017DeviceGrants extends Migration {
  override name = '0017-device-grants';

  override up(): void {
    this.addSql(`create table \`device_grant\` (\`id\` integer not null primary key autoincrement, \`device_code_hash\` text not null, \`user_code_hash\` text not null,
      \`client_id\` text not null, \`requested_scopes\` json null, \`granted_scopes\` json null, \`request_ip\` text not null, \`status\` text not null default 'pending',
      \`interval\` integer not null, \`last_polled_at\` datetime null, \`user_id\` integer null, \`key_id\` integer null, \`decided_at\` datetime null,
      \`created_at\` datetime not null, \`expires_at\` datetime not null,
      constraint \`device_grant_user_id_foreign\` foreign key (\`user_id\`) references \`user\` (\`id\`) on delete cascade,
      constraint \`device_grant_key_id_foreign\` foreign key (\`key_id\`) references \`api_key\` (\`id\`) on delete set null)`);
    this.addSql('create unique index `device_grant_device_code_hash_unique` on `device_grant` (`device_code_hash`)');
    this.addSql('create unique index `device_grant_user_code_hash_unique` on `device_grant` (`user_code_hash`)');
    this.addSql('create index `device_grant_user_id_index` on `device_grant` (`user_id`)');
    this.addSql('create index `device_grant_key_id_index` on `device_grant` (`key_id`)');
    this.addSql('create index `device_grant_expires_at_index` on `device_grant` (`expires_at`)');
  }
}
