import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ManifestUrls } from '../../domain/registry-entry.js';
import type { Em } from '../orm.js';
import { SqliteRegistryScan } from '../modules/catalog/registry-scan.js';
import { cacheControl, etagMatches, negotiate, type Coding } from '../cache/rest-cache.js';
import { ifNoneMatch, json, shared } from './answers.js';
import { route, type Route } from './route.js';
import type { RestKit } from './routes.js';
import { registryDocument } from './schemas.js';

/** Brotli quality of the whole-catalog document: compressed once per build, off the request path, as fast as the request path's. */
const REGISTRY_BROTLI_QUALITY = 4;

type Variant = Coding | 'identity';

/** One build of the document: its bytes in each coding, as files (never whole in memory), and a strong ETag per coding. */
interface Generation {
  version: number;
  tag: string;
  files: Partial<Record<Variant, { path: string; size: number }>>;
}

export interface RegistrySource {
  /** The entries' JSON texts, a batch at a time, most downloaded first. */
  batches(): AsyncIterable<string[]>;
  /**
   * Where the source can: writes the entries, comma-separated and in the same order, into `out` from one consistent
   * read of the database, and returns the data version that read saw (what the document is then tagged with). A
   * source without it is read through `batches`.
   */
  scan?(out: EntryWriter): Promise<number>;
}

/** Where a build writes the document's text. */
export interface EntryWriter {
  text(text: string): void;
  /** True when the buffer should be written out (`flush`) before more text is added. */
  readonly full: boolean;
  flush(): Promise<void>;
}

/** The document is encoded into one buffer of this size, reused, and written out to its file each time it fills. */
const WRITE_CHUNK = 1 << 20;
/** A buffer this close to its end is full: the next entry could not be encoded into it without a check of its length. */
const WRITE_SLACK = 64 << 10;

/**
 * The document's text encoded straight into a reused buffer, which is written to the file whenever it fills: no
 * string of a batch, no Buffer per text. Text longer than what is left is encoded on its own and written in turn.
 */
class DocumentWriter implements EntryWriter {
  private readonly buffer = Buffer.allocUnsafe(WRITE_CHUNK);
  private used = 0;
  private spilled: Buffer[] = [];
  /** Bytes in the file. */
  size = 0;

  constructor(
    private readonly file: fsp.FileHandle,
    private readonly written: (size: number) => void,
  ) {}

  text(text: string): void {
    const room = this.buffer.length - this.used;
    // at most three bytes of UTF-8 per UTF-16 unit
    if (text.length * 3 <= room) {
      this.used += this.buffer.write(text, this.used);
      return;
    }
    const bytes = Buffer.from(text);
    if (bytes.length <= room) {
      this.used += bytes.copy(this.buffer, this.used);
      return;
    }
    this.spilled.push(Buffer.from(this.buffer.subarray(0, this.used)), bytes);
    this.used = 0;
  }

  get full(): boolean {
    return this.spilled.length > 0 || this.used > this.buffer.length - WRITE_SLACK;
  }

  async flush(): Promise<void> {
    for (const bytes of [...this.spilled.splice(0), this.buffer.subarray(0, this.used)]) {
      if (bytes.length === 0) continue;
      await this.file.write(bytes, 0, bytes.length, this.size);
      this.size += bytes.length;
    }
    this.used = 0;
    this.written(this.size);
  }
}

/** How far a file being written has got, for readers that follow it (the compressors) while it is written. */
class Growth {
  size = 0;
  done = false;
  failed: unknown;
  private waiting: (() => void)[] = [];

  grow(size: number): void {
    this.size = size;
    this.wake();
  }

  end(err?: unknown): void {
    this.done = true;
    this.failed = err;
    this.wake();
  }

  next(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/**
 * Compresses the file's bytes into `target` as they are written (`growth`) until it is complete; fails if its build
 * failed. One megabyte buffer is read into again once the compressor has taken in its bytes (the write's callback),
 * so a build allocates no buffer per chunk: the native memory of such churn stayed with the process after a build.
 */
async function compressFollowing(file: string, growth: Growth, stream: zlib.Gzip | zlib.BrotliCompress, target: string): Promise<void> {
  const written = pipeline(stream, fs.createWriteStream(target));
  written.catch(() => {});
  const handle = await fsp.open(file, 'r');
  const chunk = Buffer.allocUnsafe(WRITE_CHUNK);
  try {
    for (let position = 0; ; ) {
      if (growth.failed !== undefined) throw growth.failed;
      if (position < growth.size) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, growth.size - position), position);
        position += bytesRead;
        await new Promise<void>((resolve, reject) => stream.write(chunk.subarray(0, bytesRead), (err) => (err ? reject(err) : resolve())));
      } else if (growth.done) {
        break;
      } else {
        await growth.next();
      }
    }
    stream.end();
  } catch (err) {
    stream.destroy(err as Error);
    throw err;
  } finally {
    await handle.close();
  }
  await written;
}

/**
 * `/registry.json`, the whole catalog in Loom's format. Built per data version, but never in a reader's way:
 * entries are encoded into a reused megabyte buffer and written to a file each time it fills (the event loop serves
 * other requests meanwhile), read from an SQLite file in one snapshot scan or else a batch at a time; the file is
 * compressed into its gzip and br variants by streams on the thread pool. Memory holds a megabyte of the document,
 * never the whole, let alone one copy per coding. While a rebuild runs readers get the previous
 * document (stale-while-revalidate) after waiting at most `freshWaitMs` (REGISTRY_FRESH_WAIT_MS) for the new one; only the very first
 * build is waited for, and only until its identity bytes are written. Builds run one at a time; writes during a
 * build cause one more build after it.
 */
export class RegistryFiles {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-registry-'));
  /** Newest first; the previous generation stays on disk while readers that chose it may still be opening it. */
  private generations: Generation[] = [];
  private wanted = -1;
  private running: Promise<void> | undefined;
  /** Settles when the running build's identity file is written (the first build is waited for this long). */
  private identityReady: Promise<Generation> | undefined;
  private builds = 0;

  constructor(
    private readonly source: RegistrySource,
    private readonly tagOf: (version: number) => string,
    private readonly log: Logger,
    private readonly freshWaitMs: number,
  ) {}

  /** The generation to answer from for a reader who saw data version `version`. */
  async generation(version: number): Promise<Generation> {
    const newest = this.generations[0];
    if (newest && newest.version >= version) return newest;
    const running = this.request(version);
    if (!newest) return this.identityReady!;
    await this.within(running, this.freshWaitMs);
    return this.generations[0];
  }

  /** The coding to send from what the reader accepts and what is written: a variant still being compressed is sent from an older generation, else as identity. */
  choose(accepted: Coding | undefined, fresh: Generation): { generation: Generation; variant: Variant } {
    if (accepted) {
      const holder = fresh.files[accepted] ? fresh : this.generations.find((g) => g.version <= fresh.version && g.files[accepted]);
      if (holder) return { generation: holder, variant: accepted };
    }
    return { generation: fresh, variant: 'identity' };
  }

  async close(): Promise<void> {
    this.wanted = -1;
    await this.running?.catch(() => {});
    await fsp.rm(this.dir, { recursive: true, force: true });
  }

  private request(version: number): Promise<void> {
    if (version > this.wanted) this.wanted = version;
    this.running ??= this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async within(work: Promise<unknown>, ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private async loop(): Promise<void> {
    while (this.wanted > (this.generations[0]?.version ?? -1)) {
      const version = this.wanted;
      let identity!: (g: Generation) => void;
      let failed!: (err: unknown) => void;
      const ready = new Promise<Generation>((resolve, reject) => ((identity = resolve), (failed = reject)));
      ready.catch(() => {});
      this.identityReady = ready;
      try {
        const generation = await this.build(version, (g) => {
          // the first document is served as soon as it can be, compressed variants following
          if (this.generations.length === 0) this.generations = [g];
          identity(g);
        });
        this.retire([generation, ...this.generations.filter((g) => g !== generation)]);
      } catch (err) {
        failed(err);
        this.log.error({ err }, 'registry.json: the build failed; the next reader starts another');
        return;
      }
    }
  }

  /** Keeps the newest two generations; the older ones' files go (a reader that opened one keeps its bytes). */
  private retire(generations: Generation[]): void {
    this.generations = generations.slice(0, 2);
    for (const old of generations.slice(2)) for (const file of Object.values(old.files)) void fsp.rm(file.path, { force: true });
  }

  private async build(version: number, onIdentity: (g: Generation) => void): Promise<Generation> {
    const base = path.join(this.dir, `registry-${++this.builds}`);
    const generation: Generation = { version, tag: this.tagOf(version), files: {} };
    const file = await fsp.open(`${base}.json`, 'w');
    const growth = new Growth();
    // the codings are made as the document is written, each following the file's bytes: done soon after it
    const compress = async (coding: Coding, stream: zlib.Gzip | zlib.BrotliCompress, suffix: string) => {
      await compressFollowing(`${base}.json`, growth, stream, `${base}${suffix}`);
      generation.files[coding] = { path: `${base}${suffix}`, size: (await fsp.stat(`${base}${suffix}`)).size };
    };
    const makeCodings = () => {
      // brotli's size hint: the document's size once it is written, else the previous document's
      const hint = growth.done ? growth.size : (this.generations[0]?.files.identity?.size ?? 0);
      const made = Promise.all([
        compress('gzip', zlib.createGzip({ level: 6 }), '.json.gz'),
        compress('br', zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: REGISTRY_BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: hint } }), '.json.br'),
      ]);
      made.catch(() => {});
      return made;
    };
    // the first document is waited for by its readers: its codings start once it is written, leaving the scan the cores;
    // a rebuild's readers have the previous document meanwhile, and its codings follow the scan
    let codings = this.generations.length > 0 ? makeCodings() : undefined;
    const out = new DocumentWriter(file, (size) => growth.grow(size));
    try {
      out.text('{"version":"1.0","plugins":[');
      if (this.source.scan) {
        const read = await this.source.scan(out);
        // the data version of what was read: at least the one asked for, which was committed before the read began
        if (read > version) Object.assign(generation, { version: read, tag: this.tagOf(read) });
      } else {
        let first = true;
        for await (const batch of this.source.batches()) {
          for (const text of batch) {
            if (!first) out.text(',');
            out.text(text);
            first = false;
            if (out.full) await out.flush();
          }
        }
      }
      out.text(']}');
      await out.flush();
    } catch (err) {
      growth.end(err);
      throw err;
    } finally {
      await file.close();
    }
    growth.end();
    generation.files.identity = { path: `${base}.json`, size: out.size };
    onIdentity(generation);
    await (codings ??= makeCodings());
    return generation;
  }
}

const ETAG_SUFFIX: Record<Variant, string> = { identity: '', gzip: '-gz', br: '-br' };

const etagOf = (generation: Generation, variant: Variant) => `"${generation.tag}${ETAG_SUFFIX[variant]}"`;

function send(request: FastifyRequest, reply: FastifyReply, files: RegistryFiles, fresh: Generation): FastifyReply {
  const { generation, variant } = files.choose(negotiate(request.headers['accept-encoding']), fresh);
  const etag = etagOf(generation, variant);
  reply.header('vary', 'Accept-Encoding').header('cache-control', cacheControl(request));
  // Every coding of the current document is still valid: a client that got the identity bytes before the br file
  // was written keeps them with a 304 (naming what it holds), rather than downloading the document again.
  const held = [etag, ...(Object.keys(fresh.files) as Variant[]).map((v) => etagOf(fresh, v))].find((e) => etagMatches(request.headers['if-none-match'], e));
  if (held) return reply.header('etag', held).code(304).send();
  reply.header('etag', etag);
  const file = generation.files[variant]!;
  // opened now, in the turn that chose it: a generation is removed only two builds later
  const fd = fs.openSync(file.path, 'r');
  reply.header('content-type', 'application/json; charset=utf-8').header('content-length', String(file.size));
  if (variant !== 'identity') reply.header('content-encoding', variant);
  // megabyte reads: a document of 100 MB goes out in a hundred chunks, not thousands
  return reply.send(fs.createReadStream('', { fd, highWaterMark: 1 << 20 }));
}

/**
 * `/registry.json` (also at `/api/v1/registry.json`, and at `//registry.json`, which Loom requests for a source URL
 * written with a trailing slash): what Loom's Go client reads from a source.
 */
export function registryRoutes(server: FastifyInstance, kit: RestKit, revision: () => string): Route[] {
  const urls: ManifestUrls = kit.services.links.registry;
  const database = kit.config.database;
  // an SQLite file is read in one scan of its own connection; PostgreSQL and an in-memory database in batches
  let scanner: Promise<SqliteRegistryScan> | undefined;
  const scan =
    database.kind === 'sqlite' && database.file !== ':memory:' && urls.kind === 'registry'
      ? async (out: EntryWriter) => (await (scanner ??= SqliteRegistryScan.of(kit.orm, database.file, urls))).scan(out)
      : undefined;
  const files = new RegistryFiles(
    { batches: () => kit.services.catalog.entryBatches(kit.orm.em.fork() as Em, urls), ...(scan ? { scan } : {}) },
    (version) => `v${version}-${createHash('sha256').update(revision()).update('\nregistry.json\n').update(kit.services.links.origin).digest('hex').slice(0, 16)}`,
    server.log as never,
    kit.config.registryFreshWaitMs,
  );
  server.addHook('onClose', async () => {
    await files.close();
    (await scanner?.catch(() => undefined))?.close();
  });
  const routes = [
    { path: '/registry.json', operationId: 'getRegistry' },
    { path: '/api/v1/registry.json', operationId: 'getRegistryV1' },
    { path: '//registry.json', operationId: 'getRegistryTrailingSlash', undocumented: true },
  ];
  return routes.map(({ path, operationId, undocumented }) =>
    route({
      method: 'GET',
      path,
      operationId,
      undocumented,
      tags: ['registry.json'],
      summary: "The whole catalog in Loom's registry.json format",
      description:
        'What Loom’s Go registry client reads from a source: every installable plugin, each entry describing its current version, with `install.manifest_url` ' +
        'naming the registry’s immutable manifest snapshot and `install.sha256` its checksum. Rebuilt after a catalog change; while a rebuild runs, readers ' +
        'wait at most REGISTRY_FRESH_WAIT_MS (250 ms) for it and otherwise get the previous document (stale-while-revalidate). gzip or br when accepted (identity while a new ' +
        'catalog is first compressed). Also answered at `//registry.json`, which Loom requests for a source URL written with a trailing slash.',
      access: 'shared',
      headers: ifNoneMatch,
      options: { compress: false },
      responses: shared(json(registryDocument, 'The catalog')),
      handle: async ({ request, reply }) => send(request, reply, files, await files.generation(await kit.dataVersion.current())),
    }),
  );
}
