import { Migration } from '@mikro-orm/migrations';

/** The conformance report of a submission: run by the checks against its test_endpoint, or attached by its author. */
export class Migration0011SubmissionConformance extends Migration {
  override name = '0011-submission-conformance';

  override up(): void {
    this.addSql(`alter table \`submission\` add column \`conformance\` json null`);
  }
}
