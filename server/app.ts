import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import type { Config } from './config.js';
import { createContext, type Services } from './context.js';
import { AUTH_VERSION, createDataVersion, type DataVersion } from './cache/data-version.js';
import { CORS_EXPOSED_HEADERS, FrontDoor } from './cache/front-door.js';
import { createGraphQL, executeInProcess } from './graphql.js';
import { capConnectionsPerIp, clientErrorHandler, frameworkErrors, installErrorHandling, loggedUrl, refuseBadInput, resource } from './http.js';
import { AuditService } from './modules/audit/audit.service.js';
import { CatalogService } from './modules/catalog/catalog.service.js';
import { Metrics } from './metrics.js';
import { createPluginRows } from './modules/catalog/plugin-rows.js';
import { PluginService } from './modules/catalog/plugin.service.js';
import { PublishingService } from './modules/publishing/publishing.service.js';
import { MAX_MANIFEST_BYTES } from '../domain/manifest.js';
import { SubmissionService } from './modules/publishing/submission.service.js';
import { ReviewService } from './modules/community/review.service.js';
import { clientInfo, StatsService } from './modules/stats/stats.service.js';
import { UsageBuffer, usageWriter, type BufferSettings } from './modules/stats/usage-buffer.js';
import { KeyCache } from './modules/accounts/key-cache.js';
import { UserService } from './modules/accounts/user.service.js';
import { DeviceService } from './modules/accounts/device.service.js';
import { AdvisoryService } from './modules/trust/advisory.service.js';
import { ReportService } from './modules/trust/report.service.js';
import { signingKey } from './modules/trust/tuf-keys.js';
import { registryTarget, TufRepository } from './modules/trust/tuf.service.js';
import { WriteLimiter } from './rate-limit.js';
import { PublicLinks } from './links.js';
import { installOperations } from './ops.js';
import { initOrm, postgresPool, type Em, type Orm, type OrmOptions } from './orm.js';
import { registerOAuth } from './oauth.js';
import { registerRest } from './rest/routes.js';
import { getSchema } from './schema.js';
import { createSearchIndex } from './search/index.js';
import { seedIfEmpty } from './seed/seed.js';
import { registerWebPages } from './web/pages.js';

export interface App {
  config: Config;
  server: FastifyInstance;
  orm: Orm;
  services: Services;
  dataVersion: DataVersion;
  metrics: Metrics;
  /** The signed metadata, when a TUF online key is configured. */
  tuf: TufRepository | undefined;
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
  ready: '/readyz',
  metrics: '/metrics',
};

/** One JSON line a request (Fastify's default is two: incoming and completed). */
class OneLineLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: loggedUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

/** A random salt kept in the database, so hashed client identities stay comparable across restarts and replicas. */
async function statsSalt(orm: Orm): Promise<string> {
  const em = orm.em.fork() as Em;
  await em.execute("insert into registry_meta (key, value) values ('stats_salt', ?) on conflict do nothing", [randomInt(2 ** 31 - 1)]);
  const [row] = await em.execute<{ value: number }[]>("select value from registry_meta where key = 'stats_salt'");
  return String(row.value);
}

/**
 * A counted download waits at most one flush window in memory and one tick for the publication that follows, so
 * publishing every refresh less two flush windows shows it within COUNTS_REFRESH_SECONDS.
 */
function usageSettings(config: Config): BufferSettings {
  const flushMs = config.statsFlushMs;
  const publishMs = Math.max(flushMs, config.countsRefreshSeconds * 1000 - 2 * flushMs);
  return { flushMs, maxBatch: config.statsMaxBatch, publishMs, postgres: config.database.kind === 'postgresql' };
}

/** The one factory behind `npm start` and the tests. */
export async function createApp(config: Config, options: OrmOptions = {}): Promise<App> {
  const orm = await initOrm(config.database, { poolSize: config.databasePoolSize, ...options });
  const metrics = new Metrics();
  let requests = 0;
  const requestId = () => `req-${++requests}`;
  // Set once the app is wired: until then (and for whatever it does not keep) every request goes to Fastify.
  let frontDoor: FrontDoor | undefined;
  const server = Fastify({
    serverFactory: (handler) => {
      const http1 = http.createServer(
        {
          // a request's headers, and the whole request, must arrive in time (408), checked every second
          headersTimeout: Math.min(config.headersTimeoutSeconds, config.requestTimeoutSeconds) * 1000,
          requestTimeout: config.requestTimeoutSeconds * 1000,
          connectionsCheckingInterval: 1000,
          keepAliveTimeout: config.keepAliveTimeoutSeconds * 1000,
        },
        (req, res) => frontDoor?.handle(req, res) || handler(req, res),
      );
      // a connection silent this long (a client that stopped reading, say) is closed, whatever it is in the middle
      // of; later than a 408 can be sent
      http1.timeout = (config.requestTimeoutSeconds * 2 + 5) * 1000;
      capConnectionsPerIp(http1, config.maxConnectionsPerIp);
      return http1;
    },
    genReqId: requestId,
    logger: { level: config.logLevel },
    logController: new OneLineLog(),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    forceCloseConnections: 'idle',
    clientErrorHandler,
    frameworkErrors,
  });
  const dataVersion = await createDataVersion(orm, config.database, server.log as never);
  const authVersion = await createDataVersion(orm, config.database, server.log as never, AUTH_VERSION);
  try {
    if (config.seed) {
      const seeded = await seedIfEmpty(orm.em.fork() as never);
      if (seeded) server.log.info(seeded, 'seeded the sample catalog');
    }
    const limiter = await WriteLimiter.create({ writesPerKey: config.writesPerKey, writesPerIp: config.writesPerIp, usagePerIp: config.usagePerIp, reportsPerIp: config.reportsPerIp, redisUrl: config.redisUrl });
    server.addHook('onClose', () => limiter.close());
    if (!(await limiter.ready())) server.log.warn('Redis is not reachable: write limits are counted per process until it is');
    const audit = new AuditService();
    const submissions = new SubmissionService(
      orm,
      {
        fetch: { allow: config.fetchAllow, allowHttp: config.allowHttpLoopback, timeoutMs: config.fetchTimeoutSeconds * 1000, maxBytes: MAX_MANIFEST_BYTES, maxRedirects: 3 },
        allowHttpLoopback: config.allowHttpLoopback,
        checksConcurrency: config.checksConcurrency,
        checksPollMs: 2000,
        checksLeaseMs: 120_000,
        postgres: config.database.kind === 'postgresql',
      },
      limiter,
      audit,
      server.log as never,
    );
    const links = new PublicLinks(config.publicUrl);
    const usage = new UsageBuffer(orm, usageSettings(config), server.log as never, await usageWriter(orm, config.database, server.log as never));
    const salt = await statsSalt(orm);
    const catalog = new CatalogService();
    // Plugins stored before registry.json fragments existed (or by another tool) get theirs before the server listens:
    // once after the upgrade that added them (about 20 s at 100,000 plugins), else a query that finds none.
    const filled = await catalog.fillEntryFragments(orm.em.fork() as Em);
    if (filled > 0) server.log.info({ filled }, 'stored the registry.json fragments of plugins that had none');
    const search = await createSearchIndex(orm, config, () => dataVersion.current(), server.log as never);
    server.addHook('onClose', () => search.close());
    const users = new UserService(audit, limiter, new KeyCache(authVersion));
    const advisories = new AdvisoryService(limiter, audit);
    const services: Services = {
      plugins: new PluginService(search, await createPluginRows(orm, config.database, () => dataVersion.current())),
      catalog,
      users,
      devices: new DeviceService(users, audit, limiter),
      submissions,
      publishing: new PublishingService(submissions, limiter, audit, links, config.database.kind === 'postgresql'),
      audit,
      reviews: new ReviewService(limiter, audit),
      stats: new StatsService(usage, limiter),
      advisories,
      reports: new ReportService(limiter, audit, advisories),
      links,
      clientOf: (request) => clientInfo(salt, config.countryHeader, request.headers, request.ip),
    };
    const contextFor = async (request: FastifyRequest) => {
      const context = await createContext(orm, services, request);
      request.viewer = context.viewer;
      return context;
    };
    const door = new FrontDoor({ version: () => dataVersion.peek(), metrics, log: server.log as never, requestId });
    server.addHook('preClose', async () => door.close());
    if (config.database.kind === 'postgresql') metrics.watchPool(await postgresPool(orm), config.databasePoolSize);

    await server.register(cors, { origin: '*', exposedHeaders: CORS_EXPOSED_HEADERS, maxAge: 600 });
    // Brotli at quality 4: most of the size win at a small fraction of the default (11) CPU cost.
    await server.register(compress, { threshold: 2048, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
    // JSON only: anything else is refused with 415 rather than half-parsed.
    server.removeContentTypeParser(['text/plain']);
    installErrorHandling(server);
    refuseBadInput(server);
    // Every answer to a request a rate limit counted says where the caller stands, successes too (as GitHub's do).
    server.decorateRequest('viewer', null);
    server.addHook('onSend', (request, reply, payload, done) => {
      if (request.viewer?.rateLimit) reply.headers(request.viewer.rateLimit);
      done(null, payload);
    });

    const graphql = await createGraphQL(await getSchema(), config, server.log as never, {
      context: contextFor,
      dataVersion: () => dataVersion.current(),
      limiter,
      cacheHit: () => metrics.graphqlFromCache.inc(),
    });
    server.addHook('onClose', async () => graphql.apollo.stop());

    registerWebPages(server, {
      dataVersion,
      responseCacheSize: config.responseCacheSize,
      landing: LANDING,
      secureCookies: (config.publicUrl ?? '').startsWith('https:'),
      // the context an HTTP request with this bearer token from this address gets; a page kept for everyone, the server's own
      graphql: (query, variables, { token, ip }) =>
        executeInProcess(graphql.apollo, () => createContext(orm, services, { headers: token ? { authorization: `Bearer ${token}` } : {}, ip: ip ?? '127.0.0.1' }), query, variables),
    });
    resource(server, '/graphql', { GET: graphql.handle, POST: graphql.handle }, { bodyLimit: config.graphqlBodyLimit });
    // Claims queued checks (also those a stopped process left behind) now and every poll.
    submissions.queue.start();
    usage.start();
    metrics.watchQueue('submission_checks_running', () => submissions.queue.depth);
    metrics.watchQueue('usage_events', () => usage.pending);
    const operations = installOperations(server, { orm, config, metrics });
    const tuf = config.tufOnlineKey
      ? new TufRepository(
          orm,
          { online: signingKey(config.tufOnlineKey), binBits: config.tufBinBits, postgres: config.database.kind === 'postgresql' },
          { registry: (em) => registryTarget(catalog.entryBatches(em, links.registry)), advisories: (em) => services.advisories.document(em) },
          server.log as never,
        )
      : undefined;
    if (tuf) {
      tuf.start(() => dataVersion.current(), config.tufRefreshSeconds * 1000);
      server.addHook('onClose', () => tuf.close());
    }
    registerRest(server, { config, orm, services, dataVersion, contextFor, frontDoor: door, tuf });
    registerOAuth(server, { orm, services });
    frontDoor = door;

    return {
      config,
      server,
      orm,
      services,
      dataVersion,
      metrics,
      tuf,
      async listen() {
        const url = await server.listen({ port: config.port, host: config.host });
        links.listening(url);
        if (!config.publicUrl) server.log.warn(`PUBLIC_URL is not set: registry.json and the APIs name manifests under ${links.origin}`);
        return url;
      },
      async close() {
        operations.stopping();
        // Fastify closes the connections idle when it starts closing; one still answering then would stay open, idle,
        // until its keep-alive timeout ran out (72 s): close each as soon as it is done.
        const sweep = setInterval(() => server.server.closeIdleConnections(), 50);
        try {
          await server.close();
        } finally {
          clearInterval(sweep);
        }
        await submissions.queue.close();
        await usage.close();
        await dataVersion.close();
        await authVersion.close();
        await orm.close();
      },
    };
  } catch (err) {
    await server.close();
    await dataVersion.close();
    await authVersion.close();
    await orm.close();
    throw err;
  }
}
