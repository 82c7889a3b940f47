import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { resource } from '../http.js';
import { utcDay } from '../modules/stats/days.js';
import type { Review } from '../modules/review/review.entity.js';

type ContextFor = (request: FastifyRequest) => Promise<Context>;
type PluginParams = FastifyRequest<{ Params: { id: string; version?: string } }>;

function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadInputError('body', 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** The spec's review shape. */
export function reviewBody(review: Review, author: string) {
  return { rating: review.rating, comment: review.comment, author, date: utcDay(review.createdAt) };
}

/** Installing (the manifest route counts downloads), usage reports, telemetry and reviews for scripts. */
export function registerUsageRoutes(server: FastifyInstance, contextFor: ContextFor): void {
  resource(server, '/api/v1/plugins/:id/versions/:version/manifest', {
    GET: async (request, reply) => {
      const { em, client, services } = await contextFor(request);
      const { id, version } = (request as PluginParams).params;
      const download = await services.stats.download(em, client, id, version!);
      return reply
        .header('content-type', 'application/yaml; charset=utf-8')
        .header('etag', `"${download.sha256}"`)
        .header('repr-digest', `sha-256=:${Buffer.from(download.sha256, 'hex').toString('base64')}:`)
        .header('cache-control', 'no-store')
        .send(download.manifest);
    },
  });

  resource(server, '/api/v1/plugins/:id/installs', {
    POST: async (request, reply) => {
      const { em, viewer, client, services } = await contextFor(request);
      const { version } = body(request);
      if (typeof version !== 'string' || !version) throw new BadInputError('version', 'required: the installed version');
      await services.stats.install(em, viewer, client, (request as PluginParams).params.id, version);
      return reply.code(204).send();
    },
    DELETE: async (request, reply) => {
      const { em, client, services } = await contextFor(request);
      await services.stats.uninstall(em, client, (request as PluginParams).params.id);
      return reply.code(204).send();
    },
  });

  resource(server, '/api/v1/telemetry', {
    POST: async (request, reply) => {
      const { em, services } = await contextFor(request);
      const b = body(request);
      await services.stats.telemetry(em, { pluginId: b.plugin_id, version: b.version, requests: b.requests, errors: b.errors });
      return reply.code(202).send({ accepted: true });
    },
  });

  resource(server, '/api/v1/plugins/:id/reviews', {
    POST: async (request) => {
      const { em, viewer, services } = await contextFor(request);
      const b = body(request);
      if (b.comment !== undefined && typeof b.comment !== 'string') throw new BadInputError('comment', 'must be a string');
      const review = await services.reviews.upsert(em, viewer, (request as PluginParams).params.id, b.rating as number, b.comment as string | undefined);
      return reviewBody(review, viewer.user!.username);
    },
    DELETE: async (request, reply) => {
      const { em, viewer, services } = await contextFor(request);
      const removed = await services.reviews.remove(em, viewer, (request as PluginParams).params.id);
      return removed ? reply.code(204).send() : reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'you have no review of this plugin' } });
    },
  });
}
