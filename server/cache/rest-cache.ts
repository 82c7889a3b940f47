import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VersionedLru } from './versioned-lru.js';

/**
 * HTTP caching for the REST reads. A response is built once per (data version, URL) and kept as bytes with
 * its compressed variants; its strong ETag is derived from the data version and the URL, never from hashing
 * the body, so a write (which bumps the data version) changes every ETag at once and a 304 costs one lookup.
 * Download counts bump it only when they are published, at most once per COUNTS_REFRESH_SECONDS (usage-buffer.ts):
 * between publications a representation built anew is the same bytes as the one kept.
 */

export type Coding = 'br' | 'gzip';

/** Smaller bodies go out as they are: compressing them saves less than it costs (as the app's compress plugin). */
export const COMPRESS_THRESHOLD = 2048;

/** Anonymous reads may be kept by shared caches for a minute, then revalidated with If-None-Match. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';
/** A request with credentials must not be stored by shared caches (RFC 9111 §3.5 would allow it under `public`). */
export const PRIVATE_CACHE_CONTROL = 'private, no-cache';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
// Quality 4 for bodies compressed on the request path: most of brotli's gain at a fraction of the default's CPU.
const BROTLI_FAST = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

/**
 * A JSON answer already serialised (a handler that joins stored JSON text): sent as it is, where any other value is
 * passed through JSON.stringify.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** One representation: the identity bytes, its compressed variants, and a strong ETag per coding. */
export class Representation {
  private readonly coded: Partial<Record<Coding, Buffer>> = {};
  private readonly answers = new Map<string, Answer>();
  readonly etags: Record<Coding | 'identity', string>;

  constructor(
    tag: string,
    readonly contentType: string,
    readonly body: Buffer,
    /** The route pattern it answers, when it answers one: what the front door counts it under. */
    readonly route?: string,
  ) {
    // Each coding is a different representation (RFC 9110 §8.8.3), so each has its own strong validator.
    this.etags = { identity: `"${tag}"`, br: `"${tag}-br"`, gzip: `"${tag}-gz"` };
  }

  /** The answer for a coding, status and caller: built once, then shared by every request that gets it. */
  answer(coding: Coding | undefined, status: 200 | 304, authorized: boolean): Answer {
    const key = `${coding ?? 'identity'} ${status} ${authorized}`;
    let kept = this.answers.get(key);
    if (!kept) {
      const headers: Record<string, string> = { etag: this.etags[coding ?? 'identity'], 'cache-control': authorized ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL };
      if (this.compressible) headers.vary = 'Accept-Encoding';
      if (status === 200) {
        headers['content-type'] = this.contentType;
        if (coding) headers['content-encoding'] = coding;
      }
      kept = Object.freeze({ status, headers: Object.freeze(headers), body: status === 200 ? this.bytes(coding) : undefined });
      this.answers.set(key, kept);
    }
    return kept;
  }

  static json(tag: string, value: unknown, route?: string): Representation {
    return new Representation(tag, 'application/json; charset=utf-8', Buffer.from(value instanceof JsonText ? value.text : JSON.stringify(value)), route);
  }

  get compressible(): boolean {
    return this.body.length >= COMPRESS_THRESHOLD;
  }

  /** Compresses both codings now, on the thread pool: for large bodies that must not stall the event loop. */
  async precompress(brotliQuality: number): Promise<this> {
    if (!this.compressible) return this;
    const [br, gz] = await Promise.all([brotli(this.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality } }), gzip(this.body)]);
    this.coded.br = br;
    this.coded.gzip = gz;
    return this;
  }

  /** The bytes of a coding; a small body is compressed on first use and kept. */
  bytes(coding: Coding | undefined): Buffer {
    if (!coding) return this.body;
    return (this.coded[coding] ??= coding === 'br' ? zlib.brotliCompressSync(this.body, BROTLI_FAST) : zlib.gzipSync(this.body));
  }
}

/** Accept-Encoding values seen recently and their coding: clients send a handful of distinct ones. */
const negotiated = new Map<string, Coding | undefined>();
const NEGOTIATED_MAX = 64;

/** The coding to send for an Accept-Encoding header: br over gzip at equal preference, none when neither is acceptable. */
export function negotiate(acceptEncoding: string | undefined): Coding | undefined {
  if (!acceptEncoding) return undefined;
  if (negotiated.has(acceptEncoding)) return negotiated.get(acceptEncoding);
  const coding = parseAcceptEncoding(acceptEncoding);
  if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
  negotiated.set(acceptEncoding, coding);
  return coding;
}

function parseAcceptEncoding(acceptEncoding: string): Coding | undefined {
  let br = -1;
  let gz = -1;
  let any = -1;
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    let q = 1;
    for (const param of params) if (param.startsWith('q=')) q = Number(param.slice(2)) || 0;
    if (name === 'br') br = q;
    else if (name === 'gzip' || name === 'x-gzip') gz = q;
    else if (name === '*') any = q;
  }
  if (br < 0) br = any;
  if (gz < 0) gz = any;
  if (br <= 0 && gz <= 0) return undefined;
  return br >= gz ? 'br' : 'gzip';
}

/** If-None-Match against the selected representation's ETag (weak comparison, as RFC 9110 §13.1.2 asks). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch === etag) return true;
  for (const raw of ifNoneMatch.split(',')) {
    const candidate = raw.trim();
    if (candidate === '*' || candidate === etag || candidate === `W/${etag}`) return true;
  }
  return false;
}

export function cacheControl(request: FastifyRequest): string {
  return request.headers.authorization === undefined ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL;
}

/** What to send for a representation: the status, the headers beyond the framework's own, and the body (none for 304). */
export interface Answer {
  readonly status: 200 | 304;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

/** The coding the caller accepts, or 304 when its ETag matches: one decision for Fastify's routes and the front door. */
export function answer(rep: Representation, request: { acceptEncoding?: string; ifNoneMatch?: string; authorized: boolean }): Answer {
  const coding = rep.compressible ? negotiate(request.acceptEncoding) : undefined;
  return rep.answer(coding, etagMatches(request.ifNoneMatch, rep.etags[coding ?? 'identity']) ? 304 : 200, request.authorized);
}

/**
 * Sends a representation in the coding the caller accepts, or 304 without a body when its ETag matches; `override`
 * replaces headers of the answer (a page's wider `Vary`, a hashed file's lifetime).
 */
export function sendRepresentation(request: FastifyRequest, reply: FastifyReply, rep: Representation, override: Record<string, string> = {}): FastifyReply {
  const { status, headers, body } = answer(rep, {
    acceptEncoding: request.headers['accept-encoding'],
    ifNoneMatch: request.headers['if-none-match'],
    authorized: request.headers.authorization !== undefined,
  });
  return reply.code(status).headers(headers).headers(override).send(body);
}

export interface ResponseCacheOptions {
  /** Representations kept; 0 keeps none (each request builds its own; concurrent ones still share one build). */
  entries: number;
  /** Upper bound on the bytes kept. */
  maxBytes: number;
}

/**
 * Representations by (data version, key), each built once however many requests ask for it at the same time.
 * A new data version drops every kept representation: none of them can be served again.
 */
export class ResponseCache {
  private readonly kept: VersionedLru<Representation>;
  private readonly building = new Map<string, Promise<Representation>>();

  /** `revision` names the shape of the representations, so a deploy that changes them changes the ETags too. */
  constructor(
    private readonly revision: string,
    options: ResponseCacheOptions,
  ) {
    // The compressed variants are smaller than the body, so twice its length bounds the whole entry. Kept from a URL's
    // second request on: distinct queries, asked once each, would only churn the cache (and the heap, garbage to collect).
    this.kept = new VersionedLru({ entries: options.entries, maxBytes: options.maxBytes, size: (rep) => rep.body.length * 2, secondRequest: true });
  }

  /** The ETag base of a key at a data version: opaque, strong, and computable without the body. */
  tag(version: number, key: string): string {
    return `v${version}-${createHash('sha256').update(this.revision).update('\n').update(key).digest('hex').slice(0, 16)}`;
  }

  /** The representation kept for a key at a data version, without building it. */
  peek(version: number, key: string): Representation | undefined {
    return this.kept.peek(version, key);
  }

  async get(version: number, key: string, build: (tag: string) => Promise<Representation>): Promise<Representation> {
    const hit = this.kept.get(version, key);
    if (hit) return hit;
    const slot = `${version}\n${key}`;
    let pending = this.building.get(slot);
    if (!pending) {
      pending = build(this.tag(version, key))
        .then((rep) => {
          this.kept.set(version, key, rep);
          return rep;
        })
        .finally(() => this.building.delete(slot));
      this.building.set(slot, pending);
    }
    return pending;
  }
}
