import { z } from 'zod';
import { MAX_TELEMETRY_REQUESTS } from '../modules/stats/stats.service.js';
import { plain, writeErrors, r } from './answers.js';
import { route, type Route } from './route.js';
import { accepted } from './schemas.js';

/** Usage reports from the CLI and opt-in telemetry (downloads are counted by the manifest route): anonymous by design. */

const params = z.strictObject({ id: z.string().meta({ description: 'Plugin id' }) });
const installBody = z.strictObject({ version: z.string({ error: 'required: the installed version' }).min(1, { error: 'required: the installed version' }) });

const whole = (max: string) => z.int({ error: `a whole number from 0 to ${max}` }).min(0, { error: `a whole number from 0 to ${max}` });
const telemetryBody = z
  .strictObject({
    plugin_id: z.string({ error: 'required' }).min(1, { error: 'required' }),
    version: z.string({ error: 'required' }).min(1, { error: 'required' }),
    requests: whole(String(MAX_TELEMETRY_REQUESTS)).max(MAX_TELEMETRY_REQUESTS, { error: `a whole number from 0 to ${MAX_TELEMETRY_REQUESTS}` }),
    errors: whole('requests'),
  })
  .refine((b) => b.errors <= b.requests, { path: ['errors'], error: 'a whole number from 0 to requests' });

export function usageRoutes(): Route[] {
  return [
    route({
      method: 'POST',
      path: '/api/v1/plugins/:id/installs',
      operationId: 'reportInstall',
      tags: ['usage'],
      summary: 'Report an installation (the CLI sends X-Loom-Install-Id)',
      access: 'public',
      params,
      body: installBody,
      bodyRequired: true,
      responses: { '204': r('NoContent'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, client, services }, params, body, reply }) => {
        await services.stats.install(em, viewer, client, params.id, body.version);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'DELETE',
      path: '/api/v1/plugins/:id/installs',
      operationId: 'reportUninstall',
      tags: ['usage'],
      summary: 'Report an uninstallation',
      access: 'public',
      params,
      responses: { '204': r('NoContent'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, client, services }, params, reply }) => {
        await services.stats.uninstall(em, viewer, client, params.id);
        return reply.code(204).send();
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/telemetry',
      operationId: 'reportTelemetry',
      tags: ['usage'],
      summary: 'Opt-in error counts for one plugin version',
      access: 'public',
      body: telemetryBody,
      bodyRequired: true,
      responses: { '202': plain(accepted, 'Counted with the next flush'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, body, reply }) => {
        await services.stats.telemetry(em, viewer, { pluginId: body.plugin_id, version: body.version, requests: body.requests, errors: body.errors });
        return reply.code(202).send({ accepted: true });
      },
    }),
  ];
}
