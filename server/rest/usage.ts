import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContextFor } from '../context.js';
import { BadInputError } from '../errors.js';
import { resource } from '../http.js';
import { objectBody } from './params.js';

type PluginParams = FastifyRequest<{ Params: { id: string; version?: string } }>;

/** Usage reports from the CLI and opt-in telemetry (downloads are counted by the manifest route). */
export function registerUsageRoutes(server: FastifyInstance, contextFor: ContextFor): void {
  resource(server, '/api/v1/plugins/:id/installs', {
    POST: async (request, reply) => {
      const { em, viewer, client, services } = await contextFor(request);
      const { version } = objectBody(request);
      if (typeof version !== 'string' || !version) throw new BadInputError('version', 'required: the installed version');
      await services.stats.install(em, viewer, client, (request as PluginParams).params.id, version);
      return reply.code(204).send();
    },
    DELETE: async (request, reply) => {
      const { em, viewer, client, services } = await contextFor(request);
      await services.stats.uninstall(em, viewer, client, (request as PluginParams).params.id);
      return reply.code(204).send();
    },
  });

  resource(server, '/api/v1/telemetry', {
    POST: async (request, reply) => {
      const { em, viewer, services } = await contextFor(request);
      const b = objectBody(request);
      await services.stats.telemetry(em, viewer, { pluginId: b.plugin_id, version: b.version, requests: b.requests, errors: b.errors });
      return reply.code(202).send({ accepted: true });
    },
  });
}
