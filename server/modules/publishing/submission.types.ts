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

@ObjectType({ description: 'One thing that happened to a submission, from the audit log' })
export class SubmissionEvent {
  @Field({ description: 'create, checks, claim, approve, reject, request_changes, resubmit or withdraw' }) action!: string;
  @Field() at!: Date;
  @Field(() => String, { nullable: true, description: 'Who did it (null: the automated checks)' }) by!: string | null;
  @Field(() => String, { nullable: true, description: "The reviewer's notes of a decision, or the checks that failed" }) notes!: string | null;
}
