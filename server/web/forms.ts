import { randomBytes, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientError, type Client } from '../../client/client.js';
import type { ErrorCode } from '../../domain/error-codes.js';
import type { FormProblem } from '../../web/src/account-pages.js';
import type { Page } from '../../web/src/app.js';
import { HTTP_STATUS } from '../errors.js';
import { inProcessClient, type RunGraphQL } from './pages.js';

const SESSION_COOKIE = 'loom_session';
const CSRF_COOKIE = 'loom_csrf';
const SESSION_SECONDS = 30 * 24 * 3600;
/** The API's refusals a form shows beside its fields (answered with the API's status); anything else is an error. */
const FORM_PROBLEMS = new Set<string>(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED']);

export interface FormDeps {
  html(page: Page): Buffer;
  secureCookies: boolean;
  /** The pages' GraphQL documents, run in-process as the session or anonymously. */
  graphql: RunGraphQL;
}

export type Form = Record<string, string | string[] | undefined>;
/** One value of a form or query field, at most 1 KiB (`max` to allow more, e.g. a pasted manifest). */
export const text = (form: Form | undefined, name: string, max = 1024) => {
  const value = form?.[name];
  return (Array.isArray(value) ? value[0] : value)?.slice(0, max) ?? '';
};
/** Every value of a repeated field (checkboxes), at most ten. */
export const list = (form: Form | undefined, name: string) => [form?.[name] ?? []].flat().slice(0, 10);

/** Only a path of this site (`/…`, never `//host`) is followed after signing in. */
export const safeNext = (next: string, fallback = '/settings') => (/^\/(?![/\\])/.test(next) ? next : fallback);

/** What every signed-in or form page uses: the session, CSRF, answering a page, and the API's refusals as form problems. */
export interface FormKit {
  /** Answers `value` rendered, never kept by any cache. */
  page(reply: FastifyReply, status: number, value: Page): FastifyReply;
  /** The browser's CSRF token, set on the first form it is shown. */
  csrfOf(request: FastifyRequest, reply: FastifyReply): string;
  /** Whether the form came from a page of this site: its `csrf` field equals the cookie (double submit). */
  csrfOk(request: FastifyRequest): boolean;
  /** The 403 page for a form without a valid token. */
  refuseForgery(reply: FastifyReply): FastifyReply;
  /** The API's refusal as a status and a form problem (its field marked); rethrows anything that is not a refusal. */
  problemOf(err: unknown): { status: number; problem: FormProblem };
  /** The session key from the cookie, if any. */
  session(request: FastifyRequest): string | undefined;
  startSession(reply: FastifyReply, key: string): FastifyReply;
  endSession(reply: FastifyReply): FastifyReply;
  /** The typed GraphQL client acting as the browser's session (or anonymously), from the browser's address. */
  asViewer(request: FastifyRequest): Client;
  /** A 303 to the sign-in page, coming back to `next` afterwards. */
  toLogin(reply: FastifyReply, next?: string): FastifyReply;
}

/**
 * Registers routes that read cookies and urlencoded forms (the parser exists only inside them: the API still refuses
 * such bodies with 415). The session is an API key (`session: true`, 30 days) in an HttpOnly, SameSite=Lax cookie
 * (Secure behind TLS); every form carries a CSRF token that must match the browser's `loom_csrf` cookie.
 */
export function registerFormPages(server: FastifyInstance, deps: FormDeps, routes: (scope: FastifyInstance, kit: FormKit) => void): void {
  void server.register(async (scope) => {
    await scope.register(cookie);
    await scope.register(formbody, { bodyLimit: 256 * 1024 });
    const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies, path: '/' };
    const kit: FormKit = {
      page: (reply, status, value) => reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(deps.html(value)),
      csrfOf: (request, reply) => {
        const kept = request.cookies[CSRF_COOKIE];
        if (kept && /^[A-Za-z0-9_-]{43}$/.test(kept)) return kept;
        const fresh = randomBytes(32).toString('base64url');
        reply.setCookie(CSRF_COOKIE, fresh, cookieOptions);
        return fresh;
      },
      csrfOk: (request) => {
        const kept = request.cookies[CSRF_COOKIE] ?? '';
        const sent = text(request.body as Form, 'csrf');
        return kept.length === 43 && sent.length === 43 && timingSafeEqual(Buffer.from(kept), Buffer.from(sent));
      },
      refuseForgery: (reply) => kit.page(reply, 403, { kind: 'error', message: 'This form has expired or did not come from this site: reload the page and try again.' }),
      problemOf: (err) => {
        if (!(err instanceof ClientError) || !FORM_PROBLEMS.has(err.code)) throw err;
        const field = err.details?.field;
        return { status: HTTP_STATUS[err.code as ErrorCode], problem: { message: err.message, field: typeof field === 'string' ? field : undefined } };
      },
      session: (request) => request.cookies[SESSION_COOKIE],
      startSession: (reply, key) => reply.setCookie(SESSION_COOKIE, key, { ...cookieOptions, maxAge: SESSION_SECONDS }),
      endSession: (reply) => reply.clearCookie(SESSION_COOKIE, cookieOptions),
      asViewer: (request) => inProcessClient(deps.graphql, kit.session(request), request.ip),
      toLogin: (reply, next = '/settings') => reply.redirect(`/login?next=${encodeURIComponent(next)}`, 303),
    };
    routes(scope, kit);
  });
}
