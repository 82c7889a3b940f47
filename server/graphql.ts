import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import depthLimit from 'graphql-depth-limit';
// The CommonJS build: its ESM build imports graphql's .mjs files, a second copy of graphql beside the one
// type-graphql and Apollo load, which graphql refuses to mix.
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import { BREAK, GraphQLError, Kind, getVariableValues, validate, visit, type DirectiveNode, type FragmentDefinitionNode, type ValueNode, type GraphQLFormattedError, type GraphQLSchema, type SelectionNode } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { extendContext, type Context } from './context.js';
import { AppError } from './errors.js';
import { CONTROL_CHARACTER_MESSAGE, inputProblem } from './http.js';
import type { WriteLimiter } from './rate-limit.js';
import { VersionedLru } from './cache/versioned-lru.js';
import { perDocument } from './cache/per-document.js';

export interface GraphQLContext extends Context {
  /**
   * Set when the response may be reused for identical anonymous requests at the same data version.
   * An object, not a flag: Apollo hands plugins a shallow copy of the context.
   */
  response: { cacheable: boolean; private?: boolean };
}

/**
 * Marks the answer private (reports): never kept by the anonymous answer cache, sent `Cache-Control: no-store`.
 * Resolvers get the GraphQL context as a `Context`; outside GraphQL there is nothing to mark.
 */
export function answerPrivately(ctx: Context): void {
  const response = (ctx as Partial<GraphQLContext>).response;
  if (response) response.private = true;
}

/** A list field costs its children times the page it asks for. */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = args.first ?? args.limit;
  return typeof size === 'number' && size > 0 ? 1 + childComplexity * size : undefined;
};

/**
 * The operation's shape, checked once the standard validation has passed: the depth limit's walk assumes
 * every fragment exists and none spreads itself, which only the standard rules ensure (run beside them as
 * a validation rule, a fragment cycle overflowed its stack, a 500). Subscriptions are not served.
 */
function operationShape(schema: GraphQLSchema, maxDepth: number): ApolloServerPlugin<GraphQLContext> {
  const rules = [depthLimit(maxDepth)];
  const tooDeep = perDocument((document): GraphQLError | undefined => validate(schema, document, rules)[0]);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError('subscriptions are not served here: send a query or a mutation', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          const error = tooDeep(document);
          if (error) throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
        },
      };
    },
  };
}

/** Costs kept per document at most (one for each page size asked): a caller varying `$first` cannot grow them without bound. */
const COSTS_KEPT = 64;

/**
 * A document's cost follows from the document and, of the variables, only from those in a page size (`first`,
 * `limit`, which the page estimator reads) or a directive (`@skip`, `@include`); and whether a variable is null
 * (a null in a non-null argument fails the costing). Costs already worked out are kept by those alone, so a search
 * sending a new `$search` each time is costed once.
 */
const costInputs = perDocument((document) => {
  const names = new Set<string>();
  const collect = (node: ValueNode | DirectiveNode) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  visit(document, {
    Field: (field) => field.arguments?.filter((a) => a.name.value === 'first' || a.name.value === 'limit').forEach((a) => collect(a.value)),
    Directive: (directive) => void collect(directive),
  });
  return { names: [...names], costs: new Map<string, number>() };
});

function costKey(names: string[], operationName: string | undefined, variables: Record<string, unknown> | undefined): string {
  const vars = variables ?? {};
  const nulls = Object.keys(vars).filter((name) => vars[name] === null);
  return JSON.stringify([operationName ?? null, names.map((name) => (name in vars ? [vars[name]] : [])), nulls]);
}

function complexityLimit(schema: GraphQLSchema, max: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          const inputs = costInputs(document);
          const key = costKey(inputs.names, request.operationName, request.variables);
          let cost = inputs.costs.get(key);
          try {
            if (cost === undefined) {
              cost = getComplexity({
                schema,
                query: document,
                variables: request.variables,
                operationName: request.operationName,
                estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
              });
              if (inputs.costs.size >= COSTS_KEPT) inputs.costs.clear();
              inputs.costs.set(key, cost);
            } else if (operation?.variableDefinitions?.length) {
              // as the costing would: the variables coerced, the last problem reported
              const { errors } = getVariableValues(schema, operation.variableDefinitions, request.variables ?? {});
              if (errors?.length) throw errors[errors.length - 1];
            }
          } catch (err) {
            // Costing coerces the variables first, so a bad variable surfaces here, before execution would find it.
            throw new GraphQLError((err as Error).message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
          if (cost > max) {
            // A request-level refusal: HTTP 400, like a validation error.
            throw new GraphQLError(`query complexity ${cost} exceeds the limit of ${max}; ask for smaller pages or fewer fields`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, details: { complexity: cost, limit: max } },
            });
          }
        },
      };
    },
  };
}

/** The first string literal of a document with a control character in it (`"\\u0000"`), as the problem to report. */
const literalProblem = perDocument((document) => {
  let problem: { field: string; message: string } | undefined;
  visit(document, {
    StringValue(node) {
      if (!inputProblem(node.value, 'query')) return undefined;
      problem = { field: `query (line ${node.loc?.startToken.line ?? 1})`, message: CONTROL_CHARACTER_MESSAGE };
      return BREAK;
    },
  });
  return problem;
});

/**
 * The input rule of the HTTP edge (http.ts) for what only GraphQL decodes: variables sent in a GET's query
 * string, and string literals in the document (`"\\u0000"`).
 */
const refuseBadInput: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        const problem = inputProblem(request.variables, 'variables') ?? literalProblem(document);
        if (problem) throw new GraphQLError(`${problem.field}: ${problem.message}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
      },
    };
  },
};

/** The fields at the root of an operation, through its fragments: a mutation's writes, aliases counted. */
function rootFields(selections: readonly SelectionNode[], fragments: Record<string, FragmentDefinitionNode>): number {
  return selections.reduce((n, s) => {
    if (s.kind === Kind.FIELD) return n + (s.name.value === '__typename' ? 0 : 1);
    const inner = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragments[s.name.value]?.selectionSet;
    return n + (inner ? rootFields(inner.selections, fragments) : 0);
  }, 0);
}

/**
 * Write limits for a whole request, all or nothing: a mutation reserves one write per root field before any
 * runs (so 80 aliased stars are refused as one, not cut off after 60), and gives back what it did not use.
 */
function reserveWrites(limiter: WriteLimiter): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, document }) {
          if (operation?.operation !== 'mutation' || !contextValue.viewer.user) return;
          const fragments = Object.fromEntries(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
          const writes = rootFields(operation.selectionSet.selections, fragments);
          if (writes > 0) await limiter.reserve(contextValue.viewer, writes);
        },
        async willSendResponse({ contextValue }) {
          await limiter.release(contextValue.viewer);
        },
      };
    },
  };
}

/** Queries whose answer follows from their input alone, each asked once (a form's dry run as it is typed): never kept. */
const NEVER_KEPT = new Set(['validateSubmission']);

const markCacheable: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operation, response }) {
        const ok = response.body.kind === 'single' && !response.body.singleResult.errors;
        const dryRun = operation?.selectionSet.selections.some((s) => s.kind === 'Field' && NEVER_KEPT.has(s.name.value));
        contextValue.response.cacheable = ok && operation?.operation === 'query' && !dryRun && !contextValue.response.private;
      },
    };
  },
};

/** Argument-value problems found by validation are the caller's bad input, like those found at run time. */
const BAD_VALUE = /^(Value |Enum |Expected value of type|Expected type|Int cannot|Float cannot|String cannot|Boolean cannot|ID cannot|Variable ")/;

function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) return { ...formatted, extensions: { ...formatted.extensions, code: original.code } };
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' && BAD_VALUE.test(formatted.message)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    // Apollo's own request-level refusals (a persisted query's hash or version, say) carry no code of their
    // own (Apollo then says INTERNAL_SERVER_ERROR): they are the caller's mistakes, not ours.
    if (original instanceof GraphQLError && original.extensions.code === undefined && !original.originalError && formatted.path === undefined) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    }
    if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
      log.error({ err: original }, 'unexpected GraphQL error');
      return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

export interface GraphQLHandler {
  apollo: ApolloServer<GraphQLContext>;
  /** Returns the reply: an async Fastify handler that sends must return it, or compressed bodies are lost. */
  handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply>;
}

/** Memory the cached anonymous answers may take at most. */
const GRAPHQL_CACHE_BYTES = 32 * 1024 * 1024;

export async function createGraphQL(
  schema: GraphQLSchema,
  config: Config,
  log: Logger,
  deps: { context: (request: FastifyRequest) => Promise<Context>; dataVersion: () => Promise<number>; limiter: WriteLimiter; cacheHit: () => void },
): Promise<GraphQLHandler> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Bearer tokens, never cookies, authenticate callers, so browsers cannot be tricked into sending credentials.
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    // Apollo's default turns it off under NODE_ENV=production; this registry's schema is public
    introspection: config.graphqlIntrospection,
    // main.ts owns shutdown (Fastify closes Apollo); Apollo's own handlers would re-send the signal.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.maxQueryTokens },
    // No cache hints in this schema (answers are cached per data version here): Apollo's cache-control plugin would
    // only wrap every field resolver to compute a Cache-Control header nobody reads.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      refuseBadInput,
      operationShape(schema, config.maxQueryDepth),
      complexityLimit(schema, config.maxQueryComplexity),
      reserveWrites(deps.limiter),
      markCacheable,
    ],
    formatError: formatError(log),
  });
  await apollo.start();

  // Bounded by count and by bytes (a body's UTF-16 length, twice the key's): many large distinct queries must not grow the
  // heap. Kept from a query's second request on: one asked once would only churn the cache.
  const cache =
    config.responseCacheSize > 0
      ? new VersionedLru<{ status: number; body: string }>({ entries: config.responseCacheSize, maxBytes: GRAPHQL_CACHE_BYTES, size: (v, k) => 2 * (v.body.length + k.length), secondRequest: true })
      : undefined;

  return {
    apollo,
    async handle(request, reply) {
      const anonymous = request.headers.authorization === undefined;
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      let key: string | undefined;
      let version = -1;
      if (cache && anonymous) {
        version = await deps.dataVersion();
        key = `${request.method}\n${search}\n${JSON.stringify(request.body ?? null)}`;
      }
      const hit = key ? cache!.get(version, key) : undefined;
      if (hit) {
        deps.cacheHit();
        return reply.code(hit.status).header('content-type', 'application/json; charset=utf-8').send(hit.body);
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: request.method.toUpperCase(), headers, search, body: request.body };
      let context: Context;
      try {
        context = await deps.context(request);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        return reply.code(err.status).send({ errors: [{ message: err.message, extensions: { code: err.code } }] });
      }
      const outcome: GraphQLContext['response'] = { cacheable: false };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => extendContext(context, { response: outcome }),
      });
      // Incremental delivery (@defer/@stream) is not enabled in this schema, so every body is complete.
      if (response.body.kind !== 'complete') throw new Error('unexpected incremental GraphQL response');
      for (const [name, value] of response.headers) reply.header(name, value);
      if (outcome.private) reply.header('cache-control', 'no-store');
      const status = response.status ?? 200;
      // kept only while its version is still the current one: a write that came between may postdate the answer
      if (key && outcome.cacheable && status === 200) cache!.set(version, key, { status, body: response.body.string });
      return reply.code(status).send(response.body.string);
    },
  };
}

/** An answer as `handle` sends it, as a value: its HTTP status, and its body's data and errors. */
export interface GraphQLAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * One operation run in-process through the same Apollo server as `handle` runs one sent over HTTP (the same plugins:
 * limits, refusals, error codes), without the HTTP round trip: for the server-rendered pages' typed documents.
 * `context` builds the caller's, as the HTTP request's; never kept in the anonymous answer cache.
 */
export async function executeInProcess(apollo: ApolloServer<GraphQLContext>, context: () => Promise<Context>, query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer> {
  let caller: Context;
  try {
    caller = await context();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { status: err.status, errors: [{ message: err.message, extensions: { code: err.code } }] };
  }
  const response = await apollo.executeOperation({ query, variables }, { contextValue: extendContext(caller, { response: { cacheable: false } }) });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental GraphQL response');
  return { status: response.http.status ?? 200, data: response.body.singleResult.data, errors: response.body.singleResult.errors };
}
