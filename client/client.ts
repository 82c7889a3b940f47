import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import type { ErrorCode } from '../domain/error-codes.js';
import { DEFAULT_RETRY, RETRYABLE_STATUS, withRetries } from './retry.js';

/**
 * One small typed GraphQL executor for the generated documents in client/gql/. No GraphQL runtime:
 * the documents are typed strings, so a CLI importing this starts fast.
 */

/** The server's `extensions.code`, or what went wrong before the server could answer. */
export type ClientErrorCode =
  | ErrorCode
  /** No answer: refused, reset, DNS… */
  | 'NETWORK_ERROR'
  /** No answer within `timeoutMs`. */
  | 'TIMEOUT'
  /** An answer that is not a GraphQL response (wrong URL, a proxy's error page…). */
  | 'BAD_RESPONSE';

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; details?: Record<string, unknown>; [key: string]: unknown };
}

export class ClientError extends Error {
  override readonly name = 'ClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    /** HTTP status when there was an answer. */
    readonly status?: number,
    readonly errors: GraphQLErrorItem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get details(): Record<string, unknown> | undefined {
    return this.errors[0]?.extensions?.details;
  }
}

/** What the client needs of `fetch`; the global one fits, and so does a lighter one (the CLI's, over node:http). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ status: number; ok: boolean; text(): Promise<string> }>;

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:8080/graphql. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  headers?: Record<string, string>;
  /** Extra attempts for idempotent reads after a network error or a 5xx. Default 2. */
  retries?: number;
  /** First backoff delay; doubles each retry, with jitter. Default 200 ms. */
  backoffMs?: number;
}

export interface RequestOptions {
  /** Retry on network errors and 5xx. Default: true for queries, false for mutations. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export type Document<R, V> = DocumentTypeDecoration<R, V> & { toString(): string };

export interface Client {
  request<R, V>(document: Document<R, V>, variables: V, options?: RequestOptions): Promise<R>;
}

export interface GraphQLBody<R> {
  data?: R | null;
  errors?: GraphQLErrorItem[];
}

/**
 * The data of a GraphQL answer (`parsed`: its body, undefined when it was not JSON), or the ClientError it stands for:
 * the first error's code, else what the HTTP status says.
 */
export function dataOf<R>(url: string, { status, ok }: { status: number; ok: boolean }, parsed: GraphQLBody<R> | undefined): R {
  const errors = parsed && Array.isArray(parsed.errors) ? parsed.errors : [];
  if (errors.length > 0) {
    const first = errors[0];
    const code = (first.extensions?.code as ClientErrorCode | undefined) ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_RESPONSE');
    throw new ClientError(code, first.message, status, errors);
  }
  if (!ok || !parsed || typeof parsed !== 'object' || parsed.data == null) {
    const rest = (parsed as { error?: { code?: ClientErrorCode; message?: string } } | undefined)?.error;
    const code = rest?.code ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_RESPONSE');
    throw new ClientError(code, rest?.message ?? `${url} answered HTTP ${status} without a GraphQL response`, status);
  }
  return parsed.data;
}

export function createClient(options: ClientOptions): Client {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = { retries: options.retries ?? DEFAULT_RETRY.retries, backoffMs: options.backoffMs ?? DEFAULT_RETRY.backoffMs };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...options.headers,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };

  async function attempt<R>(body: string, signal?: AbortSignal): Promise<R> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Awaited<ReturnType<FetchLike>>;
    let text: string;
    try {
      res = await doFetch(options.url, { method: 'POST', headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      text = await res.text();
    } catch (err) {
      if (timeout.aborted) throw new ClientError('TIMEOUT', `${options.url} did not answer within ${timeoutMs / 1000} s`, undefined, [], { cause: err });
      if (signal?.aborted) throw err;
      // The global fetch wraps the socket error in `cause`; node:http throws it directly.
      const reason = (err as { cause?: { code?: string; message?: string } }).cause ?? (err as { code?: string; message?: string });
      throw new ClientError('NETWORK_ERROR', `cannot reach ${options.url}: ${reason.code ?? reason.message ?? String(err)}`, undefined, [], { cause: err });
    }
    let parsed: GraphQLBody<R> | undefined;
    try {
      parsed = JSON.parse(text) as GraphQLBody<R>;
    } catch {
      parsed = undefined;
    }
    return dataOf<R>(options.url, res, parsed);
  }

  return {
    async request<R, V>(document: Document<R, V>, variables: V, requestOptions: RequestOptions = {}): Promise<R> {
      const query = document.toString();
      const idempotent = requestOptions.idempotent ?? !/^\s*mutation\b/.test(query);
      const body = JSON.stringify({ query, variables });
      if (!idempotent) return attempt<R>(body, requestOptions.signal);
      return withRetries(
        () => attempt<R>(body, requestOptions.signal),
        (err) => err instanceof ClientError && (err.code === 'NETWORK_ERROR' || (err.status !== undefined && RETRYABLE_STATUS.has(err.status))),
        retry,
      );
    },
  };
}
