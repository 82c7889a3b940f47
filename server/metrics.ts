import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric, type MetricValue } from 'prom-client';

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
  private readonly requests = new RequestSeries(this.registry);

  /** Answers the front door sent from memory before routing (a subset of http_requests_total). */
  readonly fromMemory = new Counter({
    name: 'http_responses_from_memory_total',
    help: 'Repeated anonymous reads answered from the response cache before routing',
    registers: [this.registry],
  });

  /** GraphQL answers sent from the response cache (anonymous queries asked before at the same data version). */
  readonly graphqlFromCache = new Counter({
    name: 'graphql_responses_from_cache_total',
    help: 'Anonymous GraphQL queries answered from the response cache',
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
    this.requests.observe(method, route, status, seconds);
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

interface Series {
  labels: { method: string; route: string; status: string };
  count: number;
  sum: number;
  /** Observations per bucket of LATENCY_BUCKETS (not cumulative), the last for those above every bound. */
  buckets: number[];
}

/**
 * `http_requests_total` and `http_request_duration_seconds` for every answered request. Kept in a map keyed by one
 * string and turned into Prometheus series only when scraped: prom-client's own Counter and Histogram validate and
 * hash the label set on every observation, 3-6 µs a request, a fifth of what a cached answer costs.
 */
class RequestSeries {
  private readonly series = new Map<string, Series>();

  constructor(registry: Registry) {
    // prom-client's registry reads any object with a name, type and help whose get() gives the series
    const register = (name: string, help: string, type: 'counter' | 'histogram', build: (s: Series) => MetricValue<string>[]) => {
      const about = { name, help, type, aggregator: 'sum' } as const;
      const get = async () => ({ ...about, values: [...this.series.values()].flatMap(build) });
      registry.registerMetric({ ...about, get, reset: () => this.series.clear() } as unknown as Metric);
    };
    register('http_requests_total', 'HTTP requests answered, by method, route and status', 'counter', (s) => [{ labels: s.labels, value: s.count }]);
    const name = 'http_request_duration_seconds';
    register(name, 'Time to answer an HTTP request, by method, route and status', 'histogram', (s) => {
      let cumulative = 0;
      const buckets = LATENCY_BUCKETS.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le, ...s.labels }, value: (cumulative += s.buckets[i]) }));
      return [
        ...buckets,
        { metricName: `${name}_bucket`, labels: { le: '+Inf', ...s.labels }, value: s.count },
        { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
        { metricName: `${name}_count`, labels: s.labels, value: s.count },
      ];
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      s = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0) };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) i++;
    s.buckets[i]++;
  }
}
