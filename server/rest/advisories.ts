import { z } from 'zod';
import { ADVISORY_KINDS, ADVISORY_SEVERITIES } from '../../domain/advisories.js';
import { advisoryJson } from '../modules/trust/advisory.service.js';
import { json, plain, shared, writeErrors } from './answers.js';
import { route, type Route } from './route.js';

const advisory = z
  .object({
    id: z.string().meta({ description: 'LOOM-YYYY-NNNN' }),
    plugin_id: z.string(),
    affected: z.string().meta({ description: 'The semver range of affected versions' }),
    patched: z.string().nullable(),
    severity: z.enum(ADVISORY_SEVERITIES),
    kind: z.enum(ADVISORY_KINDS),
    summary: z.string(),
    details: z.string(),
    references: z.array(z.string()),
    published_at: z.string(),
  })
  .meta({ id: 'Advisory' });

/** What a publisher sends; the service checks it (after the scope and the write limit, as on GraphQL). */
const advisoryInput = z
  .object({
    plugin_id: z.string(),
    affected: z.string().meta({ description: 'A semver range, e.g. "<1.2.3"' }),
    patched: z.string().nullable().optional(),
    severity: z.enum(ADVISORY_SEVERITIES),
    kind: z.enum(ADVISORY_KINDS),
    summary: z.string().max(200),
    details: z.string().max(20_000),
    references: z.array(z.string()).max(20).optional(),
  })
  .meta({ id: 'AdvisoryInput' });

/** `/api/v1/advisories`: security advisories, public to read; admins and plugin owners publish them. */
export function advisoryRoutes(): Route[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/advisories',
      operationId: 'listAdvisories',
      tags: ['trust'],
      summary: 'Security advisories, newest first (of one plugin with plugin_id)',
      access: 'shared',
      cache: true,
      query: z.strictObject({ plugin_id: z.string().max(64).optional() }),
      responses: shared(json(z.object({ advisories: z.array(advisory) }), 'The advisories')),
      handle: async ({ ctx: { em, services }, query }) => ({ advisories: (await services.advisories.list(em, query.plugin_id)).map(advisoryJson) }),
    }),
    route({
      method: 'POST',
      path: '/api/v1/advisories',
      operationId: 'publishAdvisory',
      tags: ['trust'],
      summary: 'Publish an advisory: admins, and owners for their own plugins',
      access: 'key',
      body: advisoryInput,
      bodyRequired: true,
      bodyCheckedByService: true,
      responses: { '201': plain(advisory, 'The advisory, with its id'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, request, reply }) => {
        const published = await services.advisories.publish(em, viewer, (request.body ?? {}) as Record<string, unknown> as never);
        return reply.code(201).header('location', `/api/v1/advisories?plugin_id=${published.plugin.id}`).send(advisoryJson(published));
      },
    }),
  ];
}
