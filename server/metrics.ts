import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds; from a cached hit (~1 ms) to a slow text search or import. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The Prometheus metrics of one app, served at /metrics. One registry per app (not prom-client's global
 * one) so several apps in one process (the tests) never collide. A feature adds its own metrics to
 * `registry`; a feature with a queue reports its length through `queueDepth`.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly queues = new Map<string, () => number>();
  /** Jobs waiting, by queue, read from each queue when scraped (see `watchQueue`). */
  readonly queueDepth = new Gauge({
    name: 'registry_queue_depth',
    help: 'Jobs waiting to run, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [queue, depth] of this.queues) this.queueDepth.set({ queue }, depth());
    },
  });
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Answers the front door sent from memory before routing (a subset of http_requests_total). */
  readonly fromMemory = new Counter({
    name: 'http_responses_from_memory_total',
    help: 'Repeated anonymous reads answered from the response cache before routing',
    registers: [this.registry],
  });

  /** Reports a queue's length under `registry_queue_depth{queue=…}`. */
  watchQueue(queue: string, depth: () => number): void {
    this.queues.set(queue, depth);
  }

  constructor() {
    // process CPU, memory, handles, GC and event-loop lag (nodejs_eventloop_lag_*)
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts every answered request under its route pattern (never the raw URL, which would explode the label set). */
  instrument(server: FastifyInstance): void {
    server.addHook('onResponse', async (request, reply) => {
      this.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    });
  }

  /** One answered request (also those the front door answers before Fastify). */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }

  /** Connections of a PostgreSQL pool, read at each scrape. */
  watchPool(pool: Pool, max: number): void {
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections, by state (busy, idle)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
      },
    });
    new Gauge({
      name: 'db_pool_waiting',
      help: 'Queries waiting for a free database connection',
      registers: [this.registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
    new Gauge({ name: 'db_pool_max_connections', help: 'Most connections the pool opens', registers: [this.registry] }).set(max);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
