import { z } from 'zod';
import { AppError } from '../errors.js';
import type { TufRepository } from '../modules/trust/tuf.service.js';
import type { Em } from '../orm.js';
import { r } from './answers.js';
import { route, type Responses, type Route } from './route.js';
import type { RestKit } from './routes.js';

const ROLE = /^(?:(\d{1,9})\.)?([a-z][a-z0-9-]{0,63})\.json$/;
const MANIFEST = /^(?:([0-9a-f]{64})\.)?plugin\.yaml$/;
const GENERATED = /^(?:([0-9a-f]{64})\.)?(registry\.json|advisories\.json)$/;

const IMMUTABLE = 'public, max-age=31536000, immutable';

function unsigned(): never {
  throw new AppError('NOT_FOUND', 'this registry does not sign its catalog (no TUF online key is configured)');
}

const file = z.object({ file: z.string().meta({ description: 'The file name, `<version>.<role>.json` (or `timestamp.json`), or a target with its consistent-snapshot name `<sha256>.<name>`' }) });
const cacheControl = { description: `\`${IMMUTABLE}\` for a versioned or hashed name; \`no-cache\` for timestamp.json and plain target names`, required: true, schema: { type: 'string' } };
const answers = (description: string, contentType: string, schema: z.ZodType): Responses => ({
  '200': { description, schema, contentType, headers: { 'Cache-Control': cacheControl } },
  '401': r('Unauthorized'),
  '404': r('NotFound'),
  default: r('Error'),
});
const tuf = { tags: ['trust'], access: 'shared' as const };
/** Targets go out as stored, so their bytes are the ones the targets metadata hashes. */
const uncompressed = { compress: false as const };

/**
 * The TUF repository (docs/trust.md): `/tuf/metadata/<version>.<role>.json` and `timestamp.json`, and the targets
 * under `/tuf/targets/` (registry.json, advisories.json and each version's `plugins/<id>/<version>/plugin.yaml`), with
 * consistent-snapshot names (`<sha256>.<name>`) and plain ones. Routes of the table like /registry.json, outside
 * /api/v1 because TUF clients ask for these paths; versioned files never change once signed, timestamp.json and the
 * plain target names are revalidated. 404 while the registry signs nothing.
 */
export function tufRoutes(kit: RestKit, repository: TufRepository | undefined): Route[] {
  const em = () => kit.orm.em.fork() as Em;
  return [
    route({
      ...tuf,
      method: 'GET',
      path: '/tuf/metadata/:file',
      operationId: 'getTufMetadata',
      summary: 'A signed TUF metadata file: root, timestamp, snapshot, targets or a delegated bin',
      params: file,
      responses: answers('The signed metadata', 'application/json', z.looseObject({ signed: z.looseObject({}), signatures: z.array(z.looseObject({})) })),
      handle: async ({ params, reply }) => {
        if (!repository) unsigned();
        const match = ROLE.exec(params.file);
        const versioned = match?.[1] !== undefined;
        // only the timestamp is fetched without a version (TUF client workflow 5.4)
        const body = match && (versioned || match[2] === 'timestamp') ? await repository.metadata(em(), match[2], versioned ? Number(match[1]) : undefined) : undefined;
        if (body === undefined) throw new AppError('NOT_FOUND', `no TUF metadata ${params.file}`);
        return reply.header('content-type', 'application/json').header('cache-control', versioned ? IMMUTABLE : 'no-cache').send(body);
      },
    }),
    route({
      ...tuf,
      method: 'GET',
      path: '/tuf/targets/:file',
      operationId: 'getTufTarget',
      options: uncompressed,
      summary: 'A signed target: the catalog (registry.json) or the advisories (advisories.json)',
      params: file,
      responses: answers('The target, byte for byte as its targets metadata hashes it', 'application/json', z.looseObject({})),
      handle: async ({ params, reply }) => {
        if (!repository) unsigned();
        const generated = GENERATED.exec(params.file);
        const body = generated ? await repository.blob(em(), generated[2], generated[1]) : undefined;
        if (body === undefined) throw new AppError('NOT_FOUND', `no target ${params.file}`);
        return reply.header('content-type', 'application/json').header('cache-control', generated![1] ? IMMUTABLE : 'no-cache').send(body);
      },
    }),
    route({
      ...tuf,
      method: 'GET',
      path: '/tuf/targets/plugins/:id/:version/:file',
      operationId: 'getTufManifestTarget',
      options: uncompressed,
      summary: "A signed target: a published version's plugin.yaml",
      params: z.object({ id: z.string(), version: z.string(), file: file.shape.file }),
      responses: answers('The manifest, as published', 'application/yaml', z.string()),
      handle: async ({ params, reply }) => {
        if (!repository) unsigned();
        const manifest = MANIFEST.exec(params.file);
        const target = `plugins/${params.id}/${params.version}/${params.file}`;
        if (!manifest) throw new AppError('NOT_FOUND', `no target ${target}`);
        const snapshot = await kit.services.stats.manifest(em(), params.id, params.version);
        if (manifest[1] && manifest[1] !== snapshot.sha256) throw new AppError('NOT_FOUND', `no target ${target}`);
        return reply.header('content-type', 'application/yaml').header('cache-control', IMMUTABLE).send(Buffer.from(snapshot.manifest));
      },
    }),
  ];
}
