import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Action } from '../../policy.js';
import { PageArgsInput, pageWindow, toConnection } from '../../pagination.js';
import { Submission, SubmissionStatus } from './submission.entity.js';
import { FieldProblem, SubmissionConnection, SubmissionEvent, SubmissionReceipt } from './submission.types.js';

@Resolver(() => Submission)
export class SubmissionResolver {
  @Authorized<Action>('submission.read')
  @Query(() => SubmissionConnection, { description: "Reviewers and admins: the review queue; others: their own submissions. Oldest first." })
  async submissions(
    @Arg('status', () => SubmissionStatus, { nullable: true }) status: SubmissionStatus | null,
    @Args(() => PageArgsInput) page: PageArgsInput,
    @Arg('mine', () => Boolean, { defaultValue: false, description: "Only the caller's own submissions (what reviewers see of their own)" }) mine: boolean,
    @Ctx() { em, viewer, services }: Context,
    @Arg('claimedBy', () => String, { nullable: true, description: 'Only those this reviewer (a username) has claimed or decided' }) claimedBy: string | null,
  ): Promise<SubmissionConnection> {
    const window = pageWindow(page);
    const [rows, total] = await services.submissions.list(em, viewer, status, window, { mine, claimedBy });
    return toConnection(rows, total, window);
  }

  @FieldResolver(() => [SubmissionEvent], { description: 'What happened to it, oldest first: submitted, checked, claimed, decided (with the notes), resubmitted, withdrawn' })
  history(@Root() submission: Submission, @Ctx() { em, services }: Context): Promise<SubmissionEvent[]> {
    return services.submissions.history(em, submission);
  }

  @Query(() => Submission, { nullable: true, description: 'Visible to its submitter, reviewers and admins' })
  submission(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.visible(em, viewer, id);
  }

  @Query(() => [FieldProblem], {
    description:
      'A dry run of submitPlugin for forms: every problem of the document by field (the same schema; for an inline manifest, the same parser and agreement check), nothing fetched or written. Empty: valid as far as can be told without the network',
  })
  validateSubmission(@Arg('submission', () => GraphQLJSONObject) submission: Record<string, unknown>, @Ctx() { services }: Context): FieldProblem[] {
    return services.submissions.validate(submission);
  }

  @Authorized<Action>('submission.create')
  @Mutation(() => SubmissionReceipt, { description: 'Submits a registry-submission.json document for review (scope: publish)' })
  async submitPlugin(
    @Arg('submission', () => GraphQLJSONObject) submission: Record<string, unknown>,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'Retrying with the same key replays the first answer' }) idempotencyKey: string | null,
    @Ctx() { em, viewer, services }: Context,
  ): Promise<SubmissionReceipt> {
    const receipt = await services.submissions.submit(em, viewer, submission, idempotencyKey ?? undefined);
    return { submissionId: receipt.submission_id, status: receipt.status, message: receipt.message, estimatedReviewTime: receipt.estimated_review_time };
  }

  @Authorized<Action>('submission.resubmit')
  @Mutation(() => Submission, { description: 'Sends a corrected submission after changes were requested' })
  resubmitPlugin(@Arg('id', () => ID) id: string, @Arg('submission', () => GraphQLJSONObject) submission: Record<string, unknown>, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.resubmit(em, viewer, id, submission);
  }

  @Authorized<Action>('submission.withdraw')
  @Mutation(() => Submission, { description: 'Submitters: take back a submission still under way (pending, in review or sent back); frees its id@version' })
  withdrawSubmission(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.withdraw(em, viewer, id);
  }

  @Authorized<Action>('submission.review')
  @Mutation(() => Submission, { description: 'Reviewers: take a pending submission' })
  claimSubmission(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.claim(em, viewer, id);
  }

  @Authorized<Action>('submission.review')
  @Mutation(() => Submission, { description: 'Reviewers: give a claimed submission back to the queue (its claimer, or an admin)' })
  unclaimSubmission(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.unclaim(em, viewer, id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The manifest the automated checks fetched: what approval publishes (null until they have)' })
  manifest(@Root() submission: Submission, @Ctx() { em, services }: Context): Promise<string | null> {
    return services.submissions.manifestOf(em, submission);
  }

  @Authorized<Action>('submission.review')
  @Mutation(() => Submission, { description: 'Reviewers: approve and publish' })
  approveSubmission(@Arg('id', () => ID) id: string, @Arg('notes', () => String, { nullable: true }) notes: string | null, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.publishing.approve(em, viewer, id, notes);
  }

  @Authorized<Action>('submission.review')
  @Mutation(() => Submission, { description: 'Reviewers: reject, saying why' })
  rejectSubmission(@Arg('id', () => ID) id: string, @Arg('notes', () => String) notes: string, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.decide(em, viewer, id, 'reject', notes);
  }

  @Authorized<Action>('submission.review')
  @Mutation(() => Submission, { description: 'Reviewers: send back for changes, saying what' })
  requestChanges(@Arg('id', () => ID) id: string, @Arg('notes', () => String) notes: string, @Ctx() { em, viewer, services }: Context): Promise<Submission> {
    return services.submissions.decide(em, viewer, id, 'request_changes', notes);
  }
}
