import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../context.js';
import { AppError } from '../errors.js';
import { assembleEntry, toRegistryEntry } from '../../domain/registry-entry.js';
import { rfc3339 } from '../../domain/time.js';
import { normalizeDependencies } from '../../domain/dependencies.js';
import { visibleReviewCount, type Plugin } from '../modules/catalog/plugin.entity.js';
import { CAPABILITY_NAMES } from '../../domain/capabilities.js';
import { Category } from '../../domain/plugin.js';
import type { PluginFilter } from '../modules/catalog/plugin.service.js';
import type { StoredEntry } from '../modules/catalog/plugin-rows.js';
import type { Review } from '../modules/community/review.entity.js';
import { MAX_COMMENT } from '../modules/community/review.service.js';
import { notInstallableReason } from '../modules/publishing/current.js';
import type { PluginVersion } from '../modules/publishing/version.entity.js';
import type { Window } from '../pagination.js';
import { PluginSort } from '../search/search.js';
import { cacheControl, etagMatches, JsonText } from '../cache/rest-cache.js';
import { boolean, integer, list, oneOf, pageOffset, pageSize } from './params.js';
import { route, type Route } from './route.js';
import { dependentList, pluginDetail as pluginDetailSchema, pluginList, reviewJson, reviewList, submissionReceipt, versionJson, versionList, type PluginDetail, type PluginJson, type ReviewJson } from './schemas.js';
import { decodeDependentCursor, dependentsOf } from '../modules/catalog/dependents.js';
import { ifNoneMatch, json, r, shared, writeErrors } from './answers.js';
import type { RestKit } from './routes.js';

/** `/api/v1/plugins…`: the registry document's API, over the same PluginService and loaders as GraphQL. */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const SORTS = { downloads: PluginSort.DOWNLOADS, rating: PluginSort.RATING, updated: PluginSort.UPDATED, quality: PluginSort.QUALITY } as const;

export const listQuery = z.strictObject({
  search: z.string().optional().meta({
    description:
      'Free text over id, name, tags, description and author; prefixes match, and a word that matches nothing stands for the indexed words one or two typos away (see `did_you_mean`). Sorts by relevance unless `sort` is given',
    maxLength: 200,
  }),
  tags: list(z.string()).optional().meta({ description: 'Comma-separated; a plugin must carry every listed tag', examples: ['local,self-hosted'] }),
  verified: boolean.optional().meta({ description: 'Only verified (true) or only unverified (false) plugins' }),
  min_quality: integer(0, 100).optional().meta({ description: "Only plugins whose current version's quality score is at least this; plugins with no score are left out" }),
  tested: boolean.optional().meta({ description: 'Only plugins whose current version passed (true) or did not pass (false) the conformance tests' }),
  sort: oneOf(['downloads', 'rating', 'updated', 'quality']).optional().meta({ description: 'Order; default: relevance with `search`, downloads without; `quality`: highest quality score first (tested first among equals)' }),
  limit: pageSize(1, MAX_LIMIT, DEFAULT_LIMIT),
  offset: pageOffset(),
  category: oneOf(Object.values(Category) as [Category, ...Category[]]).optional().meta({ description: 'Only plugins of this category' }),
  provider_type: z.string().max(64, { error: 'at most 64 characters' }).optional().meta({ description: 'Only plugins of this provider type' }),
  capabilities: list(oneOf(CAPABILITY_NAMES))
    .optional()
    .meta({ description: `Comma-separated; a plugin must have every listed capability (${CAPABILITY_NAMES.join(', ')})` }),
});

export const detailQuery = z.strictObject({
  reviews_limit: pageSize(0, MAX_LIMIT, DEFAULT_LIMIT),
  reviews_offset: pageOffset(),
});

export const reviewsQuery = z.strictObject({
  limit: pageSize(1, MAX_LIMIT, DEFAULT_LIMIT),
  offset: pageOffset(),
});

export const dependentsQuery = z.strictObject({
  limit: pageSize(1, MAX_LIMIT, DEFAULT_LIMIT),
  cursor: z.string().max(200).optional().meta({ description: '`next_cursor` of the previous page' }),
});

const pluginParams = z.strictObject({ id: z.string().meta({ description: 'Plugin id' }) });
const manifestParams = z.strictObject({ id: z.string().meta({ description: 'Plugin id' }), version: z.string().meta({ description: 'A published version (semver)' }) });

/** POST /api/v1/plugins/{id}/reviews: the types here, the rating and comment rules the service's (as for GraphQL's reviewPlugin). */
const reviewBody = z.strictObject({
  rating: z.number().meta({ type: 'integer', minimum: 1, maximum: 5 }),
  comment: z.string().optional().meta({ maxLength: MAX_COMMENT }),
});

/** REST parameters as the catalog's query, so REST and GraphQL go through PluginService.query alike. */
export function toPluginFilter(q: z.output<typeof listQuery>): PluginFilter {
  return {
    search: q.search,
    tags: q.tags,
    verified: q.verified,
    sort: q.sort && SORTS[q.sort],
    limit: q.limit,
    offset: q.offset,
    category: q.category,
    providerType: q.provider_type,
    capabilities: q.capabilities,
    minQuality: q.min_quality,
    tested: q.tested,
  };
}

/** `page` counts from 1 at `offset`; `pages` is 0 for an empty result. */
export function pageNumbers(window: Window, total: number): { page: number; pages: number } {
  return { page: Math.floor(window.offset / window.limit) + 1, pages: Math.ceil(total / window.limit) };
}

function toVersionJson(v: PluginVersion): z.output<typeof versionJson> {
  return {
    version: v.version,
    published_at: rfc3339(v.publishedAt),
    changes: v.changes,
    prerelease: v.prerelease,
    yanked: v.yankedReason != null,
    yanked_reason: v.yankedReason ?? null,
    quality: v.quality ? { score: v.quality.score, items: v.quality.items, assessed_at: v.quality.assessedAt } : null,
    // keys sorted: PostgreSQL's jsonb keeps them in an order of its own
    ...normalizeDependencies(v),
  };
}

async function toReviewsJson({ loaders }: Context, reviews: Review[]): Promise<ReviewJson[]> {
  const authors = await Promise.all(reviews.map((r) => loaders.users.byId.load(r.user.id)));
  return reviews.map((r, i) => ({ rating: r.rating, comment: r.comment, author: authors[i]?.username ?? '', date: r.createdAt.toISOString().slice(0, 10) }));
}

function reviewPage(ctx: Context, plugin: Plugin, window: Window): Promise<Review[]> {
  return window.limit === 0 ? Promise.resolve([]) : ctx.loaders.reviews.page.load({ pluginId: plugin.id, ...window });
}

/**
 * A page of plugins as JSON text, joined from each plugin's stored registry entry (the counts, manifest URL and the
 * list's fields put in) rather than read column by column and serialised anew: byte for byte the JSON of the
 * `pluginList` value it stands for (test/rest/list.test.ts compares them). A plugin without a stored fragment is
 * serialised from its columns.
 */
async function listPlugins(kit: RestKit, q: z.output<typeof listQuery>): Promise<JsonText> {
  const { services } = kit;
  const page = await services.plugins.entries(services.plugins.query(toPluginFilter(q)));
  const plugins = page.entries.map((e) => ('plugin' in e ? JSON.stringify(toPluginJson(kit, e.plugin)) : storedPluginJson(kit, e.stored)));
  const rest: Omit<z.output<typeof pluginList>, 'total' | 'plugins'> = { ...pageNumbers(page.window, page.total), did_you_mean: page.didYouMean ?? null };
  return new JsonText(`{"total":${JSON.stringify(page.total)},"plugins":[${plugins.join(',')}],${JSON.stringify(rest).slice(1)}`);
}

/** `toPluginJson`'s text, from a stored entry. */
function storedPluginJson(kit: RestKit, e: StoredEntry): string {
  const entry = assembleEntry(e.fragment!, e, kit.services.links.manifest(e.id, e.version));
  const extra: Pick<PluginJson, 'installable' | 'quality_score' | 'tested'> = { installable: e.installable, quality_score: e.qualityScore, tested: e.tested };
  return `${entry.slice(0, -1)},${JSON.stringify(extra).slice(1)}`;
}

function toPluginJson(kit: RestKit, plugin: Plugin): PluginJson {
  return { ...toRegistryEntry(plugin, kit.services.links.registry), installable: plugin.installable, quality_score: plugin.qualityScore ?? null, tested: plugin.tested };
}

async function pluginDetail(kit: RestKit, ctx: Context, id: string, q: z.output<typeof detailQuery>): Promise<PluginDetail> {
  const plugin = await kit.services.plugins.get(id);
  const [versions, recent, reviews] = await Promise.all([
    ctx.loaders.versions.byPlugin.load(id),
    ctx.loaders.stats.recentDownloads.load(id),
    reviewPage(ctx, plugin, { limit: q.reviews_limit, offset: q.reviews_offset }),
  ]);
  const { reviews: ratingCount, ...entry } = toPluginJson(kit, plugin);
  return {
    ...entry,
    not_installable_reason: notInstallableReason(versions),
    versions: versions.map(toVersionJson),
    stats: { downloads: plugin.downloads, downloads_last_30d: recent, stars: plugin.stars, rating: entry.rating, rating_count: ratingCount },
    reviews: await toReviewsJson(ctx, reviews),
    reviews_total: visibleReviewCount(plugin),
  };
}

async function pluginReviews(kit: RestKit, ctx: Context, id: string, q: z.output<typeof reviewsQuery>): Promise<z.output<typeof reviewList>> {
  const plugin = await kit.services.plugins.get(id);
  const total = visibleReviewCount(plugin);
  return { total, reviews: await toReviewsJson(ctx, await reviewPage(ctx, plugin, q)), ...pageNumbers(q, total) };
}

async function pluginVersions(kit: RestKit, ctx: Context, id: string): Promise<z.output<typeof versionList>> {
  await kit.services.plugins.get(id);
  const versions = await ctx.loaders.versions.byPlugin.load(id);
  return { total: versions.length, versions: versions.map(toVersionJson) };
}

async function pluginDependents(kit: RestKit, ctx: Context, id: string, q: z.output<typeof dependentsQuery>): Promise<z.output<typeof dependentList>> {
  const after = q.cursor === undefined ? null : decodeDependentCursor(q.cursor, 'cursor');
  await kit.services.plugins.get(id);
  const page = await dependentsOf(ctx.em, id, q.limit, after);
  return { total: page.total, dependents: page.items.map((d) => ({ plugin_id: d.pluginId, version: d.version, range: d.range })), next_cursor: page.next };
}

/**
 * The manifest snapshot, byte for byte: never compressed, so its ETag and Repr-Digest (RFC 9530) are the
 * sha256 of exactly the bytes sent, which the CLI checks before installing. Each GET counts one download
 * (once per client per version per day); a HEAD counts nothing.
 */
async function manifest({ em, client, services }: Context, { id, version }: z.output<typeof manifestParams>, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { stats } = services;
  const snapshot = request.method === 'HEAD' ? await stats.manifest(em, id, version) : await stats.download(em, client, id, version);
  const etag = `"${snapshot.sha256}"`;
  reply.header('etag', etag).header('cache-control', cacheControl(request));
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply
    .header('content-type', 'application/yaml')
    .header('repr-digest', `sha-256=:${Buffer.from(snapshot.sha256, 'hex').toString('base64')}:`)
    .send(Buffer.from(snapshot.manifest));
}

export function pluginRoutes(kit: RestKit): Route[] {
  const options = { compress: false } as const;
  return [
    route({
      method: 'GET',
      path: '/api/v1/plugins',
      operationId: 'listPlugins',
      tags: ['plugins'],
      summary: 'Search and list plugins',
      access: 'shared',
      cache: true,
      query: listQuery,
      headers: ifNoneMatch,
      options,
      responses: shared(json(pluginList, 'A page of plugins')),
      handle: ({ query }) => listPlugins(kit, query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/plugins',
      operationId: 'submitPlugin',
      tags: ['publishing'],
      summary: 'Submit a plugin or a new version for review (scope publish)',
      access: 'key',
      headers: z.object({ 'idempotency-key': z.string().optional().meta({ description: 'A retry with the same key replays the first answer' }) }),
      body: kit.services.submissions.schema,
      bodyRequired: true,
      bodyCheckedByService: true,
      options,
      responses: {
        '202': { ...json(submissionReceipt, 'Accepted for review; `Location` names the submission'), headers: { Location: { schema: { type: 'string' } } } },
        '409': r('Conflict'),
        ...writeErrors,
      },
      // the same service as GraphQL `submitPlugin`, given the document as sent (an Idempotency-Key replays by its hash)
      handle: async ({ ctx: { em, viewer, services }, headers, request, reply }) => {
        const receipt = await services.submissions.submit(em, viewer, request.body, headers['idempotency-key']);
        return reply.code(202).header('location', `/api/v1/submissions/${receipt.submission_id}`).send(receipt);
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/plugins/:id',
      operationId: 'getPlugin',
      tags: ['plugins'],
      summary: 'One plugin with its versions, statistics and latest reviews',
      access: 'shared',
      cache: true,
      params: pluginParams,
      query: detailQuery,
      headers: ifNoneMatch,
      options,
      responses: { ...shared(json(pluginDetailSchema, 'The plugin')), '404': r('NotFound') },
      handle: ({ ctx, params, query }) => pluginDetail(kit, ctx, params.id, query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/plugins/:id/versions',
      operationId: 'listVersions',
      tags: ['plugins'],
      summary: 'Every version of a plugin, newest semver first, with what each depends on',
      access: 'shared',
      cache: true,
      params: pluginParams,
      headers: ifNoneMatch,
      options,
      responses: { ...shared(json(versionList, 'The versions')), '404': r('NotFound') },
      handle: ({ ctx, params }) => pluginVersions(kit, ctx, params.id),
    }),
    route({
      method: 'GET',
      path: '/api/v1/plugins/:id/dependents',
      operationId: 'listDependents',
      tags: ['plugins'],
      summary: 'Plugins whose current installable version depends on this one ("used by"), by id',
      access: 'shared',
      cache: true,
      params: pluginParams,
      query: dependentsQuery,
      headers: ifNoneMatch,
      options,
      responses: { ...shared(json(dependentList, 'A page of dependents')), '404': r('NotFound') },
      handle: ({ ctx, params, query }) => pluginDependents(kit, ctx, params.id, query),
    }),
    route({
      method: 'GET',
      path: '/api/v1/plugins/:id/reviews',
      operationId: 'listReviews',
      tags: ['plugins'],
      summary: 'Visible reviews of a plugin, newest first',
      access: 'shared',
      cache: true,
      params: pluginParams,
      query: reviewsQuery,
      headers: ifNoneMatch,
      options,
      responses: { ...shared(json(reviewList, 'A page of reviews')), '404': r('NotFound') },
      handle: ({ ctx, params, query }) => pluginReviews(kit, ctx, params.id, query),
    }),
    route({
      method: 'POST',
      path: '/api/v1/plugins/:id/reviews',
      operationId: 'reviewPlugin',
      tags: ['plugins'],
      summary: 'Write or edit your review (owners and maintainers may not; the key needs the publish scope)',
      access: 'key',
      params: pluginParams,
      body: reviewBody,
      bodyRequired: true,
      options,
      responses: { '200': json(reviewJson, 'Your review'), ...writeErrors },
      handle: async ({ ctx, params, body }) => {
        const review = await ctx.services.reviews.upsert(ctx.em, ctx.viewer, params.id, body.rating, body.comment);
        return (await toReviewsJson(ctx, [review]))[0];
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/plugins/:id/reviews',
      operationId: 'deleteReview',
      tags: ['plugins'],
      summary: 'Delete your review (the key needs the publish scope)',
      access: 'key',
      params: pluginParams,
      options,
      responses: { '204': r('NoContent'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, params, reply }) => {
        if (!(await services.reviews.remove(em, viewer, params.id))) throw new AppError('NOT_FOUND', 'you have no review of this plugin');
        return reply.code(204).send();
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/plugins/:id/versions/:version/manifest',
      operationId: 'getManifest',
      tags: ['plugins'],
      summary: 'The plugin.yaml of a published version, as published',
      description:
        'Sent uncompressed, so `ETag` and `Repr-Digest` are the sha256 of exactly the bytes of the body. A GET counts one download (once per client per version per UTC day); a HEAD counts none.',
      access: 'public',
      params: manifestParams,
      headers: ifNoneMatch,
      options,
      responses: {
        '200': {
          description: 'The manifest',
          schema: z.string(),
          contentType: 'application/yaml',
          headers: {
            ETag: { description: 'The sha256 of the body, hex, quoted', required: true, schema: { type: 'string', pattern: '^"[0-9a-f]{64}"$' } },
            'Repr-Digest': { description: 'RFC 9530: `sha-256=:<base64 of the sha256>:`', required: true, schema: { type: 'string' } },
            'Cache-Control': { $ref: '#/components/headers/CacheControl' },
          },
        },
        '304': r('NotModified'),
        '400': r('BadRequest'),
        '401': r('Unauthorized'),
        '404': r('NotFound'),
        default: r('Error'),
      },
      handle: ({ ctx, params, request, reply }) => manifest(ctx, params, request, reply),
    }),
  ];
}
