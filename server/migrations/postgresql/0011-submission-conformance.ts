import { Migration } from '@mikro-orm/migrations';

/** The conformance report of a submission (run by the checks against its test_endpoint, or attached by its author), and the quality of a version, assessed at approval. (PostgreSQL twin of the SQLite migration of the same name.) */
export class Migration0011SubmissionConformance extends Migration {
  override name = '0011-submission-conformance';

  override up(): void {
    this.addSql(`alter table "submission" add "conformance" jsonb null`);
    this.addSql(`alter table "plugin_version" add "quality" jsonb null`);
  }
}
