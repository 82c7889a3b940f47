import type { FetchLike } from './http.js';
import type { LoadResult } from './report.js';

export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  /** The report's name for it: `GET /health`. */
  label: string;
}

export interface LoadPlan {
  requests: number;
  concurrency: number;
  /** Per request. */
  timeoutMs: number;
  /** The whole run stops sending at this deadline; what was not sent counts as neither done nor failed. */
  budgetMs: number;
}

/** Runs `requests` requests, `concurrency` at a time, like `ab -n requests -c concurrency`. */
export type LoadRunner = (target: LoadTarget, plan: LoadPlan) => Promise<LoadResult>;

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A load run through a fetch-like function: what the registry uses, so its SSRF guard applies to every request. */
export function fetchLoadRunner(fetchLike: FetchLike): LoadRunner {
  return async (target, plan) => {
    const latencies: number[] = [];
    let errors = 0;
    let non2xx = 0;
    let timeouts = 0;
    let next = 0;
    const started = performance.now();
    const stopAt = started + plan.budgetMs;
    const worker = async () => {
      while (next < plan.requests && performance.now() < stopAt) {
        next++;
        const t0 = performance.now();
        try {
          const headers: Record<string, string> = target.body === undefined ? {} : { 'content-type': 'application/json' };
          const res = await fetchLike(target.url, { method: target.method, headers, body: target.body, signal: AbortSignal.timeout(plan.timeoutMs) });
          await res.arrayBuffer();
          if (res.status < 200 || res.status > 299) non2xx++;
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          if ((err as Error).name === 'TimeoutError') timeouts++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.requests) }, worker));
    const durationMs = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const completed = latencies.length;
    return {
      target: target.label,
      requests: plan.requests,
      concurrency: plan.concurrency,
      completed,
      errors,
      non_2xx: non2xx,
      timeouts,
      duration_ms: Math.round(durationMs),
      throughput_rps: round(durationMs > 0 ? (completed * 1000) / durationMs : 0),
      latency_ms: { p50: round(percentile(latencies, 0.5)), p90: round(percentile(latencies, 0.9)), p99: round(percentile(latencies, 0.99)), max: round(latencies.at(-1) ?? 0) },
    };
  };
}
