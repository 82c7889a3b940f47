import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../pagination.js';
import { Submission, SubmissionStatus } from './submission.entity.js';

@ObjectType()
export class SubmissionConnection extends Connection(Submission, 'Submission') {}

@ObjectType({ description: 'The answer to a submission' })
export class SubmissionReceipt {
  @Field() submissionId!: string;
  @Field(() => SubmissionStatus) status!: SubmissionStatus;
  @Field() message!: string;
  @Field() estimatedReviewTime!: string;
}

@ObjectType({ description: 'What is wrong with one field of a document, named by its path (plugin.install.manifest_url)' })
export class FieldProblem {
  @Field() field!: string;
  @Field() message!: string;
}
