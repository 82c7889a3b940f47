import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resource } from '../http.js';
import type { Em } from '../orm.js';
import { Representation, ResponseCache, sendRepresentation } from './caching.js';
import type { RestKit } from './routes.js';

/**
 * Brotli quality for the whole-catalog document: built once per data version on the thread pool, so a
 * higher quality than the request path's pays off, while 10k plugins still compress in well under a second.
 */
const REGISTRY_BROTLI_QUALITY = 6;

/**
 * `/registry.json`: the whole catalog in Loom's format, which Loom's Go client reads as an `official` source.
 * Built (exported, serialised, compressed) once per data version, then served from memory.
 */
export function registerRegistryRoutes(server: FastifyInstance, kit: RestKit, revision: string): void {
  // Its own single slot, outside the general cache: it must never be evicted by pages or refused for its size.
  const latest = new ResponseCache(revision, { entries: 1, maxBytes: Number.MAX_SAFE_INTEGER });
  const build = async (tag: string) => {
    const document = await kit.services.catalog.export(kit.orm.em.fork() as Em);
    return Representation.json(tag, document).precompress(REGISTRY_BROTLI_QUALITY);
  };
  const handler = async (request: FastifyRequest, reply: FastifyReply) =>
    sendRepresentation(request, reply, await latest.get(await kit.dataVersion.current(), 'registry.json', build));
  const paths = ['/registry.json', '/api/v1/registry.json'];
  for (const path of paths) resource(server, path, { GET: handler }, { compress: false });
  kit.frontDoor.serve((url, version) => {
    const rep = paths.includes(url) ? latest.peek(version, 'registry.json') : undefined;
    return rep && { rep, route: url };
  });
}
