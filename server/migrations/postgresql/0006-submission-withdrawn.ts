import { Migration } from '@mikro-orm/migrations';

/** Submitters may withdraw a submission: `withdrawn` joins the status check. (PostgreSQL twin of the SQLite migration of the same name.) */
export class Migration0006SubmissionWithdrawn extends Migration {
  override name = '0006-submission-withdrawn';

  override up(): void {
    this.addSql(`alter table "submission" drop constraint "submission_status_check"`);
    this.addSql(`alter table "submission" add constraint "submission_status_check" check ("status" in ('pending_review', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'))`);
  }
}
