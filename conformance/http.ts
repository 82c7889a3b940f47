/**
 * How the conformance run talks to a plugin: through a fetch-like function the caller gives (the CLI passes the
 * global fetch, the registry its SSRF-safe one), each request under a deadline and each answer read up to a size cap.
 */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }) => Promise<Response>;

/** Why a request gave no usable answer: said so that an author knows what to look at. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'unreachable' | 'too_large' | 'network',
  ) {
    super(message);
  }
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: string;
  timeoutMs: number;
  maxBytes: number;
  /** Called with each chunk of text as it arrives (streaming); the full text is still returned. */
  onText?: (text: string) => void;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is the plugin running, on this port?',
  ENOTFOUND: 'the host name does not resolve',
  ECONNRESET: 'the plugin closed the connection',
  EHOSTUNREACH: 'the host is unreachable',
  UND_ERR_SOCKET: 'the plugin closed the connection',
};

function describe(err: unknown, timeoutMs: number): ProbeError {
  if (err instanceof ProbeError) return err;
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new ProbeError(`no complete answer within ${timeoutMs} ms`, 'timeout');
  const code = e?.cause?.code;
  if (code && NETWORK_CODES[code]) return new ProbeError(NETWORK_CODES[code], code === 'ECONNREFUSED' || code === 'ENOTFOUND' ? 'unreachable' : 'network');
  return new ProbeError(`the request failed: ${e?.cause?.message ?? e?.message ?? String(err)}`, 'network');
}

/** One request; the deadline covers the connection, the headers and the whole body. */
export async function request(fetchLike: FetchLike, url: string, options: RequestOptions): Promise<Answer> {
  const method = options.method ?? 'GET';
  const started = performance.now();
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetchLike(url, { method, headers, body: options.body, signal });
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > options.maxBytes) {
      await res.body?.cancel();
      throw new ProbeError(`the answer is ${declared} bytes, more than the ${options.maxBytes} read`, 'too_large');
    }
    let text = '';
    let size = 0;
    if (res.body) {
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      // The fetch's own signal does not always end a body read that is already waiting: race the deadline too.
      const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      aborted.catch(() => undefined);
      for (;;) {
        const { done, value } = await Promise.race([reader.read(), aborted]);
        if (done) break;
        size += value.byteLength;
        if (size > options.maxBytes) {
          await reader.cancel();
          throw new ProbeError(`the answer is more than the ${options.maxBytes} bytes read`, 'too_large');
        }
        const piece = decoder.decode(value, { stream: true });
        text += piece;
        options.onText?.(piece);
      }
      text += decoder.decode();
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, ms: Math.round(performance.now() - started) };
  } catch (err) {
    throw describe(err, options.timeoutMs);
  }
}

/** The JSON of an answer, or undefined when it is not JSON. */
export function jsonOf(answer: Answer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    return undefined;
  }
}
