/**
 * Retries for idempotent requests, shared by the GraphQL client and the CLI's plain GETs (registry.json,
 * manifests), so every read rides out a brief outage the same way.
 */

/** Answers worth asking again: the server or a gateway in front of it failed, not the request. */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([500, 502, 503, 504]);

export interface RetryOptions {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff delay; doubles each retry, with jitter. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 2, backoffMs: 200 };

/** Runs `attempt` until it succeeds, fails in a way `retryable` refuses, or the retries are spent. */
export async function withRetries<T>(attempt: () => Promise<T>, retryable: (err: unknown) => boolean, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= options.retries || !retryable(err)) throw err;
      // Jitter keeps many clients from retrying in lockstep after an outage.
      const delay = options.backoffMs * 2 ** n * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
