import { DeadlockException } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { transactional, type Em } from '../../server/orm.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_DIALECT } from '../helpers/database.js';
import { emptyOutcome, runMixedLoad, type LoadTarget } from '../helpers/mixed-load.js';

/**
 * Reviews and stars while download counts flush many times a second, all on the same plugins: on PostgreSQL the
 * flush and the single writes take row locks, and none of them may fail (no deadlock, no 500), nor any count be lost.
 */
const LOAD_MS = 4000;
const MIN_ACKED = 24;
const MAX_LOAD_MS = 30_000;
const WRITERS = 12;

let t: TestApp;
let target: LoadTarget;
beforeAll(async () => {
  if (TEST_DIALECT !== 'postgresql') return;
  t = await createTestApp({ statsFlushMs: 20, statsMaxBatch: 50, writesPerKey: 1_000_000, writesPerIp: 1_000_000 });
  const plugins = (await t.em().find(Plugin, {}, { orderBy: { id: 'asc' }, limit: 3 })).map((p) => ({ id: p.id, version: p.version }));
  const writers = [];
  for (let i = 0; i < WRITERS; i++) writers.push(await t.user('user', `deadlock-writer-${i}`));
  target = { url: t.url, plugins, writers };
});
afterAll(async () => {
  if (TEST_DIALECT === 'postgresql') await t.close();
});

it.runIf(TEST_DIALECT === 'postgresql')('keeps reviews and stars free of deadlocks while downloads flush', { timeout: 60_000 }, async () => {
  const before = new Map((await t.em().find(Plugin, { id: target.plugins.map((p) => p.id) })).map((p) => [p.id, p.downloads]));
  const started = performance.now();
  const outcome = emptyOutcome();
  // at least LOAD_MS of traffic, and until reviews and stars have each been acknowledged MIN_ACKED times (within a bound)
  const enough = () => outcome.reviews.acked >= MIN_ACKED && outcome.stars.acked >= MIN_ACKED;
  const stop = () => performance.now() - started > MAX_LOAD_MS || (performance.now() - started > LOAD_MS && enough());
  await runMixedLoad(target, { downloadConcurrency: 6, stop, runId: 'deadlock' }, outcome);

  expect(outcome.reviews.failures).toEqual([]);
  expect(outcome.stars.failures).toEqual([]);
  expect(outcome.downloadFailures).toBe(0);
  expect(outcome.unanswered).toBe(0);
  expect(enough(), `${outcome.reviews.acked} reviews and ${outcome.stars.acked} stars in ${MAX_LOAD_MS} ms`).toBe(true);
  expect(outcome.downloads.length).toBeGreaterThan(100);

  await t.app.services.stats.flush();
  for (const plugin of await t.em().find(Plugin, { id: target.plugins.map((p) => p.id) })) {
    const acked = outcome.downloads.filter((d) => d.pluginId === plugin.id).length;
    expect(plugin.downloads - before.get(plugin.id)!, plugin.id).toBe(acked);
  }
});

it('runs a transaction again when the database aborts it for a deadlock, and nothing else', async () => {
  const deadlock = () => new DeadlockException(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
  let runs = 0;
  const em = { transactional: (work: (tx: unknown) => Promise<unknown>) => work(em) } as unknown as Em;
  const result = await transactional(em, async () => {
    if (++runs < 3) throw deadlock();
    return 'committed';
  });
  expect([result, runs]).toEqual(['committed', 3]);

  runs = 0;
  await expect(transactional(em, async () => (runs++, Promise.reject(new Error('not a conflict'))))).rejects.toThrow('not a conflict');
  expect(runs).toBe(1);
  runs = 0;
  await expect(transactional(em, async () => (runs++, Promise.reject(deadlock())))).rejects.toBeInstanceOf(DeadlockException);
  expect(runs).toBe(5);
});
