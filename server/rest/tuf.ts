import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { resource } from '../http.js';
import type { TufRepository } from '../modules/trust/tuf.service.js';
import type { Em } from '../orm.js';
import type { RestKit } from './routes.js';

const ROLE = /^(?:(\d{1,9})\.)?([a-z][a-z0-9-]{0,63})\.json$/;
const MANIFEST = /^plugins\/([^/]+)\/([^/]+)\/(?:([0-9a-f]{64})\.)?plugin\.yaml$/;
const GENERATED = /^(?:([0-9a-f]{64})\.)?(registry\.json|advisories\.json)$/;

const IMMUTABLE = 'public, max-age=31536000, immutable';

function unsigned(): never {
  throw new AppError('NOT_FOUND', 'this registry does not sign its catalog (no TUF online key is configured)');
}

/**
 * The TUF repository (docs/trust.md): `/tuf/metadata/<version>.<role>.json` and `timestamp.json`, and the targets
 * under `/tuf/targets/`, with consistent-snapshot names (`<sha256>.<name>`) and plain ones. Versioned files never
 * change once signed; timestamp.json and the plain target names are revalidated.
 */
export function registerTufRoutes(server: FastifyInstance, kit: RestKit, tuf: TufRepository | undefined): void {
  const em = () => kit.orm.em.fork() as Em;
  resource(server, '/tuf/metadata/:file', {
    GET: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!tuf) unsigned();
      const { file } = request.params as { file: string };
      const match = ROLE.exec(file);
      const versioned = match?.[1] !== undefined;
      // only the timestamp is fetched without a version (TUF client workflow 5.4)
      const body = match && (versioned || match[2] === 'timestamp') ? await tuf.metadata(em(), match[2], versioned ? Number(match[1]) : undefined) : undefined;
      if (body === undefined) throw new AppError('NOT_FOUND', `no TUF metadata ${file}`);
      return reply.header('content-type', 'application/json').header('cache-control', versioned ? IMMUTABLE : 'no-cache').send(body);
    },
  });
  resource(server, '/tuf/targets/*', {
    GET: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!tuf) unsigned();
      const path = (request.params as { '*': string })['*'];
      const manifest = MANIFEST.exec(path);
      if (manifest) {
        const [, id, version, hash] = manifest;
        const snapshot = await kit.services.stats.manifest(em(), id, version);
        if (hash && hash !== snapshot.sha256) throw new AppError('NOT_FOUND', `no target ${path}`);
        return reply.header('content-type', 'application/yaml').header('cache-control', IMMUTABLE).send(Buffer.from(snapshot.manifest));
      }
      const generated = GENERATED.exec(path);
      const body = generated ? await tuf.blob(em(), generated[2], generated[1]) : undefined;
      if (body === undefined) throw new AppError('NOT_FOUND', `no target ${path}`);
      return reply.header('content-type', 'application/json').header('cache-control', generated![1] ? IMMUTABLE : 'no-cache').send(body);
    },
  }, { compress: false });
}
