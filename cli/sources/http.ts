import type { IncomingHttpHeaders } from 'node:http';
import type { FetchLike } from '../../client/client.js';
import { RETRYABLE_STATUS, withRetries } from '../../client/retry.js';
import { AuthError, CliError, NotFoundError } from '../errors.js';

/**
 * HTTP for the CLI over node:http. Node's global fetch loads undici (and compiles its WebAssembly parser) on first
 * use, well over 100 ms of a cold start; node:http is already in the binary. Covers what the CLI needs:
 * timeouts through AbortSignal, redirects for GET, and gzip/brotli bodies.
 */

export const HTTP_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;

export interface HttpResponse {
  status: number;
  ok: boolean;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): Promise<string>;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (!encoding || encoding === 'identity') return body;
  const zlib = process.getBuiltinModule('node:zlib');
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(body);
  if (encoding === 'br') return zlib.brotliDecompressSync(body);
  if (encoding === 'deflate') return zlib.inflateSync(body);
  return body;
}

export async function request(url: string, init: HttpRequest = {}, redirects = 0): Promise<HttpResponse> {
  const target = new URL(url);
  // getBuiltinModule, not `import`: an ESM namespace of node:http evaluates its lazy exports (WebSocket…),
  // which loads undici, the very cost this module avoids.
  const transport = target.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
  const method = init.method ?? 'GET';
  const response = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = transport.request(
      target,
      { method, headers: { 'accept-encoding': 'gzip, br', ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) }, signal: init.signal },
      (res) => {
        const chunks: Buffer[] = [];
        const cut = () => Object.assign(new Error('connection closed before the whole answer arrived'), { code: 'ECONNRESET' });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => reject(cut()));
        // A body cut short ends in 'close' without a complete message (and maybe no 'end').
        res.on('close', () => {
          if (!res.complete) return reject(cut());
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decode(Buffer.concat(chunks), res.headers['content-encoding']) });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
  const location = response.headers.location;
  if (method === 'GET' && [301, 302, 303, 307, 308].includes(response.status) && location) {
    if (redirects >= MAX_REDIRECTS) throw Object.assign(new Error(`more than ${MAX_REDIRECTS} redirects`), { code: 'EREDIRECTS' });
    const next = new URL(location, target);
    // Credentials stay with the origin they were meant for.
    const headers = next.origin === target.origin ? init.headers : Object.fromEntries(Object.entries(init.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'authorization'));
    return request(next.href, { ...init, headers }, redirects + 1);
  }
  return { ...response, ok: response.status >= 200 && response.status < 300, text: async () => response.body.toString('utf8') };
}

/** The GraphQL client's fetch, over node:http. */
export const httpFetch: FetchLike = (url, init) => request(url, init);

export interface HttpOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Who is asked, for messages: a source name or "manifest". */
  what: string;
  /** What to do about a 401/403 (default: a generic word about API keys). */
  authHint?: string;
}

export class UnreachableError extends CliError {
  constructor(
    message: string,
    hint?: string,
    /** A dropped connection or a server error, which a retry may get past (a timeout is not retried: it already took long). */
    readonly transient = false,
  ) {
    super(message, 'SOURCE_UNREACHABLE', 1, hint);
  }
}

/**
 * GET with a timeout per attempt, retried after network errors and 5xx answers like the GraphQL client's reads;
 * HTTP and network failures become errors that say what to do.
 */
export async function httpGet(url: string, options: HttpOptions): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? HTTP_TIMEOUT_MS;
  const res = await withRetries(
    async () => {
      const signal = AbortSignal.timeout(timeoutMs);
      let answer: HttpResponse;
      try {
        answer = await request(url, { headers: options.headers, signal });
      } catch (err) {
        if (signal.aborted) throw new UnreachableError(`${options.what}: ${url} did not answer within ${timeoutMs / 1000} s`, 'try again, or check the URL and your network');
        const e = err as NodeJS.ErrnoException;
        throw new UnreachableError(`${options.what}: cannot reach ${url} (${e.code ?? e.message})`, 'check the URL and your network', true);
      }
      if (RETRYABLE_STATUS.has(answer.status)) throw new UnreachableError(`${options.what}: ${url} answered HTTP ${answer.status}`, 'try again later', true);
      return answer;
    },
    (err) => err instanceof UnreachableError && err.transient,
  );
  if (res.status === 401 || res.status === 403) {
    throw new AuthError(`${options.what}: ${url} answered HTTP ${res.status}`, options.authHint ?? `save an API key with "loom plugin login --source <name>" or set the source's auth token`);
  }
  if (res.status === 404) throw new NotFoundError(`${options.what}: nothing at ${url} (HTTP 404)`);
  if (!res.ok) throw new UnreachableError(`${options.what}: ${url} answered HTTP ${res.status}`, 'try again later');
  return res;
}

/** Best-effort write for statistics: a missing route (404) or any failure never troubles the user. */
export async function bestEffort(url: string, method: 'POST' | 'DELETE', headers: Record<string, string>, body?: unknown): Promise<void> {
  try {
    await request(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    });
  } catch {
    // Statistics only: an install must not fail or slow down because the registry could not count it.
  }
}
