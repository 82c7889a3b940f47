import zlib from 'node:zlib';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import Fastify from 'fastify';

/**
 * The framework's floor: Fastify with the app's logger level, CORS and compression plugins, answering one
 * prebuilt buffer of a given size. What the REST layer costs beyond this is its own.
 */
const size = Number(process.argv[2] ?? 2);
const body = Buffer.alloc(size, 'x');
const server = Fastify({ logger: { level: 'warn' } });
await server.register(cors, { origin: '*', exposedHeaders: ['ETag', 'Repr-Digest', 'Retry-After'], maxAge: 600 });
await server.register(compress, { threshold: 2048, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
server.route({ method: 'GET', url: '/', compress: false, handler: async (_request, reply) => reply.header('content-type', 'application/json').send(body) });
await server.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
