import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '../domain/error-codes.js';
import { AppError, HTTP_STATUS } from './errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
  /** On /graphql only: the same error as GraphQL clients read it. */
  errors?: { message: string; extensions: { code: ErrorCode; details?: Record<string, unknown> } }[];
}

const ALL_METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Fastify's own errors about a request, as the error model's codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_USER_INPUT',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_USER_INPUT',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_USER_INPUT',
};

/** Query parameters whose values are secrets: a report's status token, an OAuth callback's code and state. */
const SECRET_PARAMETERS = /([?&](?:token|code|state)=)[^&#]*/gi;

/** A request URL as the log may keep it: the values of secret query parameters replaced by `[redacted]`. */
export function loggedUrl(url: string): string {
  return url.includes('=') ? url.replace(SECRET_PARAMETERS, '$1[redacted]') : url;
}

/** The one error format; on /graphql it also carries the error as GraphQL's `errors`, for GraphQL clients. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: Record<string, unknown>): FastifyReply {
  const error = { code, message, ...(details ? { details } : {}) };
  const graphql = reply.request.url.split('?')[0] === '/graphql' ? { errors: [{ message, extensions: { code, ...(details ? { details } : {}) } }] } : {};
  const body: ErrorBody = { error, ...graphql };
  return reply.code(HTTP_STATUS[code]).header('cache-control', 'no-store').send(body);
}

/** C0 control characters but tab, line feed and carriage return, and DEL: no text this API takes holds them. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Deepest nesting of arrays and objects an input may have; the deepest this API takes (a submission) is 4. */
export const MAX_INPUT_DEPTH = 32;

/**
 * The first thing no input may hold, in a value (strings nested in arrays and objects, keys too), with its
 * dotted path: a control character, or nesting deeper than MAX_INPUT_DEPTH (JSON.parse takes 100,000 levels;
 * the recursive code behind it, from a cache key to a checksum, does not). Walked without recursion.
 */
export function inputProblem(value: unknown, where: string): { field: string; message: string } | undefined {
  const pending: [unknown, string, number][] = [[value, where, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path, depth] = next;
    if (typeof item === 'string') {
      if (CONTROL_CHARACTER.test(item)) return { field: path, message: CONTROL_CHARACTER_MESSAGE };
    } else if (item && typeof item === 'object') {
      if (depth === MAX_INPUT_DEPTH) return { field: path, message: `nested more than ${MAX_INPUT_DEPTH} deep` };
      for (const [key, inner] of Object.entries(item)) {
        if (CONTROL_CHARACTER.test(key)) return { field: `${path}.${key}`, message: CONTROL_CHARACTER_MESSAGE };
        pending.push([inner, `${path}.${key}`, depth + 1]);
      }
    }
  }
  return undefined;
}

export const CONTROL_CHARACTER_MESSAGE = 'control characters (U+0000-U+001F but tab and line breaks, U+007F) are not allowed';

/**
 * The one gate for what no input may hold, before any route runs: path parameters, query string and JSON
 * body, REST and GraphQL alike (GraphQL checks what only it decodes, GET variables and string literals, with
 * the same rule). A NUL would otherwise reach the database and fail there (SQLite ends SQL text at it,
 * PostgreSQL text cannot hold it) as a 500, and a body nested 100,000 deep overflow the stack.
 */
export function refuseBadInput(server: FastifyInstance): void {
  server.addHook('preValidation', async (request) => {
    const problem = inputProblem(request.params, 'path') ?? inputProblem(request.query, 'query') ?? inputProblem(request.body, 'body');
    if (problem) throw new AppError('BAD_USER_INPUT', `${problem.field}: ${problem.message}`, { field: problem.field });
  });
}

/** The one mapping from anything thrown to an HTTP answer: callers' mistakes by code, everything else a vague 500. */
export function installErrorHandling(server: FastifyInstance): void {
  server.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return sendError(err.headers ? reply.headers(err.headers) : reply, err.code, err.message, err.details);
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped === 'PAYLOAD_TOO_LARGE') return sendError(reply, mapped, `the request body is larger than the ${request.routeOptions.bodyLimit} bytes ${request.routeOptions.url} takes`);
    if (mapped) return sendError(reply, mapped, err.message);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendError(reply, 'BAD_USER_INPUT', err.message);
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  });
  server.setNotFoundHandler((request, reply) => sendError(reply, 'NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`));
}

/**
 * Requests Node cannot even parse (a bad header, headers too large, too slow) never reach a route:
 * answer them from the socket, still in the one error format.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'the request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'the request headers are too large']
        : [400, 'malformed HTTP request'];
  const body = JSON.stringify({ error: { code: 'BAD_USER_INPUT', message } } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/**
 * At most `max` open connections from one peer address (0: no cap): one client holding thousands of sockets
 * open (idle, or sending a body byte by byte) must not take every file descriptor. A connection over the cap
 * is answered 503 and closed before any request is read.
 */
export function capConnectionsPerIp(server: http.Server, max: number): void {
  if (max === 0) return;
  const open = new Map<string, number>();
  const body = JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: `too many connections from this address (at most ${max})` } } satisfies ErrorBody);
  server.on('connection', (socket: Socket) => {
    const peer = socket.remoteAddress ?? '';
    const count = open.get(peer) ?? 0;
    if (count >= max) {
      socket.end(`HTTP/1.1 503 Service Unavailable\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    open.set(peer, count + 1);
    socket.once('close', () => {
      const left = open.get(peer)! - 1;
      if (left === 0) open.delete(peer);
      else open.set(peer, left);
    });
  });
}

/** Errors Fastify raises before routing (a URL that is not valid percent-encoding), in the one error format. */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(reply, 'BAD_USER_INPUT', err.code === 'FST_ERR_BAD_URL' ? 'malformed URL' : err.message);
}

/** Registers the handlers of one path (with route `options` such as `compress`); every other method answers 405 with `Allow`. */
export function resource(
  server: FastifyInstance,
  url: string,
  handlers: Partial<Record<HTTPMethods, RouteHandlerMethod>>,
  options: RouteShorthandOptions = {},
): void {
  const allowed = Object.keys(handlers) as HTTPMethods[];
  if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
  const allow = allowed.join(', ');
  for (const [method, handler] of Object.entries(handlers) as [HTTPMethods, RouteHandlerMethod][]) server.route({ ...options, method, url, handler });
  const rest = ALL_METHODS.filter((m) => !allowed.includes(m) && m !== 'OPTIONS');
  server.route({
    method: rest,
    url,
    handler: (request, reply) => sendError(reply.header('allow', allow), 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}`),
  });
}
