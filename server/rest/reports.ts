import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ADVISORY_SEVERITIES } from '../../domain/advisories.js';
import { REPORT_DETAILS_MAX, REPORT_KINDS, REPORT_NOTE_MAX, REPORT_STATUSES } from '../../domain/reports.js';
import { reportJson } from '../modules/trust/report.service.js';
import type { PluginReport } from '../modules/trust/report.entity.js';
import { plain, r, writeErrors } from './answers.js';
import { route, type Route } from './route.js';

const report = z
  .object({
    id: z.string(),
    plugin_id: z.string(),
    kind: z.enum(REPORT_KINDS),
    status: z.enum(REPORT_STATUSES),
    details: z.string(),
    contact: z.string().nullable(),
    reporter: z.string().nullable().meta({ description: 'The reporter’s username; null when anonymous' }),
    note: z.string().nullable().meta({ description: 'Why it was closed, for the reporter' }),
    advisory_id: z.string().nullable().meta({ description: 'The advisory published from it' }),
    created_at: z.string(),
    handled_at: z.string().nullable(),
  })
  .meta({ id: 'Report' });

const reportInput = z
  .object({
    kind: z.enum(REPORT_KINDS),
    details: z.string().max(REPORT_DETAILS_MAX),
    contact: z.string().optional().meta({ description: 'An email address; required when not signed in' }),
  })
  .meta({ id: 'ReportInput' });

const params = z.strictObject({ id: z.string().max(64) });
const readErrors = { '400': r('BadRequest'), '401': r('Unauthorized'), '403': r('Forbidden'), '404': r('NotFound'), default: r('Error') };

/** Reports are private: no cache, browser or proxy, may keep one (nor the answer that lists them). */
const privately = (reply: FastifyReply) => reply.header('cache-control', 'no-store');
const one = (reply: FastifyReply, value: PluginReport, status = 200) => privately(reply).code(status).send(reportJson(value));
const many = (reply: FastifyReply, values: PluginReport[]) => privately(reply).send({ reports: values.map(reportJson) });

/** Private reports about plugins (docs/trust.md): anyone files one; its reporter and its handlers read it. */
export function reportRoutes(): Route[] {
  return [
    route({
      method: 'POST',
      path: '/api/v1/plugins/:id/reports',
      operationId: 'reportPlugin',
      tags: ['trust'],
      summary: 'Report a problem privately (security, malware, abuse, license): signed in, or anonymous with a contact address',
      description:
        'Security and license reports are read by the plugin’s owner, maintainers and admins; malware and abuse reports by admins only. ' +
        'An anonymous reporter gets `status_token` (shown once) to follow the report at `GET /api/v1/reports/{id}?token=`. Rate-limited per address.',
      access: 'public',
      params,
      body: reportInput,
      bodyRequired: true,
      bodyCheckedByService: true,
      responses: {
        '201': plain(z.object({ report, status_token: z.string().nullable(), status_url: z.string().nullable() }), 'Filed; anonymous reporters get their status token'),
        ...writeErrors,
      },
      handle: async ({ ctx: { em, viewer, services }, params, request, reply }) => {
        const { report: filed, token } = await services.reports.file(em, viewer, params.id, request.body);
        const statusUrl = token ? `/reports/${filed.id}?token=${token}` : null;
        return privately(reply)
          .code(201)
          .header('location', `/api/v1/reports/${filed.id}`)
          .send({ report: reportJson(filed), status_token: token, status_url: statusUrl });
      },
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports',
      operationId: 'listReports',
      tags: ['trust'],
      summary: 'Reports: those you filed (`mine`), or those you handle (of one plugin with `plugin_id`)',
      access: 'key',
      query: z.strictObject({
        mine: z.enum(['', 'true', 'false']).optional().transform((v) => v === '' || v === 'true').meta({ description: 'Your own reports (`?mine` or `?mine=true`)' }),
        plugin_id: z.string().max(64).optional(),
      }),
      responses: { '200': plain(z.object({ reports: z.array(report) }), 'The reports, newest first'), ...readErrors },
      handle: async ({ ctx: { em, viewer, services }, query, reply }) =>
        many(reply, query.mine ? await services.reports.mine(em, viewer) : await services.reports.handled(em, viewer, query.plugin_id)),
    }),
    route({
      method: 'GET',
      path: '/api/v1/reports/:id',
      operationId: 'getReport',
      tags: ['trust'],
      summary: 'One report: for its reporter (signed in, or with the status token) and its handlers; 404 to anyone else',
      access: 'public',
      params,
      query: z.strictObject({ token: z.string().max(128).optional() }),
      responses: { '200': plain(report, 'The report'), ...readErrors },
      handle: async ({ ctx: { em, viewer, services }, params, query, reply }) => one(reply, await services.reports.get(em, viewer, params.id, query.token)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/reports/:id/close',
      operationId: 'closeReport',
      tags: ['trust'],
      summary: 'Close an open report with a note for the reporter (its handlers)',
      access: 'key',
      params,
      body: z.strictObject({ note: z.string().max(REPORT_NOTE_MAX) }),
      bodyRequired: true,
      responses: { '200': plain(report, 'The closed report'), '409': r('Conflict'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, params, body, reply }) => one(reply, await services.reports.close(em, viewer, params.id, body.note)),
    }),
    route({
      method: 'POST',
      path: '/api/v1/reports/:id/advisory',
      operationId: 'reportToAdvisory',
      tags: ['trust'],
      summary: 'Publish an advisory from an open security or malware report (kind, summary and details prefilled from it)',
      description: 'Needs both: a handler of the report, and a publisher of advisories about the plugin (its owner, or an admin).',
      access: 'key',
      params,
      body: z.strictObject({
        affected: z.string().max(512),
        patched: z.string().max(512).nullable().optional(),
        severity: z.enum(ADVISORY_SEVERITIES),
        summary: z.string().max(200).optional(),
        details: z.string().max(20_000).optional(),
        references: z.array(z.string()).max(20).optional(),
      }),
      bodyRequired: true,
      responses: { '201': plain(report, 'The report, now with its advisory'), '409': r('Conflict'), ...writeErrors },
      handle: async ({ ctx: { em, viewer, services }, params, body, reply }) => one(reply, await services.reports.toAdvisory(em, viewer, params.id, body), 201),
    }),
  ];
}
