import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError, type Client } from '../../client/client.js';
import {
  AddMaintainerDocument,
  DashboardDocument,
  DeprecatePluginDocument,
  PluginDashboardDocument,
  RemoveMaintainerDocument,
  TransferOwnershipDocument,
  UndeprecatePluginDocument,
  UnyankVersionDocument,
  YankVersionDocument,
  type PluginDashboardQuery,
} from '../../web/gql/graphql.js';
import type { DashboardProblem } from '../../web/src/dashboard-page.js';
import { resource } from '../http.js';
import { toCsv } from './csv.js';
import { registerFormPages, text, type Form, type FormDeps, type FormKit } from './forms.js';

type Params = Record<string, string>;

/** The figures of an analytics answer as long-format CSV: one row per (series, key). */
export function analyticsCsv(pluginId: string, a: PluginDashboardQuery['pluginAnalytics']): string {
  const rows: (string | number)[][] = [['plugin', 'series', 'key', 'value']];
  const add = (series: string, key: string, value: number) => rows.push([pluginId, series, key, value]);
  add('downloads', `${a.from}..${a.to}`, a.downloads);
  add('downloads', 'all time', a.totalDownloads);
  add('active_installs', 'all versions', a.activeInstalls);
  add('telemetry', 'requests', a.errorRate.requests);
  add('telemetry', 'errors', a.errorRate.errors);
  add('telemetry', 'error_rate', a.errorRate.rate);
  for (const d of a.daily) add('daily_downloads', d.day, d.count);
  for (const m of a.monthly) add('monthly_downloads', m.month, m.count);
  for (const v of a.versions) add('version_downloads', v.key, v.count);
  for (const v of a.installsByVersion) add('version_installs', v.key, v.count);
  for (const c of a.countries) add('country_downloads', c.key, c.count);
  for (const r of a.ratingTrend) {
    add('rating_average', r.month, r.average);
    add('rating_count', r.month, r.count);
  }
  return toCsv(rows);
}

/**
 * The author dashboard: /dashboard (the plugins the session owns or maintains), /dashboard/:id (one plugin's analytics
 * over a date range, its versions, deprecation and maintainers), /dashboard/:id/analytics.csv, and a form per action.
 * Every read and write is one of the API's GraphQL operations run as the session, so the API's rules and refusals
 * (who may see the analytics, a bad date range, who may add maintainers) are the page's.
 */
export function registerDashboardPages(server: FastifyInstance, deps: FormDeps): void {
  registerFormPages(server, deps, (scope, kit) => {
    const { page, csrfOf, csrfOk, refuseForgery, problemOf, session, endSession, asViewer, toLogin } = kit;

    resource(scope, '/dashboard', {
      GET: async (request, reply) => {
        if (!session(request)) return toLogin(reply, '/dashboard');
        const me = await asViewer(request)
          .request(DashboardDocument, {})
          .then((data) => data.me)
          .catch((err) => {
            if (err instanceof ClientError && err.code === 'UNAUTHENTICATED') return null;
            throw err;
          });
        if (!me) return toLogin(endSession(reply), '/dashboard');
        return page(reply, 200, { kind: 'dashboard', me });
      },
    });

    /**
     * One plugin's dashboard for the range asked. A range the API refuses is shown beside the range form with the
     * API's message, over the default range's figures; a plugin that is not there, or not the session's, is a 404/403.
     */
    const pluginPage = async (request: FastifyRequest, reply: FastifyReply, id: string, status: number, range: { from: string; to: string }, problem?: DashboardProblem): Promise<FastifyReply> => {
      const client = asViewer(request);
      const read = (from: string, to: string) => client.request(PluginDashboardDocument, { id, from: from || null, to: to || null });
      let data: PluginDashboardQuery;
      try {
        data = await read(range.from, range.to);
      } catch (err) {
        const refusal = answerRefusal(kit, reply, err, id);
        if (refusal) return refusal;
        // the range: the API's message beside the form, the default range's figures below it
        const refused = problemOf(err);
        status = refused.status;
        problem = { ...refused.problem, form: 'range' };
        data = await read('', '');
      }
      const plugin = data.plugin!;
      return page(reply, status, { kind: 'plugin-dashboard', data: { csrf: csrfOf(request, reply), plugin, analytics: data.pluginAnalytics, range, problem } });
    };

    const rangeOf = (request: FastifyRequest) => {
      const query = request.query as Form;
      return { from: text(query, 'from', 40).trim(), to: text(query, 'to', 40).trim() };
    };

    resource(scope, '/dashboard/:id', {
      GET: async (request, reply) => {
        const { id } = request.params as Params;
        if (!session(request)) return toLogin(reply, request.url);
        return pluginPage(request, reply, id, 200, rangeOf(request));
      },
    });

    resource(scope, '/dashboard/:id/analytics.csv', {
      GET: async (request, reply) => {
        const { id } = request.params as Params;
        if (!session(request)) return toLogin(reply, request.url);
        const range = rangeOf(request);
        try {
          const data = await asViewer(request).request(PluginDashboardDocument, { id, from: range.from || null, to: range.to || null });
          const a = data.pluginAnalytics;
          return reply
            .code(200)
            .header('cache-control', 'no-store')
            .header('content-disposition', `attachment; filename="${data.plugin!.id}-analytics-${a.from}-${a.to}.csv"`)
            .type('text/csv; charset=utf-8')
            .send(analyticsCsv(data.plugin!.id, a));
        } catch (err) {
          if (!(err instanceof ClientError)) throw err;
          // the same page a browser would have been shown for this range, the refusal on it
          return pluginPage(request, reply, id, 200, range);
        }
      },
    });

    /** A form posting one mutation about a plugin: back to its dashboard (303), or its refusal beside the form. */
    const action = (path: string, form: (params: Params) => string, run: (client: Client, params: Params, body: Form) => Promise<unknown>, after?: (params: Params) => string) =>
      resource(scope, path, {
        POST: async (request, reply) => {
          if (!csrfOk(request)) return refuseForgery(reply);
          const params = request.params as Params;
          const back = `/dashboard/${encodeURIComponent(params.id)}`;
          if (!session(request)) return toLogin(reply, back);
          try {
            await run(asViewer(request), params, request.body as Form);
            return reply.redirect(after?.(params) ?? back, 303);
          } catch (err) {
            const { status, problem } = problemOf(err);
            if (status === 401) return toLogin(endSession(reply), back);
            return pluginPage(request, reply, params.id, status, { from: '', to: '' }, { ...problem, form: form(params) });
          }
        },
      });

    action(
      '/dashboard/:id/versions/:version/yank',
      (p) => `yank:${p.version}`,
      (client, p, body) => client.request(YankVersionDocument, { pluginId: p.id, version: p.version, reason: text(body, 'reason').trim() }),
    );
    action(
      '/dashboard/:id/versions/:version/unyank',
      (p) => `unyank:${p.version}`,
      (client, p) => client.request(UnyankVersionDocument, { pluginId: p.id, version: p.version }),
    );
    action(
      '/dashboard/:id/deprecate',
      () => 'deprecate',
      (client, p, body) => client.request(DeprecatePluginDocument, { id: p.id, message: text(body, 'message').trim(), replacement: text(body, 'replacement').trim() || null }),
    );
    action(
      '/dashboard/:id/undeprecate',
      () => 'undeprecate',
      (client, p) => client.request(UndeprecatePluginDocument, { id: p.id }),
    );
    action(
      '/dashboard/:id/maintainers',
      () => 'maintainer-add',
      (client, p, body) => client.request(AddMaintainerDocument, { pluginId: p.id, username: text(body, 'username').trim() }),
    );
    action(
      '/dashboard/:id/maintainers/:username/remove',
      (p) => `maintainer-remove:${p.username}`,
      (client, p) => client.request(RemoveMaintainerDocument, { pluginId: p.id, username: p.username }),
    );
    action(
      '/dashboard/:id/transfer',
      () => 'transfer',
      (client, p, body) => client.request(TransferOwnershipDocument, { pluginId: p.id, username: text(body, 'username').trim() }),
      () => '/dashboard',
    );
  });
}

/** The answer for a dashboard that cannot be shown at all: no session, no such plugin, not the session's; undefined for a bad range. */
function answerRefusal(kit: FormKit, reply: FastifyReply, err: unknown, id: string): FastifyReply | undefined {
  if (!(err instanceof ClientError)) throw err;
  switch (err.code) {
    case 'UNAUTHENTICATED':
      return kit.toLogin(kit.endSession(reply), `/dashboard/${encodeURIComponent(id)}`);
    case 'NOT_FOUND':
      return kit.page(reply, 404, { kind: 'not-found', id });
    case 'FORBIDDEN':
      return kit.page(reply, 403, { kind: 'error', message: err.message });
    case 'BAD_USER_INPUT':
      return undefined;
    default:
      throw err;
  }
}
