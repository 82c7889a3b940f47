import { Migration } from '@mikro-orm/migrations';

/** OAuth 2.0 device authorizations (PostgreSQL twin of the SQLite migration of the same name). */
export class Migration0017DeviceGrants extends Migration {
  override name = '0017-device-grants';

  override up(): void {
    this.addSql(`create table "device_grant" ("id" serial primary key, "device_code_hash" varchar(64) not null, "user_code_hash" varchar(64) not null,
      "client_id" varchar(64) not null, "requested_scopes" jsonb null, "granted_scopes" jsonb null, "request_ip" varchar(64) not null, "status" varchar(16) not null default 'pending',
      "interval" int not null, "last_polled_at" timestamptz null, "user_id" int null, "key_id" int null, "decided_at" timestamptz null,
      "created_at" timestamptz not null, "expires_at" timestamptz not null,
      constraint "device_grant_user_id_foreign" foreign key ("user_id") references "user" ("id") on delete cascade,
      constraint "device_grant_key_id_foreign" foreign key ("key_id") references "api_key" ("id") on delete set null)`);
    this.addSql('alter table "device_grant" add constraint "device_grant_device_code_hash_unique" unique ("device_code_hash")');
    this.addSql('alter table "device_grant" add constraint "device_grant_user_code_hash_unique" unique ("user_code_hash")');
    this.addSql('create index "device_grant_expires_at_index" on "device_grant" ("expires_at")');
  }
}
