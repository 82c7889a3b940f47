import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError } from '../../client/client.js';
import { CloseReportFormDocument, FileReportDocument, ReportAdvisoryFormDocument, ReportsPageDocument, ReportStatusDocument, type AdvisorySeverity, type ReportKind } from '../../web/gql/graphql.js';
import type { FormProblem } from '../../web/src/account-pages.js';
import { resource } from '../http.js';
import { registerFormPages, text, type Form, type FormDeps, type FormKit } from './forms.js';

const KINDS = new Set(['SECURITY', 'MALWARE', 'ABUSE', 'LICENSE']);
const SEVERITIES = new Set(['LOW', 'MODERATE', 'HIGH', 'CRITICAL']);

/**
 * The private report pages: the "Report a problem" form of a plugin (anonymous with a contact address), the page
 * an anonymous reporter's status link opens, and /reports (what the session handles, and what it filed) with the
 * close and advisory forms. Never kept by a cache (`no-store`, like every form page).
 */
export function registerReportPages(server: FastifyInstance, deps: FormDeps): void {
  registerFormPages(server, deps, (scope, kit: FormKit) => {
    const { page, csrfOf, csrfOk, refuseForgery, problemOf, session, asViewer, toLogin } = kit;
    const pluginOf = (request: FastifyRequest) => (request.params as { id: string }).id.slice(0, 64);

    resource(scope, '/plugins/:id/report', {
      GET: async (request, reply) => page(reply, 200, { kind: 'report-form', pluginId: pluginOf(request), csrf: csrfOf(request, reply), values: {} }),
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        const pluginId = pluginOf(request);
        const form = request.body as Form;
        const values = { kind: text(form, 'kind'), details: text(form, 'details', 10_001), contact: text(form, 'contact').trim() };
        const refuse = (status: number, problem: FormProblem) => page(reply, status, { kind: 'report-form', pluginId, csrf: csrfOf(request, reply), values, problem });
        if (!KINDS.has(values.kind)) return refuse(400, { message: 'kind: choose what kind of problem it is', field: 'kind' });
        try {
          const { reportPlugin } = await asViewer(request).request(FileReportDocument, {
            input: { pluginId, kind: values.kind as ReportKind, details: values.details, contact: values.contact || null },
          });
          const token = reportPlugin.statusToken;
          return page(reply, 201, { kind: 'report-filed', report: reportPlugin.report, statusUrl: token ? `/reports/${reportPlugin.report.id}?token=${token}` : null });
        } catch (err) {
          const { status, problem } = problemOf(err);
          return refuse(status, problem);
        }
      },
    });

    /** The lists, or the way to the sign-in page when there is no live session. */
    const reports = async (request: FastifyRequest, reply: FastifyReply, status: number, problem?: FormProblem) => {
      if (!session(request)) return toLogin(reply, '/reports');
      try {
        const data = await asViewer(request).request(ReportsPageDocument, {});
        return page(reply, status, { kind: 'reports', data, csrf: csrfOf(request, reply), problem });
      } catch (err) {
        if (err instanceof ClientError && err.code === 'UNAUTHENTICATED') return toLogin(reply, '/reports');
        const refused = problemOf(err);
        return page(reply, refused.status, { kind: 'error', message: refused.problem.message });
      }
    };

    resource(scope, '/reports', { GET: async (request, reply) => reports(request, reply, 200) });

    resource(scope, '/reports/:id', {
      GET: async (request, reply) => {
        const { id } = request.params as { id: string };
        const token = text(request.query as Form, 'token') || null;
        if (!token && !session(request)) return toLogin(reply, `/reports/${encodeURIComponent(id)}`);
        try {
          const { report } = await asViewer(request).request(ReportStatusDocument, { id: id.slice(0, 64), token });
          return page(reply, 200, { kind: 'report-status', report });
        } catch (err) {
          const { status } = problemOf(err);
          // the same page for a report that does not exist and for one the caller may not see
          return page(reply, status === 401 ? 404 : status, status === 404 || status === 401 ? { kind: 'not-found', id } : { kind: 'error', message: problemOf(err).problem.message });
        }
      },
    });

    /** A handler's action on one report, then back to the list (with the refusal, if any). */
    const act = (run: (request: FastifyRequest, id: string, form: Form) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
      if (!csrfOk(request)) return refuseForgery(reply);
      if (!session(request)) return toLogin(reply, '/reports');
      try {
        await run(request, (request.params as { id: string }).id.slice(0, 64), request.body as Form);
        return reply.redirect('/reports', 303);
      } catch (err) {
        const { status, problem } = problemOf(err);
        return reports(request, reply, status, problem);
      }
    };

    resource(scope, '/reports/:id/close', {
      POST: act((request, id, form) => asViewer(request).request(CloseReportFormDocument, { id, note: text(form, 'note', 2001) })),
    });

    resource(scope, '/reports/:id/advisory', {
      POST: act((request, id, form) => {
        const severity = text(form, 'severity');
        const patched = text(form, 'patched').trim();
        return asViewer(request).request(ReportAdvisoryFormDocument, {
          id,
          input: { affected: text(form, 'affected').trim(), patched: patched || null, severity: (SEVERITIES.has(severity) ? severity : 'MODERATE') as AdvisorySeverity },
        });
      }),
    });
  });
}
