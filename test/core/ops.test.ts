import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { POSTGRESQL_MIGRATIONS } from '../../server/migrations/postgresql/index.js';
import { initOrm } from '../../server/orm.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { PluginCountDocument } from '../gql/graphql.js';
import { createTestDatabase, TEST_DIALECT } from '../helpers/database.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (path: string) => fetch(`${t.url}${path}`);

describe('probes', () => {
  it('answers liveness and readiness', async () => {
    const live = await get('/healthz');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: TEST_DIALECT });
  });

  it.runIf(TEST_DIALECT === 'postgresql')('is not ready, with 503 and a reason, when its database is gone', async () => {
    const db = await createTestDatabase();
    const other = await createTestApp({ database: db.config, seed: false });
    try {
      await db.drop();
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.error.message).toMatch(/^database unavailable: .*does not exist/);
      // liveness does not depend on the database: restarting would not bring it back
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('metrics', () => {
  it('exposes request rate and latency by route and status, never by raw URL', async () => {
    await t.data(PluginCountDocument, { first: 1 });
    await get('/no/such/path?x=1');
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^http_requests_total\{method="POST",route="\/graphql",status="200"\} [1-9]/m);
    expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/graphql",status="200"\} \d+/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    expect(text).not.toContain('/no/such/path');
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('reports queue depth set by a feature, and the database pool where there is one', async () => {
    t.app.metrics.queueDepth.set({ queue: 'submission_checks' }, 3);
    const text = await (await get('/metrics')).text();
    expect(text).toMatch(/^registry_queue_depth\{queue="submission_checks"\} 3$/m);
    if (TEST_DIALECT === 'postgresql') {
      expect(text).toMatch(/^db_pool_connections\{state="idle"\} \d+$/m);
      expect(text).toMatch(/^db_pool_max_connections 10$/m);
    } else {
      expect(text).not.toContain('db_pool_');
    }
  });
});

describe('migrations', () => {
  it.runIf(TEST_DIALECT === 'postgresql')('run once when replicas start together', async () => {
    const db = await createTestDatabase();
    const config = loadConfig([], {}, { database: db.config });
    try {
      const orms = await Promise.all([initOrm(config.database), initOrm(config.database), initOrm(config.database)]);
      const [{ n }] = await orms[0].em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from mikro_orm_migrations');
      expect(n).toBe(POSTGRESQL_MIGRATIONS.length);
      for (const orm of orms) expect(await orm.migrator.getPending()).toEqual([]);
      await Promise.all(orms.map((orm) => orm.close()));
    } finally {
      await db.drop();
    }
  });
});
