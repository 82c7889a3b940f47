import 'reflect-metadata';
import zlib from 'node:zlib';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { Config } from './config.js';
import { createContext, type Services } from './context.js';
import { createDataVersion, type DataVersion } from './data-version.js';
import { createGraphQL } from './graphql.js';
import { clientErrorHandler, frameworkErrors, installErrorHandling, resource } from './http.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { PluginService } from './modules/plugin/plugin.service.js';
import { initOrm, type Orm, type OrmOptions } from './orm.js';
import { registerRest } from './rest/routes.js';
import { getSchema } from './schema.js';
import { SqliteSearchIndex } from './search/sqlite.js';
import { seedIfEmpty } from './seed/seed.js';

export interface App {
  config: Config;
  server: FastifyInstance;
  orm: Orm;
  services: Services;
  dataVersion: DataVersion;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
}

const LANDING = {
  name: 'Loom Plugin Registry',
  graphql: '/graphql',
  rest: '/api/v1/plugins',
  openapi: '/api/v1/openapi.json',
  registry: '/registry.json',
  health: '/healthz',
  docs: 'https://github.com/loom/plugin-registry#readme',
};

/** One JSON line a request (Fastify's default is two: incoming and completed). */
class OneLineLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

/** The one factory behind `npm start` and the tests. */
export async function createApp(config: Config, options: OrmOptions = {}): Promise<App> {
  const orm = await initOrm(config.database, options);
  const server = Fastify({
    logger: { level: config.logLevel },
    logController: new OneLineLog(),
    bodyLimit: config.bodyLimit,
    forceCloseConnections: 'idle',
    clientErrorHandler,
    frameworkErrors,
  });
  try {
    if (config.seed) {
      const seeded = await seedIfEmpty(orm.em.fork() as never);
      if (seeded) server.log.info(seeded, 'seeded the sample catalog');
    }
    const native = await (orm.em.getConnection() as unknown as { getNativeClient(): Promise<import('better-sqlite3').Database> }).getNativeClient();
    const services: Services = {
      plugins: new PluginService(new SqliteSearchIndex(native, config.searchMaxResults)),
      catalog: new CatalogService(),
    };
    const dataVersion = await createDataVersion(orm);

    await server.register(cors, { origin: '*', exposedHeaders: ['ETag', 'Repr-Digest', 'Retry-After'], maxAge: 600 });
    // Brotli at quality 4: most of the size win at a small fraction of the default (11) CPU cost.
    await server.register(compress, { threshold: 2048, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
    // JSON only: anything else is refused with 415 rather than half-parsed.
    server.removeContentTypeParser(['text/plain']);
    installErrorHandling(server);

    const graphql = await createGraphQL(await getSchema(), config, server.log as never, {
      context: () => createContext(orm, services),
      dataVersion: () => dataVersion.current(),
    });
    server.addHook('onClose', async () => graphql.apollo.stop());

    resource(server, '/', { GET: async () => LANDING });
    resource(server, '/graphql', { GET: graphql.handle, POST: graphql.handle });
    resource(server, '/healthz', { GET: async () => ({ status: 'ok' }) });
    registerRest(server, { config, orm, services, dataVersion });

    return {
      config,
      server,
      orm,
      services,
      dataVersion,
      async listen() {
        return server.listen({ port: config.port, host: config.host });
      },
      async close() {
        await server.close();
        await orm.close();
      },
    };
  } catch (err) {
    await server.close();
    await orm.close();
    throw err;
  }
}
