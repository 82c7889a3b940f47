import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { ContextFor, Services } from '../context.js';
import type { DataVersion } from '../cache/data-version.js';
import type { FrontDoor } from '../cache/front-door.js';
import type { Orm } from '../orm.js';
import { Representation, ResponseCache, sendRepresentation } from '../cache/rest-cache.js';
import { OPENAPI_REVISION, registerOpenApiRoute } from './openapi.js';
import { registerPluginRoutes } from './plugins.js';
import { registerRegistryRoutes } from './registry.js';
import { registerAdvisoryRoutes } from './advisories.js';
import { registerTufRoutes } from './tuf.js';
import type { TufRepository } from '../modules/trust/tuf.service.js';

export interface RestDeps {
  config: Config;
  orm: Orm;
  services: Services;
  dataVersion: DataVersion;
  /** The per-request context (forked EntityManager, caller, client) for the routes that write. */
  contextFor: ContextFor;
  /** Serves the responses kept here to repeated anonymous reads, before Fastify routes them. */
  frontDoor: FrontDoor;
  /** The signed metadata under /tuf/, when the registry signs its catalog. */
  tuf: TufRepository | undefined;
}

export interface RestKit extends RestDeps {
  /** Answers with this URL's JSON at the current data version: kept from an earlier request, or built by `build`. */
  json(request: FastifyRequest, reply: FastifyReply, build: () => Promise<unknown>): Promise<FastifyReply>;
}

/** Bytes of REST responses kept in memory at most, beside the entry count of RESPONSE_CACHE_SIZE. */
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

/** The REST layer: `/api/v1/…`, `/registry.json` and the OpenAPI document. */
export function registerRest(server: FastifyInstance, deps: RestDeps): void {
  const cache = new ResponseCache(OPENAPI_REVISION, { entries: deps.config.responseCacheSize, maxBytes: RESPONSE_CACHE_BYTES });
  const kit: RestKit = {
    ...deps,
    async json(request, reply, build) {
      const rep = await cache.get(await deps.dataVersion.current(), request.url, async (tag) => Representation.json(tag, await build(), request.routeOptions.url!));
      return sendRepresentation(request, reply, rep);
    },
  };
  deps.frontDoor.serve((url, version) => {
    const rep = cache.peek(version, url);
    return rep && { rep, route: rep.route! };
  });
  registerPluginRoutes(server, kit);
  registerRegistryRoutes(server, kit, OPENAPI_REVISION);
  registerOpenApiRoute(server, deps.frontDoor);
  registerAdvisoryRoutes(server, kit);
  registerTufRoutes(server, kit, deps.tuf);
}
