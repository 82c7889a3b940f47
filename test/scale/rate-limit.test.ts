import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Redis is required in CI; on a laptop without it this file says so and skips. */
async function redisReachable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

const reachable = await redisReachable();
if (!reachable && process.env.CI === 'true') throw new Error(`Redis at ${REDIS_URL} is not reachable, and CI=true requires the shared rate-limit test to run`);
if (!reachable) console.warn(`skipping shared rate limits: Redis at ${REDIS_URL} is not reachable`);

let dir: string;
let db: TestDatabase;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  if (!reachable) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-limits-'));
  db = await createTestDatabase({ file: path.join(dir, 'registry.db') });
  const settings = { database: db.config, redisUrl: REDIS_URL, writesPerKey: 3, writesPerIp: 100_000 };
  a = await createTestApp(settings);
  b = await createTestApp(settings);
});
afterAll(async () => {
  if (!reachable) return;
  await a.close();
  await b.close();
  await db.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it.runIf(reachable)('shares write limits between replicas through Redis', async () => {
  const user = await a.user('user', 'limited-everywhere');
  const post = (t: TestApp) => fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...user.auth }, body: '{}' });
  const codes = [(await post(a)).status, (await post(b)).status, (await post(a)).status, (await post(b)).status];
  expect(codes).toEqual([400, 400, 400, 429]);
});
