import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError } from '../../client/client.js';
import { CreateKeyDocument, RevokeKeyDocument, SettingsDocument, SignInDocument, SignOutDocument, SignUpDocument } from '../../web/gql/graphql.js';
import type { FormProblem } from '../../web/src/account-pages.js';
import type { Page } from '../../web/src/app.js';
import type { ErrorCode } from '../../domain/error-codes.js';
import { HTTP_STATUS } from '../errors.js';
import { resource } from '../http.js';
import { inProcessClient } from './pages.js';

const SESSION_COOKIE = 'loom_session';
const CSRF_COOKIE = 'loom_csrf';
const SESSION_SECONDS = 30 * 24 * 3600;
/** The API's refusals a form shows beside its fields (answered with the API's status); anything else is an error. */
const FORM_PROBLEMS = new Set<string>(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED']);

export interface AccountDeps {
  html(page: Page): Buffer;
  secureCookies: boolean;
}

type Form = Record<string, string | string[] | undefined>;
const text = (form: Form, name: string) => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value)?.slice(0, 1024) ?? '';
};
const list = (form: Form, name: string) => [form[name] ?? []].flat().slice(0, 10);

/** Only a path of this site (`/…`, never `//host`) is followed after signing in. */
const safeNext = (next: string) => (/^\/(?![/\\])/.test(next) ? next : '/settings');

/**
 * The account pages: /signup, /login, /logout and /settings (profile, API keys). Plain HTML forms, so they work
 * without JavaScript. Every write is one of the API's GraphQL mutations, run in-process as the browser's session.
 * The session is an API key (`session: true`, 30 days) in an HttpOnly, SameSite=Lax cookie (Secure behind TLS); every
 * form carries a CSRF token that must match the browser's `loom_csrf` cookie (double submit).
 */
export function registerAccountPages(server: FastifyInstance, deps: AccountDeps): void {
  void server.register(async (scope) => {
    await scope.register(cookie);
    // forms are urlencoded; this parser exists only inside these routes, the API still refuses such bodies with 415
    await scope.register(formbody, { bodyLimit: 16 * 1024 });
    const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies, path: '/' };

    const page = (reply: FastifyReply, status: number, value: Page) =>
      reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(deps.html(value));

    /** The browser's CSRF token, set on the first form it is shown. */
    const csrfOf = (request: FastifyRequest, reply: FastifyReply): string => {
      const kept = request.cookies[CSRF_COOKIE];
      if (kept && /^[A-Za-z0-9_-]{43}$/.test(kept)) return kept;
      const fresh = randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, fresh, cookieOptions);
      return fresh;
    };
    /** Whether the form came from a page of this site: its token equals the cookie's. */
    const csrfOk = (request: FastifyRequest): boolean => {
      const kept = request.cookies[CSRF_COOKIE] ?? '';
      const sent = text(request.body as Form, 'csrf');
      return kept.length === 43 && sent.length === 43 && timingSafeEqual(Buffer.from(kept), Buffer.from(sent));
    };
    const refuseForgery = (reply: FastifyReply) => page(reply, 403, { kind: 'error', message: 'This form has expired or did not come from this site: reload the page and try again.' });
    const problemOf = (err: unknown): { status: number; problem: FormProblem } => {
      if (!(err instanceof ClientError) || !FORM_PROBLEMS.has(err.code)) throw err;
      const field = err.details?.field;
      return { status: HTTP_STATUS[err.code as ErrorCode], problem: { message: err.message, field: typeof field === 'string' ? field : undefined } };
    };
    const startSession = (reply: FastifyReply, key: string) => reply.setCookie(SESSION_COOKIE, key, { ...cookieOptions, maxAge: SESSION_SECONDS });
    const session = (request: FastifyRequest) => request.cookies[SESSION_COOKIE];
    const asViewer = (request: FastifyRequest) => inProcessClient(scope, session(request), request.ip);
    const toLogin = (reply: FastifyReply, next = '/settings') => reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303);

    resource(scope, '/signup', {
      GET: async (request, reply) => page(reply, 200, { kind: 'sign-up', csrf: csrfOf(request, reply), values: {} }),
      POST: async (request, reply) => {
        if (!csrfOk(request)) return refuseForgery(reply);
        const form = request.body as Form;
        const values = { username: text(form, 'username').trim(), displayName: text(form, 'displayName').trim(), email: text(form, 'email').trim() };
        try {
          const { signUp } = await inProcessClient(scope, undefined, request.ip).request(SignUpDocument, { ...values, password: text(form, 'password') });
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
          const { signIn } = await inProcessClient(scope, undefined, request.ip).request(SignInDocument, { login, password: text(form, 'password') });
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
        return reply.clearCookie(SESSION_COOKIE, cookieOptions).redirect('/', 303);
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
      if (!me) return toLogin(reply.clearCookie(SESSION_COOKIE, cookieOptions));
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
