import { Migration } from '@mikro-orm/migrations';

/** Submission checks are claimed from the database with a lease, so several replicas run each job once. */
export class Migration0004CheckClaims extends Migration {
  override name = '0004-check-claims';

  override up(): void {
    this.addSql(`alter table "submission" add "checks_claimed_at" timestamptz null`);
    this.addSql(`create index "submission_checks_state_created_at_index" on "submission" ("checks_state", "created_at")`);
  }
}
