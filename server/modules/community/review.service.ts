import { AppError, BadInputError, NotFoundError, rowId } from '../../errors.js';
import { transactional, type Em } from '../../orm.js';
import type { WriteLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import { Plugin, bayesianRating } from '../catalog/plugin.entity.js';
import type { Viewer } from '../accounts/auth.js';
import { authorize, can, gate, stakeIn } from '../../policy.js';
import { ReviewFlag, Star } from './community.entity.js';
import { Review } from './review.entity.js';

export const MAX_COMMENT = 2000;
/** Control characters other than tab and line breaks. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function validRating(rating: number): number {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new BadInputError('rating', 'must be a whole number from 1 to 5');
  return rating;
}

export function validComment(comment: string): string {
  const text = comment.trim();
  if (text.length > MAX_COMMENT) throw new BadInputError('comment', `at most ${MAX_COMMENT} characters`);
  if (CONTROL.test(text)) throw new BadInputError('comment', 'control characters are not allowed');
  return text;
}

/**
 * Locks the plugin row for the rest of the transaction (a no-op write: a row lock on PostgreSQL, the
 * write lock on SQLite), so concurrent writers of its aggregates take turns and every recount is exact.
 */
async function lockPlugin(tx: Em, pluginId: string): Promise<Plugin> {
  await tx.execute('update plugin set stars = stars where id = ?', [pluginId]);
  const plugin = await tx.findOne(Plugin, { id: pluginId }, { refresh: true });
  if (!plugin) throw new NotFoundError('plugin', pluginId);
  return plugin;
}

/**
 * Reviews, ratings, stars and moderation: one service under GraphQL and REST. Writing as yourself in the catalog
 * (reviews, ratings, stars, flags) takes the `publish` scope, which every role's keys hold; moderating takes `review`.
 * Each write is one transaction, run again should PostgreSQL abort it for a deadlock or serialization failure.
 */
export class ReviewService {
  constructor(
    private readonly limiter: WriteLimiter,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes the caller's review of a plugin (a second call edits it). `comment` undefined keeps the
   * current comment, so rating alone never erases what was written.
   */
  async upsert(em: Em, viewer: Viewer, pluginId: string, rating: number, comment?: string): Promise<Review> {
    const user = gate(viewer, 'review.write');
    validRating(rating);
    const text = comment === undefined ? undefined : validComment(comment);
    await this.limiter.consume(viewer);
    return transactional(em, async (tx) => {
      const plugin = await lockPlugin(tx, pluginId);
      authorize(viewer, 'review.write', { pluginId, stake: await stakeIn(tx, user, pluginId) });
      let review = await tx.findOne(Review, { plugin: pluginId, user: user.id });
      const now = new Date();
      const action = review ? 'review.update' : 'review.create';
      if (review) {
        review.rating = rating;
        if (text !== undefined) review.comment = text;
        review.updatedAt = now;
      } else {
        review = tx.create(Review, { plugin, user, rating, comment: text ?? '', createdAt: now, updatedAt: now });
      }
      // a new review's id (the audit entry's target) exists once it is written
      await tx.flush();
      this.audit.record(tx, user, action, `review:${review.id}`, { plugin: pluginId, rating });
      await this.recount(tx, plugin);
      return review;
    });
  }

  /** Deletes the caller's own review; false when there was none. */
  async remove(em: Em, viewer: Viewer, pluginId: string): Promise<boolean> {
    const user = authorize(viewer, 'review.delete');
    await this.limiter.consume(viewer);
    return transactional(em, async (tx) => {
      const plugin = await lockPlugin(tx, pluginId);
      const review = await tx.findOne(Review, { plugin: pluginId, user: user.id });
      if (!review) return false;
      tx.remove(review);
      this.audit.record(tx, user, 'review.delete', `review:${review.id}`, { plugin: pluginId, rating: review.rating });
      await tx.flush();
      await this.recount(tx, plugin);
      return true;
    });
  }

  /**
   * Any signed-in user may report a visible review once; it joins the moderation queue. A hidden review is for
   * moderators only: to anyone else it does not exist (its comment and author are in the answer).
   */
  async flag(em: Em, viewer: Viewer, id: string, reason: string): Promise<Review> {
    const user = authorize(viewer, 'review.flag');
    const reviewId = rowId('review', id);
    const text = reason.trim();
    if (!text || text.length > 500 || CONTROL.test(text)) throw new BadInputError('reason', 'say why, in 1-500 characters');
    await this.limiter.consume(viewer);
    return transactional(em, async (tx) => {
      const review = await tx.findOne(Review, { id: reviewId });
      if (!review || (review.hidden && !can(viewer, 'moderation.read'))) throw new NotFoundError('review', String(reviewId));
      if (review.user.id === user.id) throw new AppError('FORBIDDEN', 'you cannot flag your own review: edit or delete it instead');
      if (!(await tx.findOne(ReviewFlag, { review: reviewId, user: user.id }))) {
        tx.create(ReviewFlag, { review, user, reason: text });
        this.audit.record(tx, user, 'review.flag', `review:${reviewId}`, { plugin: review.plugin.id, reason: text });
        await tx.execute('update review set open_flags = open_flags + 1 where id = ?', [reviewId]);
        await tx.refresh(review);
      }
      return review;
    });
  }

  /**
   * Reviewers and admins hide or restore a review, saying why; its open flags are resolved either way. Never on a
   * plugin they own or maintain.
   */
  async moderate(em: Em, viewer: Viewer, id: string, hide: boolean, reason: string): Promise<Review> {
    const user = gate(viewer, 'review.moderate');
    const reviewId = rowId('review', id);
    const text = reason.trim();
    if (!text || text.length > 1000) throw new BadInputError('reason', 'say why, in 1-1000 characters');
    await this.limiter.consume(viewer);
    return transactional(em, async (tx) => {
      const found = await tx.findOne(Review, { id: reviewId });
      if (!found) throw new NotFoundError('review', String(reviewId));
      const moderator = authorize(viewer, 'review.moderate', { pluginId: found.plugin.id, stake: await stakeIn(tx, user, found.plugin.id) });
      const plugin = await lockPlugin(tx, found.plugin.id);
      const review = await tx.findOneOrFail(Review, { id: reviewId }, { refresh: true });
      review.hidden = hide;
      review.hiddenReason = hide ? text : null;
      review.openFlags = 0;
      await tx.nativeUpdate(ReviewFlag, { review: reviewId }, { resolved: true });
      this.audit.record(tx, moderator, hide ? 'review.hide' : 'review.restore', `review:${reviewId}`, { plugin: plugin.id, reason: text });
      await tx.flush();
      await this.recount(tx, plugin);
      return review;
    });
  }

  /** The open reports of a review, oldest first, for moderators (others: none); `load` reads them (a DataLoader). */
  async reports(viewer: Viewer, review: Review, load: (id: number) => Promise<ReviewFlag[]>): Promise<{ reason: string; reporter: string; createdAt: Date }[]> {
    if (!can(viewer, 'moderation.read') || review.openFlags === 0) return [];
    return (await load(review.id)).map((f) => ({ reason: f.reason, reporter: f.user.username, createdAt: f.createdAt }));
  }

  /** Reviews with open flags, most flagged first. */
  async queue(em: Em, viewer: Viewer, window: { offset: number; limit: number }): Promise<[Review[], number]> {
    authorize(viewer, 'moderation.read');
    return em.findAndCount(Review, { openFlags: { $gt: 0 } }, { orderBy: { openFlags: 'desc', id: 'asc' }, offset: window.offset, limit: window.limit });
  }

  async star(em: Em, viewer: Viewer, pluginId: string, on: boolean): Promise<Plugin> {
    const user = authorize(viewer, 'plugin.star');
    await this.limiter.consume(viewer);
    return transactional(em, async (tx) => {
      const plugin = await lockPlugin(tx, pluginId);
      const existing = await tx.findOne(Star, { plugin: pluginId, user: user.id });
      if (on && !existing) tx.create(Star, { plugin, user });
      if (!on && existing) tx.remove(existing);
      if (on !== Boolean(existing)) this.audit.record(tx, user, on ? 'plugin.star' : 'plugin.unstar', `plugin:${pluginId}`);
      await tx.flush();
      plugin.stars = await tx.count(Star, { plugin: pluginId });
      return plugin;
    });
  }

  /** Recounts the plugin's visible reviews (under the plugin lock) into its aggregates. */
  private async recount(tx: Em, plugin: Plugin): Promise<void> {
    const rows = await tx.execute<{ rating: number; n: number | string }[]>('select rating, count(*) as n from review where plugin_id = ? and hidden = ? group by rating', [plugin.id, false]);
    const histogram = [0, 0, 0, 0, 0];
    for (const row of rows) histogram[Number(row.rating) - 1] = Number(row.n);
    const count = histogram.reduce((a, b) => a + b, 0);
    const sum = histogram.reduce((a, n, i) => a + n * (i + 1), 0);
    plugin.histogram = histogram;
    plugin.ratingCount = plugin.importedRatingCount + count;
    plugin.ratingSum = plugin.importedRatingSum + sum;
    plugin.ratingScore = bayesianRating(plugin.ratingSum, plugin.ratingCount);
    await tx.flush();
  }
}
