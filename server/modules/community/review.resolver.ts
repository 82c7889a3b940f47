import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Action } from '../../policy.js';
import { PageArgsInput, pageWindow, toConnection } from '../../pagination.js';
import { Plugin } from '../catalog/plugin.entity.js';
import { ReviewConnection, ReviewReport } from './review.types.js';
import { can } from '../../policy.js';
import { User } from '../accounts/user.entity.js';
import { Review } from './review.entity.js';

@Resolver(() => Review)
export class ReviewResolver {
  @FieldResolver(() => User, { nullable: true })
  author(@Root() review: Review, @Ctx() { loaders }: Context): Promise<User | null> {
    return loaders.users.byId.load(review.user.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the reviewer has installed the plugin (from their install reports)' })
  installed(@Root() review: Review, @Ctx() { loaders }: Context): Promise<boolean> {
    return loaders.reviews.installed.load({ pluginId: review.plugin.id, userId: review.user.id });
  }

  @FieldResolver(() => Boolean, { description: 'Hidden by a moderator (only moderators see hidden reviews)' })
  hidden(@Root() review: Review): boolean {
    return review.hidden;
  }

  @FieldResolver(() => String, { description: 'The plugin reviewed' })
  pluginId(@Root() review: Review): string {
    return review.plugin.id;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why a moderator hid it (moderators only)' })
  hiddenReason(@Root() review: Review, @Ctx() { viewer }: Context): string | null {
    return can(viewer, 'moderation.read') ? (review.hiddenReason ?? null) : null;
  }

  @FieldResolver(() => [ReviewReport], { description: 'Its open reports, oldest first (moderators only; others: none)' })
  reports(@Root() review: Review, @Ctx() { viewer, services, loaders }: Context): Promise<ReviewReport[]> {
    return services.reviews.reports(viewer, review, (id) => loaders.reviews.openReports.load(id));
  }

  @FieldResolver(() => Int, { description: 'Open reports of this review' })
  flagCount(@Root() review: Review): number {
    return review.openFlags;
  }

  @Authorized<Action>('review.write')
  @Mutation(() => Review, { description: 'Rates a plugin 1-5 (keeps your comment if you wrote one)' })
  ratePlugin(@Arg('id', () => ID) id: string, @Arg('rating', () => Int) rating: number, @Ctx() { em, viewer, services }: Context): Promise<Review> {
    return services.reviews.upsert(em, viewer, id, rating);
  }

  @Authorized<Action>('review.write')
  @Mutation(() => Review, { description: 'Writes or edits your review of a plugin' })
  reviewPlugin(
    @Arg('id', () => ID) id: string,
    @Arg('rating', () => Int) rating: number,
    @Arg('comment', () => String) comment: string,
    @Ctx() { em, viewer, services }: Context,
  ): Promise<Review> {
    return services.reviews.upsert(em, viewer, id, rating, comment);
  }

  @Authorized<Action>('review.delete')
  @Mutation(() => Boolean, { description: 'Deletes your review of a plugin; false when you had none' })
  deleteReview(@Arg('pluginId', () => ID) pluginId: string, @Ctx() { em, viewer, services }: Context): Promise<boolean> {
    return services.reviews.remove(em, viewer, pluginId);
  }

  @Authorized<Action>('review.flag')
  @Mutation(() => Review, { description: 'Reports a review that breaks the guidelines' })
  flagReview(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() { em, viewer, services }: Context): Promise<Review> {
    return services.reviews.flag(em, viewer, id, reason);
  }

  @Authorized<Action>('review.moderate')
  @Mutation(() => Review, { description: 'Moderators: hide a review, saying why' })
  hideReview(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() { em, viewer, services }: Context): Promise<Review> {
    return services.reviews.moderate(em, viewer, id, true, reason);
  }

  @Authorized<Action>('review.moderate')
  @Mutation(() => Review, { description: 'Moderators: show a hidden review again, saying why' })
  restoreReview(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() { em, viewer, services }: Context): Promise<Review> {
    return services.reviews.moderate(em, viewer, id, false, reason);
  }

  @Authorized<Action>('moderation.read')
  @Query(() => ReviewConnection, { description: 'Moderators: reviews with open reports, most reported first' })
  async moderationQueue(@Args(() => PageArgsInput) page: PageArgsInput, @Ctx() { em, viewer, services }: Context): Promise<ReviewConnection> {
    const window = pageWindow(page);
    const [rows, total] = await services.reviews.queue(em, viewer, window);
    return toConnection(rows, total, window);
  }

  @Authorized<Action>('plugin.star')
  @Mutation(() => Plugin, { description: 'Stars a plugin' })
  starPlugin(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<Plugin> {
    return services.reviews.star(em, viewer, id, true);
  }

  @Authorized<Action>('plugin.star')
  @Mutation(() => Plugin, { description: 'Removes your star' })
  unstarPlugin(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, services }: Context): Promise<Plugin> {
    return services.reviews.star(em, viewer, id, false);
  }
}
