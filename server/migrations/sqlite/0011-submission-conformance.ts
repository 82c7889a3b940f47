import { Migration } from '@mikro-orm/migrations';

/** The conformance report of a submission (run by the checks against its test_endpoint, or attached by its author), and the quality of a version, assessed at approval. */
export class Migration0011SubmissionConformance extends Migration {
  override name = '0011-submission-conformance';

  override up(): void {
    this.addSql(`alter table \`submission\` add column \`conformance\` json null`);
    this.addSql(`alter table \`plugin_version\` add column \`quality\` json null`);
  }
}
