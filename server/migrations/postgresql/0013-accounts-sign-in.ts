import { Migration } from '@mikro-orm/migrations';

/** Accounts sign in on the web (PostgreSQL twin of the SQLite migration of the same name). */
export class Migration0013AccountsSignIn extends Migration {
  override name = '0013-accounts-sign-in';

  override up(): void {
    this.addSql('alter table "user" add column "password_hash" text null');
    this.addSql('alter table "api_key" add column "session" boolean not null default false');
  }
}
