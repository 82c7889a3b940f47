import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { ContextFor, Services } from '../context.js';
import type { DataVersion } from '../cache/data-version.js';
import type { FrontDoor } from '../cache/front-door.js';
import type { Orm } from '../orm.js';
import { Representation, ResponseCache, sendRepresentation } from '../cache/rest-cache.js';
import { ifNoneMatch, json, shared } from './answers.js';
import { openApiDocument, revisionOf } from './openapi.js';
import { pluginRoutes } from './plugins.js';
import { registryRoutes } from './registry.js';
import { registerRoutes, route, type Route } from './route.js';
import { submissionRoutes } from './submissions.js';
import { usageRoutes } from './usage.js';
import { advisoryRoutes } from './advisories.js';
import { reportRoutes } from './reports.js';
import { tufRoutes } from './tuf.js';
import type { TufRepository } from '../modules/trust/tuf.service.js';

export interface RestKit {
  config: Config;
  orm: Orm;
  services: Services;
  dataVersion: DataVersion;
  /** The per-request context (forked EntityManager, caller, client), as GraphQL builds it. */
  contextFor: ContextFor;
  /** Serves the responses kept here to repeated anonymous reads, before Fastify routes them. */
  frontDoor: FrontDoor;
  /** The signed metadata under /tuf/, when the registry signs its catalog. */
  tuf: TufRepository | undefined;
}

/** Bytes of REST responses kept in memory at most, beside the entry count of RESPONSE_CACHE_SIZE. */
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The REST layer: `/api/v1/…`, `/registry.json`, the TUF repository under `/tuf/` and the OpenAPI document,
 * registered from one route table through one pipeline (route.ts), the document generated from the same table.
 */
export function registerRest(server: FastifyInstance, kit: RestKit): void {
  let openapi: Representation | undefined;
  // named by the document, which is generated from the routes: known once they are all listed
  let revision = '';
  const openApiRoute = route({
    method: 'GET',
    path: OPENAPI_PATH,
    operationId: 'getOpenApi',
    tags: ['meta'],
    summary: 'This document',
    access: 'shared',
    headers: ifNoneMatch,
    options: { compress: false },
    responses: shared(json(z.looseObject({}), 'The OpenAPI 3.1 document')),
    handle: async ({ request, reply }) => sendRepresentation(request, reply, openapi!),
  });
  const routes: Route[] = [
    ...pluginRoutes(kit),
    ...submissionRoutes(kit.services),
    ...usageRoutes(),
    ...advisoryRoutes(),
    ...reportRoutes(),
    ...registryRoutes(server, kit, () => revision),
    ...tufRoutes(kit, kit.tuf),
    openApiRoute,
  ];

  const text = JSON.stringify(openApiDocument(routes));
  revision = revisionOf(text);
  openapi = new Representation(`openapi-${revision}`, 'application/json; charset=utf-8', Buffer.from(text));
  kit.frontDoor.serve((url) => (url === OPENAPI_PATH ? { rep: openapi!, route: OPENAPI_PATH } : undefined));

  const cache = new ResponseCache(revision, { entries: kit.config.responseCacheSize, maxBytes: RESPONSE_CACHE_BYTES });
  kit.frontDoor.serve((url, version) => {
    const rep = cache.peek(version, url);
    return rep && { rep, route: rep.route! };
  });
  registerRoutes(server, routes, {
    orm: kit.orm,
    services: kit.services,
    contextFor: kit.contextFor,
    async shared(request, reply, build) {
      const rep = await cache.get(await kit.dataVersion.current(), request.url, async (tag) => Representation.json(tag, await build(), request.routeOptions.url!));
      return sendRepresentation(request, reply, rep);
    },
  });
}
