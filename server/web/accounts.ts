import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError } from '../../client/client.js';
import { CreateKeyDocument, RevokeKeyDocument, SettingsDocument, SignInDocument, SignOutDocument, SignUpDocument } from '../../web/gql/graphql.js';
import type { FormProblem } from '../../web/src/account-pages.js';
import { resource } from '../http.js';
import { registerFormPages, list, safeNext, text, type Form, type FormDeps } from './forms.js';
import { inProcessClient } from './pages.js';

/**
 * The account pages: /signup, /login, /logout and /settings (profile, API keys). Plain HTML forms, so they work
 * without JavaScript. Every write is one of the API's GraphQL mutations, run in-process as the browser's session.
 */
export function registerAccountPages(server: FastifyInstance, deps: FormDeps): void {
  registerFormPages(server, deps, (scope, { page, csrfOf, csrfOk, refuseForgery, problemOf, session, startSession, endSession, asViewer, toLogin }) => {
    resource(scope, '/signup', {
      GET: async (request, reply) => page(reply, 200, { kind: 'sign-up', csrf: csrfOf(request, reply), values: {} }),
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        const form = request.body as Form;
        const values = { username: text(form, 'username').trim(), displayName: text(form, 'displayName').trim(), email: text(form, 'email').trim() };
        try {
          const { signUp } = await inProcessClient(deps.graphql, undefined, request.ip).request(SignUpDocument, { ...values, password: text(form, 'password') });
          return startSession(reply, signUp.key).redirect('/settings', 303);
        } catch (err) {
          const { status, problem } = problemOf(err);
          return page(reply, status, { kind: 'sign-up', csrf: csrfOf(request, reply), values, problem });
        }
      },
    });

    resource(scope, '/login', {
      GET: async (request, reply) => page(reply, 200, { kind: 'sign-in', csrf: csrfOf(request, reply), login: '', next: safeNext(text(request.query as Form, 'next')) }),
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        const form = request.body as Form;
        const login = text(form, 'login').trim();
        const next = safeNext(text(form, 'next'));
        try {
          const { signIn } = await inProcessClient(deps.graphql, undefined, request.ip).request(SignInDocument, { login, password: text(form, 'password') });
          return startSession(reply, signIn.key).redirect(next, 303);
        } catch (err) {
          const { status, problem } = problemOf(err);
          return page(reply, status, { kind: 'sign-in', csrf: csrfOf(request, reply), login, next, problem });
        }
      },
    });

    resource(scope, '/logout', {
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        if (session(request)) await asViewer(request).request(SignOutDocument, {}).catch((err) => problemOf(err));
        return endSession(reply).redirect('/', 303);
      },
    });

    /** The settings page as the session sees it, or the way to the sign-in page when there is no live session. */
    const settings = async (request: FastifyRequest, reply: FastifyReply, status: number, extra: { created?: { key: string; name: string }; problem?: FormProblem } = {}) => {
      if (!session(request)) return toLogin(reply);
      const me = await asViewer(request)
        .request(SettingsDocument, {})
        .then((data) => data.me)
        .catch((err) => {
          if (err instanceof ClientError && err.code === 'UNAUTHENTICATED') return null;
          throw err;
        });
      if (!me) return toLogin(endSession(reply));
      return page(reply, status, { kind: 'settings', csrf: csrfOf(request, reply), me, ...extra });
    };

    resource(scope, '/settings', { GET: async (request, reply) => settings(request, reply, 200) });

    resource(scope, '/settings/keys', {
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        if (!session(request)) return toLogin(reply);
        const form = request.body as Form;
        const days = text(form, 'expires_days').trim();
        if (days && !/^\d{1,4}$/.test(days)) return settings(request, reply, 400, { problem: { message: 'expires after: a whole number of days', field: 'expires_days' } });
        const expiresAt = days ? new Date(Date.now() + Number(days) * 24 * 3600 * 1000).toISOString() : null;
        try {
          const { createApiKey } = await asViewer(request).request(CreateKeyDocument, { name: text(form, 'name').trim() || null, scopes: list(form, 'scopes'), expiresAt });
          return settings(request, reply, 200, { created: { key: createApiKey.key, name: createApiKey.apiKey.name } });
        } catch (err) {
          const { status, problem } = problemOf(err);
          return settings(request, reply, status, { problem });
        }
      },
    });

    resource(scope, '/settings/keys/:id/revoke', {
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        if (!session(request)) return toLogin(reply);
        try {
          await asViewer(request).request(RevokeKeyDocument, { id: (request.params as { id: string }).id });
          return reply.redirect('/settings', 303);
        } catch (err) {
          const { status, problem } = problemOf(err);
          return settings(request, reply, status, { problem });
        }
      },
    });
  });
}
