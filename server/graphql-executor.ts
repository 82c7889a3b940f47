import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { GraphQLError, execute, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { perDocument } from './cache/per-document.js';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** What is known of one operation of a document: how often it ran, and once it ran twice its compiled form. */
interface Plan {
  runs: number;
  /** Null when graphql-jit could not compile it: graphql-js runs it, and reports what is wrong. */
  compiled?: CompiledQuery | null;
}

/**
 * graphql-jit's errors are GraphQLErrors in all but their constructor, and leave `extensions` undefined when the
 * error thrown had none, which Apollo's error formatting cannot read: each is made again as graphql-js makes it.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  (made as { locations: GraphQLError['locations'] }).locations = error.locations;
  return made;
}

function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
}

/**
 * Apollo's execution step, by graphql-jit: an operation is compiled into a JavaScript function of its own, which
 * resolves the fields it selects without graphql-js's per-field interpretation of the document (most of the cost of
 * running a list of twenty plugins). Apollo takes it through its gateway interface, the one way to replace its
 * executor; everything before execution (parsing, validation, the plugins' checks) and the error formatting after it
 * stay Apollo's. An operation is compiled the second time it runs (compiling costs some executions' worth):
 * documents sent once, as a hostile caller varying its query sends them, only ever run through graphql-js.
 */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const plans = perDocument((_document: DocumentNode) => new Map<string | undefined, Plan>());
  const executor: Executor = async ({ document, operation, request, context }) => {
    const run = () => execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
    // Reads only: a mutation runs once, and its writes are worth no compiling.
    if (operation.operation !== 'query') return run();
    const operations = plans(document);
    let plan = operations.get(request.operationName);
    if (!plan) operations.set(request.operationName, (plan = { runs: 0 }));
    plan.runs++;
    if (plan.compiled === undefined && plan.runs > 1) {
      const compiled = compileQuery(schema, document, request.operationName, { disablingCapturingStackErrors: true });
      plan.compiled = isCompiledQuery(compiled) ? compiled : null;
    }
    if (!plan.compiled) return run();
    const result = await plan.compiled.query(undefined, context, request.variables);
    if (!('data' in result)) {
      // Its variables refused, before any resolver ran, where graphql-js (which the plugins costed them with) took
      // them: graphql-jit requires a non-null input field that has a default value. graphql-js runs this operation.
      plan.compiled = null;
      return run();
    }
    return withGraphQLErrors(result);
  };
  const listeners = new Set<Parameters<Gateway['onSchemaLoadOrUpdate']>[0]>();
  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async load() {
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    async stop() {},
  };
}
