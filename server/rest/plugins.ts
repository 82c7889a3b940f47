import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publicContext, type Context } from '../context.js';
import { AppError, BadInputError } from '../errors.js';
import { resource } from '../http.js';
import { toRegistryEntry, type RegistryEntry } from '../../domain/registry-entry.js';
import { rfc3339 } from '../../domain/time.js';
import { visibleReviewCount, type Plugin } from '../modules/catalog/plugin.entity.js';
import { CAPABILITY_NAMES, type CapabilityFlag } from '../../domain/capabilities.js';
import { Category } from '../../domain/plugin.js';
import type { PluginsArgs } from '../modules/catalog/plugin.inputs.js';
import type { Review } from '../modules/community/review.entity.js';
import { notInstallableReason } from '../modules/publishing/current.js';
import type { PluginVersion } from '../modules/publishing/version.entity.js';
import type { Em } from '../orm.js';
import type { Window } from '../pagination.js';
import { PluginSort } from '../search/search.js';
import { cacheControl, etagMatches } from '../cache/rest-cache.js';
import { MAX_OFFSET, boolean, integer, list, objectBody, oneOf, parseQuery } from './params.js';
import type { RestKit } from './routes.js';

/** `/api/v1/plugins…`: the registry document's API, over the same PluginService and loaders as GraphQL. */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

const SORTS = { downloads: PluginSort.DOWNLOADS, rating: PluginSort.RATING, updated: PluginSort.UPDATED } as const;

export const listQuery = z.strictObject({
  search: z.string().optional(),
  tags: list(z.string()).optional(),
  verified: boolean.optional(),
  sort: oneOf(['downloads', 'rating', 'updated']).optional(),
  limit: integer(1, MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: integer(0, MAX_OFFSET).default(0),
  category: oneOf(Object.values(Category) as [Category, ...Category[]]).optional(),
  provider_type: z.string().max(64, { error: 'at most 64 characters' }).optional(),
  capabilities: list(oneOf(CAPABILITY_NAMES)).optional(),
});

export const detailQuery = z.strictObject({
  reviews_limit: integer(0, MAX_LIMIT).default(DEFAULT_LIMIT),
  reviews_offset: integer(0, MAX_OFFSET).default(0),
});

export const reviewsQuery = z.strictObject({
  limit: integer(1, MAX_LIMIT).default(DEFAULT_LIMIT),
  offset: integer(0, MAX_OFFSET).default(0),
});

/** REST parameters as the GraphQL `plugins` arguments, so both go through PluginService.query alike. */
export function toPluginsArgs(q: z.output<typeof listQuery>): PluginsArgs {
  return {
    search: q.search,
    tags: q.tags,
    verified: q.verified,
    sort: q.sort && SORTS[q.sort],
    limit: q.limit,
    offset: q.offset,
    category: q.category,
    providerType: q.provider_type,
    capabilities: q.capabilities as CapabilityFlag[] | undefined,
  };
}

/** `page` counts from 1 at `offset`; `pages` is 0 for an empty result. */
export function pageNumbers(window: Window, total: number): { page: number; pages: number } {
  return { page: Math.floor(window.offset / window.limit) + 1, pages: Math.ceil(total / window.limit) };
}

export interface VersionJson {
  version: string;
  published_at: string;
  changes: string;
  prerelease: boolean;
  yanked: boolean;
  yanked_reason: string | null;
  quality: { score: number; items: { id: string; label: string; passed: boolean; detail: string }[]; assessed_at: string } | null;
}

export interface ReviewJson {
  rating: number;
  comment: string;
  author: string;
  date: string;
}

/** A registry.json entry as the REST API lists it: whether `loom plugin install <id>` finds a version to install. */
export type PluginJson = RegistryEntry & { installable: boolean };

export type PluginDetail = Omit<PluginJson, 'reviews'> & {
  /** Why no version can be installed; null when one can. */
  not_installable_reason: string | null;
  versions: VersionJson[];
  stats: { downloads: number; downloads_last_30d: number; stars: number; rating: number; rating_count: number };
  reviews: ReviewJson[];
  reviews_total: number;
};

function toVersionJson(v: PluginVersion): VersionJson {
  return {
    version: v.version,
    published_at: rfc3339(v.publishedAt),
    changes: v.changes,
    prerelease: v.prerelease,
    yanked: v.yankedReason != null,
    yanked_reason: v.yankedReason ?? null,
    quality: v.quality ? { score: v.quality.score, items: v.quality.items, assessed_at: v.quality.assessedAt } : null,
  };
}

async function toReviewsJson({ loaders }: Context, reviews: Review[]): Promise<ReviewJson[]> {
  const authors = await Promise.all(reviews.map((r) => loaders.users.byId.load(r.user.id)));
  return reviews.map((r, i) => ({ rating: r.rating, comment: r.comment, author: authors[i]?.username ?? '', date: r.createdAt.toISOString().slice(0, 10) }));
}

function reviewPage(ctx: Context, plugin: Plugin, window: Window): Promise<Review[]> {
  return window.limit === 0 ? Promise.resolve([]) : ctx.loaders.reviews.page.load({ pluginId: plugin.id, ...window });
}

async function listPlugins(kit: RestKit, query: unknown) {
  const q = parseQuery(listQuery, query);
  const { services } = kit;
  const page = await services.plugins.list(services.plugins.query(toPluginsArgs(q)));
  return { total: page.total, plugins: page.plugins.map((p) => toPluginJson(kit, p)), ...pageNumbers(page.window, page.total), did_you_mean: page.didYouMean ?? null };
}

function toPluginJson(kit: RestKit, plugin: Plugin): PluginJson {
  return { ...toRegistryEntry(plugin, kit.services.links.registry), installable: plugin.installable };
}

async function pluginDetail(kit: RestKit, id: string, query: unknown): Promise<PluginDetail> {
  const q = parseQuery(detailQuery, query);
  const ctx = publicContext(kit.orm, kit.services);
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

async function pluginReviews(kit: RestKit, id: string, query: unknown) {
  const q = parseQuery(reviewsQuery, query);
  const ctx = publicContext(kit.orm, kit.services);
  const plugin = await kit.services.plugins.get(id);
  const total = visibleReviewCount(plugin);
  return { total, reviews: await toReviewsJson(ctx, await reviewPage(ctx, plugin, q)), ...pageNumbers(q, total) };
}

/**
 * The manifest snapshot, byte for byte: never compressed, so its ETag and Repr-Digest (RFC 9530) are the
 * sha256 of exactly the bytes sent, which the CLI checks before installing. Each GET counts one download
 * (once per client per version per day); a HEAD counts nothing.
 */
async function manifest(kit: RestKit, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { id, version } = request.params as { id: string; version: string };
  const em = kit.orm.em.fork() as Em;
  const { stats } = kit.services;
  const snapshot = request.method === 'HEAD' ? await stats.manifest(em, id, version) : await stats.download(em, kit.services.clientOf(request), id, version);
  const etag = `"${snapshot.sha256}"`;
  reply.header('etag', etag).header('cache-control', cacheControl(request));
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply
    .header('content-type', 'application/yaml')
    .header('repr-digest', `sha-256=:${Buffer.from(snapshot.sha256, 'hex').toString('base64')}:`)
    .send(Buffer.from(snapshot.manifest));
}

type Params = { id: string };

export function registerPluginRoutes(server: FastifyInstance, kit: RestKit): void {
  const own = { compress: false } as const;
  resource(
    server,
    '/api/v1/plugins',
    {
      GET: (request, reply) => kit.json(request, reply, () => listPlugins(kit, request.query)),
      // registry-submission.json: the same service as GraphQL `submitPlugin`
      POST: async (request, reply) => {
        const { em, viewer, services } = await kit.contextFor(request);
        const key = request.headers['idempotency-key'];
        const receipt = await services.submissions.submit(em, viewer, request.body, Array.isArray(key) ? key[0] : key);
        return reply.code(202).header('location', `/api/v1/submissions/${receipt.submission_id}`).send(receipt);
      },
    },
    own,
  );
  resource(
    server,
    '/api/v1/plugins/:id',
    { GET: (request, reply) => kit.json(request, reply, () => pluginDetail(kit, (request.params as Params).id, request.query)) },
    own,
  );
  resource(
    server,
    '/api/v1/plugins/:id/reviews',
    {
      GET: (request, reply) => kit.json(request, reply, () => pluginReviews(kit, (request.params as Params).id, request.query)),
      POST: async (request) => {
        const ctx = await kit.contextFor(request);
        const b = objectBody(request);
        if (b.comment !== undefined && typeof b.comment !== 'string') throw new BadInputError('comment', 'must be a string');
        const review = await ctx.services.reviews.upsert(ctx.em, ctx.viewer, (request.params as Params).id, b.rating as number, b.comment as string | undefined);
        return (await toReviewsJson(ctx, [review]))[0];
      },
      DELETE: async (request, reply) => {
        const { em, viewer, services } = await kit.contextFor(request);
        if (!(await services.reviews.remove(em, viewer, (request.params as Params).id))) throw new AppError('NOT_FOUND', 'you have no review of this plugin');
        return reply.code(204).send();
      },
    },
    own,
  );
  resource(server, '/api/v1/plugins/:id/versions/:version/manifest', { GET: (request, reply) => manifest(kit, request, reply) }, own);
}
