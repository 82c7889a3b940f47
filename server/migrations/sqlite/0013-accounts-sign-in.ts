import { Migration } from '@mikro-orm/migrations';

/** Accounts sign in on the web: a password hash per user, and keys marked as browser sessions. */
export class Migration0013AccountsSignIn extends Migration {
  override name = '0013-accounts-sign-in';

  override up(): void {
    this.addSql('alter table `user` add column `password_hash` text null');
    this.addSql('alter table `api_key` add column `session` integer not null default false');
  }
}
