import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Plugin, PluginMaintainer } from '../../server/modules/catalog/plugin.entity.js';
import { User } from '../../server/modules/accounts/user.entity.js';
import { createTestApp, errorCode, type TestApp } from '../helpers/app.js';
import {
  FlagReviewContentDocument, FlagReviewDocument, HideReviewDocument, HideReviewStateDocument, ModerationQueueCountDocument, ModerationQueueDocument, ModerationQueuePageDocument,
  PluginReviewsDocument, RatePluginDocument, RestoreReviewStateDocument, ReviewPluginDocument, StarPluginDocument, UnstarPluginDocument,
  ViewerReviewDocument, ViewerReviewsDocument,
} from '../gql/graphql.js';

let t: TestApp;
type Who = Awaited<ReturnType<TestApp['user']>>;
let owner: Who;
let maintainer: Who;
let alice: Who;
let moderator: Who;

const PLUGIN = 'groq-plugin';
const stats = async () => (await t.data(PluginReviewsDocument, { id: PLUGIN })).plugin!;
const review = (who: Who, rating: number, comment: string, id = PLUGIN) => t.graphql(ReviewPluginDocument, { id, rating, comment }, who.auth);

beforeAll(async () => {
  t = await createTestApp({ responseCacheSize: 0, writesPerKey: 10_000, writesPerIp: 10_000 });
  owner = await t.user('user', 'groq-owner');
  maintainer = await t.user('user', 'groq-maintainer');
  alice = await t.user('user', 'alice');
  moderator = await t.user('reviewer', 'mod');
  const em = t.em();
  const plugin = await em.findOneOrFail(Plugin, PLUGIN);
  plugin.owner = await em.findOneOrFail(User, { username: 'groq-owner' });
  em.create(PluginMaintainer, { plugin, user: await em.findOneOrFail(User, { username: 'groq-maintainer' }) });
  await em.flush();
});
afterAll(() => t.close());

describe('reviews', () => {
  it('refuses reviews from the owner and maintainers, saying why', async () => {
    const mine = await review(owner, 5, 'Best plugin ever');
    expect(errorCode(mine)).toBe('FORBIDDEN');
    expect(mine.body.errors![0].message).toMatch(/you own groq-plugin/);
    const maintained = await review(maintainer, 5, 'Also great');
    expect(errorCode(maintained)).toBe('FORBIDDEN');
    expect(maintained.body.errors![0].message).toMatch(/you maintain groq-plugin/);
  });

  it('keeps one review per user: a second call edits it in place', async () => {
    const before = await stats();
    const first = await review(alice, 2, '  Slow cold starts.  ');
    expect(first.body.data!.reviewPlugin).toMatchObject({ rating: 2, comment: 'Slow cold starts.' });
    const afterFirst = await stats();
    expect(afterFirst.stats.ratingCount).toBe(before.stats.ratingCount + 1);
    const edited = await review(alice, 4, 'Much better after 1.2.0');
    expect(edited.body.data!.reviewPlugin.id).toBe(first.body.data!.reviewPlugin.id);
    const afterEdit = await stats();
    expect(afterEdit.stats.ratingCount).toBe(afterFirst.stats.ratingCount);
    expect(afterEdit.reviews.nodes.filter((n) => n.author?.username === 'alice')).toEqual([expect.objectContaining({ rating: 4, comment: 'Much better after 1.2.0' })]);

    const rated = await t.graphql(RatePluginDocument, { id: PLUGIN, rating: 5 }, alice.auth);
    expect(rated.body.data!.ratePlugin).toEqual({ id: first.body.data!.reviewPlugin.id, rating: 5, comment: 'Much better after 1.2.0' });
  });

  it("answers the caller's own review as viewerReview, for many plugins at once", async () => {
    const carol = await t.user('user', 'carol');
    const { id } = (await review(carol, 3, 'Works, a bit slow')).body.data!.reviewPlugin;
    const mine = await t.graphql(ViewerReviewsDocument, undefined, carol.auth);
    const reviewed = mine.body.data!.plugins.nodes.filter((n) => n.viewerReview);
    expect(reviewed).toEqual([{ id: PLUGIN, viewerReview: { rating: 3, comment: 'Works, a bit slow', hidden: false, author: { username: 'carol' } } }]);

    expect((await t.data(ViewerReviewDocument, { id: PLUGIN })).plugin!.viewerReview).toBeNull();
    const dave = await t.user('user', 'dave');
    expect((await t.graphql(ViewerReviewDocument, { id: PLUGIN }, dave.auth)).body.data!.plugin!.viewerReview).toBeNull();

    // A hidden review is gone from the public list, but its author still sees it, to edit it.
    await t.graphql(HideReviewDocument, { id, reason: 'off-topic' }, moderator.auth);
    const hidden = await t.graphql(ViewerReviewDocument, { id: PLUGIN }, carol.auth);
    expect(hidden.body.data!.plugin!.viewerReview).toEqual({ rating: 3, comment: 'Works, a bit slow', hidden: true });
  });

  it('validates rating and comment', async () => {
    for (const rating of [0, 6]) expect(errorCode(await review(alice, rating, 'x'))).toBe('BAD_USER_INPUT');
    // a literal of the wrong type: no typed document can say it
    expect(errorCode(await t.graphql('mutation { ratePlugin(id: "groq-plugin", rating: 2.5) { id } }', undefined, alice.auth))).toBe('BAD_USER_INPUT');
    expect((await review(alice, 3, 'x'.repeat(2001))).body.errors![0].message).toMatch(/comment: at most 2000/);
    expect((await review(alice, 3, 'bell\u0007')).body.errors![0].message).toMatch(/control characters/);
    expect(errorCode(await review(alice, 3, 'fine', 'no-such-plugin'))).toBe('NOT_FOUND');
    expect(errorCode(await t.graphql(RatePluginDocument, { id: PLUGIN, rating: 3 }))).toBe('UNAUTHENTICATED');
  });

  it('takes reviews over REST in the spec shape, and deletes your own', async () => {
    const bob = await t.user('user', 'bob');
    const res = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/reviews`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bob.auth },
      body: JSON.stringify({ rating: 5, comment: 'Excellent plugin, works perfectly!' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ rating: 5, comment: 'Excellent plugin, works perfectly!', author: 'bob', date: new Date().toISOString().slice(0, 10) });
    const before = (await stats()).stats.ratingCount;
    const del = await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/reviews`, { method: 'DELETE', headers: bob.auth });
    expect(del.status).toBe(204);
    expect((await stats()).stats.ratingCount).toBe(before - 1);
    expect((await fetch(`${t.url}/api/v1/plugins/${PLUGIN}/reviews`, { method: 'DELETE', headers: bob.auth })).status).toBe(404);
  });

  it('keeps aggregates exact under concurrent reviews', async () => {
    const before = await stats();
    const reviewers = await Promise.all(Array.from({ length: 20 }, (_, i) => t.user('user', `crowd-${i}`)));
    const results = await Promise.all(reviewers.map((r, i) => review(r, (i % 5) + 1, `review ${i}`)));
    expect(results.every((r) => !r.body.errors)).toBe(true);
    const after = await stats();
    expect(after.stats.ratingCount).toBe(before.stats.ratingCount + 20);
    const plugin = await t.em().findOneOrFail(Plugin, PLUGIN);
    const rows = await t.em().getConnection().execute<{ rating: number; n: number | string }[]>('select rating, count(*) as n from review where plugin_id = ? and hidden = ? group by rating', [PLUGIN, false]);
    const histogram = [0, 0, 0, 0, 0];
    for (const r of rows) histogram[r.rating - 1] = Number(r.n);
    expect(plugin.histogram).toEqual(histogram);
    expect(plugin.ratingCount).toBe(plugin.importedRatingCount + histogram.reduce((a, b) => a + b, 0));
    expect(plugin.ratingSum).toBeCloseTo(plugin.importedRatingSum + histogram.reduce((a, n, i) => a + n * (i + 1), 0), 6);
  });
});

describe('moderation', () => {
  it('queues flagged reviews; hiding removes them from the public and from the rating; restoring brings them back', async () => {
    const troll = await t.user('user', 'troll');
    const bad = await review(troll, 1, 'buy cheap tokens at spam.example');
    const id = bad.body.data!.reviewPlugin.id;
    const before = (await stats()).stats.ratingCount;

    expect(errorCode(await t.graphql(FlagReviewDocument, { id, reason: 'spam' }, troll.auth))).toBe('FORBIDDEN');
    for (const who of [alice, owner]) {
      const flagged = await t.graphql(FlagReviewDocument, { id, reason: 'spam' }, who.auth);
      expect(flagged.body.errors).toBeUndefined();
    }
    // flagging twice counts once
    await t.graphql(FlagReviewDocument, { id, reason: 'spam again' }, alice.auth);

    expect(errorCode(await t.graphql(ModerationQueueCountDocument, undefined, alice.auth))).toBe('FORBIDDEN');
    const queue = await t.graphql(ModerationQueueDocument, {}, moderator.auth);
    expect(queue.body.data!.moderationQueue.nodes[0]).toEqual({ id, flagCount: 2 });

    const hidden = await t.graphql(HideReviewStateDocument, { id, reason: 'spam' }, moderator.auth);
    expect(hidden.body.data).toEqual({ hideReview: { hidden: true, flagCount: 0 } });
    const after = await stats();
    expect(after.stats.ratingCount).toBe(before - 1);
    expect(after.reviews.nodes.map((n) => n.id)).not.toContain(id);
    const emptyQueue = await t.graphql(ModerationQueueCountDocument, undefined, moderator.auth);
    expect(emptyQueue.body.data!.moderationQueue.totalCount).toBe(0);

    await t.graphql(RestoreReviewStateDocument, { id, reason: 'appeal accepted' }, moderator.auth);
    expect((await stats()).stats.ratingCount).toBe(before);
  });
});

describe('hidden reviews', () => {
  it('are not flaggable by anyone but moderators, whose answer alone holds the comment and author', async () => {
    const spammer = await t.user('user', 'spammer');
    const id = (await review(spammer, 1, 'secret spam text')).body.data!.reviewPlugin.id;
    await t.graphql(HideReviewDocument, { id, reason: 'spam' }, moderator.auth);
    const flag = (reviewId: string, who: Who) => t.graphql(FlagReviewContentDocument, { id: reviewId, reason: 'still spam' }, who.auth);

    const stranger = await flag(id, alice);
    expect(errorCode(stranger)).toBe('NOT_FOUND');
    expect(stranger.body.data ?? null).toBeNull();
    expect(JSON.stringify(stranger.body)).not.toMatch(/secret spam text|spammer/);
    // a hidden review answers as one that never existed
    const missing = await flag('999999', alice);
    expect(stranger.body.errors![0].message.replace(id, 'N')).toBe(missing.body.errors![0].message.replace('999999', 'N'));
    // a reviewer whose key lacks the review scope is no moderator
    const narrow = await t.user('reviewer', 'narrow-mod', ['publish']);
    expect(errorCode(await flag(id, narrow))).toBe('NOT_FOUND');

    const moderated = await flag(id, moderator);
    expect(moderated.body.data!.flagReview).toEqual({ comment: 'secret spam text', author: { username: 'spammer' } });
  });
});

describe('stars', () => {
  it('stars and unstars, counting each user once', async () => {
    const before = (await stats()).stats.stars;
    await t.graphql(StarPluginDocument, { id: PLUGIN }, alice.auth);
    await t.graphql(StarPluginDocument, { id: PLUGIN }, alice.auth);
    const starred = await t.graphql(StarPluginDocument, { id: PLUGIN }, owner.auth);
    expect(starred.body.data!.starPlugin).toEqual({ id: PLUGIN, stats: { stars: before + 2 }, viewerHasStarred: true });
    await t.graphql(UnstarPluginDocument, { id: PLUGIN }, alice.auth);
    expect((await stats()).stats.stars).toBe(before + 1);
  });
});

describe('the moderation queue, paged', () => {
  it('walks every flagged review exactly once, most reported first, by cursor and by offset', async () => {
    const flaggers = await Promise.all(Array.from({ length: 4 }, (_, i) => t.user('user', `flagger-${i}`)));
    for (let i = 0; i < 5; i++) {
      const author = await t.user('user', `queued-${i}`);
      const id = (await review(author, 2, `queued review ${i}`)).body.data!.reviewPlugin.id;
      // 1 to 4 flags, two reviews with one: ties are in the queue too
      for (const flagger of flaggers.slice(0, Math.max(1, i))) expect((await t.graphql(FlagReviewDocument, { id, reason: 'spam' }, flagger.auth)).body.errors).toBeUndefined();
    }
    const page = async (variables: { first?: number; after?: string; limit?: number; offset?: number }) => {
      const res = await t.graphql(ModerationQueuePageDocument, variables, moderator.auth);
      expect(res.body.errors, JSON.stringify(variables)).toBeUndefined();
      return res.body.data!.moderationQueue;
    };
    const whole = await page({ first: 100 });
    expect(whole.totalCount).toBeGreaterThanOrEqual(5);
    expect(whole.nodes.map((n) => n.flagCount)).toEqual([...whole.nodes.map((n) => n.flagCount)].sort((a, b) => b - a));
    const byCursor: string[] = [];
    let after: string | undefined;
    for (let turn = 0; turn < 10; turn++) {
      const next = await page({ first: 2, ...(after ? { after } : {}) });
      byCursor.push(...next.nodes.map((n) => n.id));
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor!;
    }
    const byOffset: string[] = [];
    for (let offset = 0; offset < whole.totalCount; offset += 2) byOffset.push(...(await page({ limit: 2, offset })).nodes.map((n) => n.id));
    expect(byCursor).toEqual(whole.nodes.map((n) => n.id));
    expect(byOffset).toEqual(whole.nodes.map((n) => n.id));
  });
});
