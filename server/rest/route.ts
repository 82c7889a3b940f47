import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import { publicContext, type Context, type ContextFor, type Services } from '../context.js';
import { BadInputError, issueMessage } from '../errors.js';
import { resource } from '../http.js';
import { requireUser } from '../modules/accounts/auth.js';
import type { Em, Orm } from '../orm.js';

/**
 * The REST pipeline, one for every `/api/v1` route: the route table says what a route takes (path, query,
 * body, headers: zod schemas), what it answers (statuses with zod schemas) and who may call it; `registerRoutes`
 * builds the request context as GraphQL does (a bad key is 401 everywhere), validates the inputs, then calls the
 * handler with typed values. The OpenAPI document is generated from the same table (openapi.ts).
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call, and what the handler's context holds. `public`: anyone, as themselves (a bad key is still 401).
 * `key`: a signed-in caller (401 without a key, before the body is read; the scope and role a route needs are the
 * service's to check, 403). `shared`: a public read whose answer is the same for every caller, so the handler gets
 * the context of nobody signed in; a key is checked (401 when bad, as everywhere) and otherwise unused, and an
 * anonymous request costs nothing more: no lookup, no context until the handler asks for one.
 */
export type Access = 'public' | 'key' | 'shared';

/** A documented answer: its description, body schema (JSON unless `contentType` says otherwise) and headers. */
export interface Answer {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  /** Named headers of the document's `components.headers`, or inline header objects. */
  headers?: Record<string, { $ref: string } | Record<string, unknown>>;
}

/** A documented status: an answer, or the name of a shared one in `components.responses`. */
export type Responses = Record<string, Answer | { $ref: string }>;

type Shape = z.ZodObject;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Inputs<P, Q, B, H> {
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  headers: Out<H>;
}

export interface Call<P, Q, B, H> extends Inputs<P, Q, B, H> {
  ctx: Context;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface Route<P extends Shape | undefined = Shape | undefined, Q extends Shape | undefined = Shape | undefined, B extends z.ZodType | undefined = z.ZodType | undefined, H extends Shape | undefined = Shape | undefined> {
  method: Method;
  /** Fastify's form, `/api/v1/plugins/:id`; the document writes `{id}`. */
  path: string;
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  access: Access;
  params?: P;
  query?: Q;
  /** The JSON body; no body counts as `{}`. */
  body?: B;
  /**
   * The service checks the body against `body` itself (the handler passes `request.body` on), because it does so
   * after the scope and the write limit (a bad document counts as a write, on GraphQL alike), reporting every bad
   * field at once. `body` still documents it.
   */
  bodyCheckedByService?: boolean;
  /** Whether a body must be sent (documented as `requestBody.required`). */
  bodyRequired?: boolean;
  /** Request headers the route reads, documented as header parameters. */
  headers?: H;
  responses: Responses;
  /**
   * The JSON answer is kept per data version and URL (rest-cache.ts) and answered from memory by the front door to
   * anonymous callers: the handler runs once per data version, a bad query included. Only for `shared` routes.
   */
  cache?: boolean;
  /** Left out of the OpenAPI document (an alias of a documented route). */
  undocumented?: boolean;
  /** Fastify route options (such as `compress: false`). */
  options?: RouteShorthandOptions;
  /**
   * The answer: a JSON value sent with status 200 (for `shared` routes, kept and sent by the response cache), or
   * the reply the handler sent itself.
   */
  handle(call: Call<P, Q, B, H>): Promise<unknown>;
}

/** A route, typed by its schemas (an identity function: it only makes TypeScript infer the handler's inputs). */
export function route<P extends Shape | undefined = undefined, Q extends Shape | undefined = undefined, B extends z.ZodType | undefined = undefined, H extends Shape | undefined = undefined>(
  spec: Route<P, Q, B, H>,
): Route {
  return spec as unknown as Route;
}

/** Parameters and bodies share one error: the first issue, `<field>: <message>`, with `details.field`. */
function refuse(issues: z.core.$ZodIssue[], where: string, shape?: Shape): never {
  const issue = issues[0];
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    if (where === 'query' && shape) throw new BadInputError(field, `unknown parameter; this route takes ${Object.keys(shape.shape).join(', ')}`);
    throw new BadInputError(where === 'body' ? field : `${where}.${field}`, 'unknown field');
  }
  // a query parameter is named as a whole (`capabilities`, not its second item); a body field by its path
  const path = where === 'query' ? issue.path.slice(0, 1) : issue.path;
  throw new BadInputError(path.length ? path.join('.') : where, issue.message);
}

/** Parses a route's query against a strict schema: unknown, repeated or malformed parameters are a 400 naming them. */
export function parseQuery<S extends Shape>(schema: S, query: unknown): z.output<S> {
  const raw = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) if (Array.isArray(value)) throw new BadInputError(name, 'given more than once');
  const parsed = schema.safeParse(raw, { error: issueMessage });
  if (parsed.success) return parsed.data;
  return refuse(parsed.error.issues, 'query', schema);
}

/** Parses path parameters, headers or a JSON body (none counts as `{}`; a body must be an object). */
function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'header' | 'body'): unknown {
  if (!schema) return undefined;
  const given = value ?? {};
  if (where === 'body' && (typeof given !== 'object' || Array.isArray(given))) throw new BadInputError('body', 'must be a JSON object');
  const parsed = schema.safeParse(given, { error: issueMessage });
  if (parsed.success) return parsed.data;
  return refuse(parsed.error.issues, where);
}

/** Everything a route handler's inputs are checked against, in the order a caller's mistakes are reported. */
function inputs(spec: Route, request: FastifyRequest): Inputs<Shape, Shape, z.ZodType, Shape> {
  return {
    params: parse(spec.params, request.params, 'path') as Record<string, unknown>,
    query: (spec.query ? parseQuery(spec.query, request.query) : undefined) as Record<string, unknown>,
    headers: parse(spec.headers, request.headers, 'header') as Record<string, unknown>,
    body: spec.bodyCheckedByService ? undefined : parse(spec.body, request.body, 'body'),
  };
}

export interface PipelineDeps {
  orm: Orm;
  services: Services;
  contextFor: ContextFor;
  /** Sends the JSON a `shared` route builds, kept per data version for this URL. */
  shared(request: FastifyRequest, reply: FastifyReply, build: () => Promise<unknown>): Promise<FastifyReply>;
}

/** The context of a request: the same as GraphQL builds (a bad key is 401); a `key` route also needs someone signed in. */
async function contextOf(spec: Route, request: FastifyRequest, deps: PipelineDeps): Promise<Context> {
  const ctx = await deps.contextFor(request);
  if (spec.access === 'key') requireUser(ctx.viewer);
  return ctx;
}

async function run(spec: Route, deps: PipelineDeps, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  if (spec.access !== 'shared') {
    const ctx = await contextOf(spec, request, deps);
    return spec.handle({ ...inputs(spec, request), ctx, request, reply });
  }
  // With a key: checked as GraphQL checks it (a kept live key is not copied into an EntityManager unless read), then the same
  // answer as anyone's (sent `private`). Anonymous: nothing to look up.
  await deps.services.users.authenticate(() => deps.orm.em.fork() as Em, request.headers.authorization, request.ip);
  let ctx: Context | undefined;
  const answer = () =>
    spec.handle({
      ...inputs(spec, request),
      // made when the handler first asks (registry.json and the document never do)
      get ctx() {
        return (ctx ??= publicContext(deps.orm, deps.services));
      },
      request,
      reply,
    });
  return spec.cache ? deps.shared(request, reply, answer) : answer();
}

/** Registers every route of the table, each path once (other methods answer 405 with `Allow`). */
export function registerRoutes(server: FastifyInstance, routes: Route[], deps: PipelineDeps): void {
  const byPath = new Map<string, Route[]>();
  for (const spec of routes) byPath.set(spec.path, [...(byPath.get(spec.path) ?? []), spec]);
  for (const [path, specs] of byPath) {
    const handlers = Object.fromEntries(specs.map((spec) => [spec.method, (request: FastifyRequest, reply: FastifyReply) => run(spec, deps, request, reply)])) as Partial<
      Record<HTTPMethods, (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>>
    >;
    const options = Object.assign({}, ...specs.map((s) => s.options ?? {})) as RouteShorthandOptions;
    resource(server, path, handlers, options);
  }
}
