import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicContext } from '../context.js';
import { BadInputError } from '../errors.js';
import { resource } from '../http.js';
import { advisoryJson, type AdvisoryInput } from '../modules/trust/advisory.service.js';
import { objectBody } from './params.js';
import type { RestKit } from './routes.js';

/** `/api/v1/advisories`: security advisories, public to read; admins and plugin owners publish them. */
export function registerAdvisoryRoutes(server: FastifyInstance, kit: RestKit): void {
  resource(server, '/api/v1/advisories', {
    GET: (request: FastifyRequest, reply: FastifyReply) =>
      kit.json(request, reply, async () => {
        const { plugin_id } = request.query as { plugin_id?: unknown };
        if (plugin_id !== undefined && typeof plugin_id !== 'string') throw new BadInputError('plugin_id', 'give it once');
        const { em } = publicContext(kit.orm, kit.services);
        return { advisories: (await kit.services.advisories.list(em, plugin_id)).map(advisoryJson) };
      }),
    POST: async (request: FastifyRequest, reply: FastifyReply) => {
      const { em, viewer, services } = await kit.contextFor(request);
      const advisory = await services.advisories.publish(em, viewer, objectBody(request) as unknown as AdvisoryInput);
      return reply.code(201).header('location', `/api/v1/advisories?plugin_id=${advisory.plugin.id}`).send(advisoryJson(advisory));
    },
  });
}
