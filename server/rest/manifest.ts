import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resource } from '../http.js';
import { findManifest } from '../modules/version/version.service.js';
import type { Orm, Em } from '../orm.js';

/**
 * GET /api/v1/plugins/:id/versions/:version/manifest: the manifest snapshot the CLI installs.
 * A published version never changes, so the sha256 is a strong ETag and the answer is cacheable forever;
 * `Repr-Digest` (RFC 9530) lets any client check the bytes it got.
 */
export function registerManifestRoute(server: FastifyInstance, orm: Orm): void {
  resource(server, '/api/v1/plugins/:id/versions/:version/manifest', {
    GET: async (request: FastifyRequest, reply: FastifyReply) => {
      const { id, version } = request.params as { id: string; version: string };
      const { manifest, sha256 } = await findManifest(orm.em.fork() as Em, id, version);
      const etag = `"${sha256}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply
        .header('content-type', 'application/yaml; charset=utf-8')
        .header('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`)
        .send(manifest);
    },
  });
}
