import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { loggedUrl } from '../http.js';
import type { Metrics } from '../metrics.js';
import { answer, type Answer, type Representation } from './rest-cache.js';

/** A response kept in memory, and the route pattern it is counted under. */
export interface Kept {
  rep: Representation;
  route: string;
}

/** Finds the response kept for a raw request URL (path and query) at a data version, if any. */
export type KeptLookup = (url: string, version: number) => Kept | undefined;

/** What every answer carries, from the route or from the front door alike (the CORS plugin's headers for a simple request). */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Repr-Digest', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
const CORS_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', ') };

export interface FrontDoorDeps {
  /** The data version when it is known without waiting (SQLite: one prepared read; PostgreSQL: remembered between notifications). */
  version(): number | undefined;
  metrics: Metrics;
  log: Logger;
  requestId(): string;
}

/**
 * Answers an anonymous GET or HEAD whose response is already kept at the current data version before Fastify
 * routes it: the same status, headers and bytes as the route sends (a test compares them), logged and counted
 * alike, without the framework's per-request work (routing, hooks, the reply object). Everything else, a first
 * request included, goes on to Fastify, whose routes build and keep the responses this serves.
 */
export class FrontDoor {
  private readonly lookups: KeptLookup[] = [];
  private readonly sentHeaders = new WeakMap<Answer, Record<string, string>>();
  private closing = false;

  constructor(private readonly deps: FrontDoorDeps) {}

  /** Adds a source of kept responses. */
  serve(lookup: KeptLookup): void {
    this.lookups.push(lookup);
  }

  /** From now on every request goes to Fastify, which answers 503 while the server closes. */
  close(): void {
    this.closing = true;
  }

  /** Every header of an answer, as the routes and the CORS plugin would send them: built once per answer. */
  private headersOf(sent: Answer): Record<string, string> {
    let all = this.sentHeaders.get(sent);
    if (!all) {
      all = { ...CORS_HEADERS, ...sent.headers, ...(sent.body ? { 'content-length': String(sent.body.length) } : {}) };
      this.sentHeaders.set(sent, all);
    }
    return all;
  }

  /** True when the request was answered here. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const { method, url, headers } = req;
    if (this.closing || (method !== 'GET' && method !== 'HEAD') || headers.authorization !== undefined || url === undefined) return false;
    const started = performance.now();
    const version = this.deps.version();
    if (version === undefined) return false;
    let kept: Kept | undefined;
    for (const lookup of this.lookups) if ((kept = lookup(url, version))) break;
    if (!kept) return false;

    const sent = answer(kept.rep, { acceptEncoding: headers['accept-encoding'], ifNoneMatch: headers['if-none-match'], authorized: false });
    const { status, body } = sent;
    res.writeHead(status, this.headersOf(sent));
    res.end(method === 'HEAD' ? undefined : body);

    const seconds = (performance.now() - started) / 1000;
    this.deps.metrics.observe(method, kept.route, status, seconds);
    this.deps.metrics.fromMemory.inc();
    const { log } = this.deps;
    if (log.isLevelEnabled('info')) log.info({ reqId: this.deps.requestId(), method, url: loggedUrl(url), status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
    return true;
  }
}
