import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { resource, sendError } from './http.js';
import type { Metrics } from './metrics.js';
import type { Orm } from './orm.js';

const READY_TIMEOUT_MS = 2000;

/** Why the database cannot serve now, or undefined when it answers in time. */
async function databaseProblem(orm: Orm): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      orm.em.getConnection().execute('select 1', [], 'all').then(
        () => undefined,
        (err: Error) => err.message,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Operations {
  /** From now on /readyz answers 503, so load balancers stop sending while the server drains. */
  stopping(): void;
}

/**
 * The operators' endpoints. Live (/healthz): the process answers. Ready (/readyz): it can serve, i.e. the
 * database answers (migrations ran before the server listens) and it is not shutting down. /metrics: Prometheus.
 */
export function installOperations(server: FastifyInstance, deps: { orm: Orm; config: Config; metrics: Metrics }): Operations {
  let stopping = false;
  deps.metrics.instrument(server);
  resource(server, '/healthz', { GET: async () => ({ status: 'ok' }) });
  resource(server, '/readyz', {
    GET: async (_request, reply) => {
      if (stopping) return sendError(reply, 'SERVICE_UNAVAILABLE', 'shutting down');
      const problem = await databaseProblem(deps.orm);
      if (problem) return sendError(reply, 'SERVICE_UNAVAILABLE', `database unavailable: ${problem}`);
      return { status: 'ready', database: deps.config.database.kind };
    },
  });
  resource(server, '/metrics', {
    GET: async (_request, reply) => {
      const { contentType, body } = await deps.metrics.render();
      return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
    },
  });
  return { stopping: () => void (stopping = true) };
}
