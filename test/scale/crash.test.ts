import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig, type DatabaseConfig } from '../../server/config.js';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { initOrm, type Em } from '../../server/orm.js';
import { needsBuild } from '../helpers/build.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database.js';
import { emptyOutcome, installClient, runMixedLoad, type LoadTarget } from '../helpers/mixed-load.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * `kill -9` of a real server process in the middle of mixed writes (counted downloads, reviews, stars), then a
 * restart: everything acknowledged is stored, except downloads acknowledged within the last flush window (the
 * buffer the README owns up to), and the counts the killed process had written show after the restart.
 */
const FLUSH_MS = 250;
/** A flush window, plus what one flush may take on a loaded 2-core machine: nothing older may be lost. */
const LOSS_WINDOW_MS = FLUSH_MS + 2000;
/** The writes run at least this long before the kill… */
const LOAD_MS = 4000;
/** …and until each kind of write has been acknowledged this often (downloads five times as often), within MAX_LOAD_MS. */
const MIN_ACKED = 20;
const MAX_LOAD_MS = 60_000;
const WRITERS = 8;

needsBuild();

let dir: string;
let db: TestDatabase;
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill9();
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const serverEnv = {
  STATS_FLUSH_MS: String(FLUSH_MS),
  COUNTS_REFRESH_SECONDS: '1',
  RATE_LIMIT_WRITES_PER_KEY: '1000000',
  RATE_LIMIT_WRITES_PER_IP: '1000000',
};

/** The catalog, writers with keys, and the salt of client identities, written before the server process starts. */
async function prepare(database: DatabaseConfig): Promise<{ target: Omit<LoadTarget, 'url'>; salt: string; baseline: Map<string, number> }> {
  const app = await createApp(loadConfig([], {}, { database, logLevel: 'silent', seed: true }));
  try {
    const em = app.orm.em.fork() as Em;
    const plugins = (await em.find(Plugin, {}, { orderBy: { id: 'asc' }, limit: 4 })).map((p) => ({ id: p.id, version: p.version }));
    const baseline = new Map((await em.find(Plugin, { id: plugins.map((p) => p.id) })).map((p) => [p.id, p.downloads]));
    const writers = [];
    for (let i = 0; i < WRITERS; i++) {
      const username = `crash-writer-${i}`;
      const { user } = await app.services.users.createUser(em, { username, displayName: username, email: `${username}@example.test`, role: 'user' });
      const { key } = await app.services.users.createKey(em, user, { name: 'load' });
      writers.push({ username, auth: { authorization: `Bearer ${key}` } });
    }
    const [row] = await em.execute<{ value: number | string }[]>("select value from registry_meta where key = 'stats_salt'");
    return { target: { plugins, writers }, salt: String(row.value), baseline };
  } finally {
    await app.close();
  }
}

it(`loses nothing acknowledged but the last flush window of downloads when killed mid-write (${TEST_DIALECT})`, { timeout: 120_000 }, async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-crash-'));
  db = await createTestDatabase({ file: path.join(dir, 'registry.db') });
  const { target, salt, baseline } = await prepare(db.config);

  const first = await startServerProcess(db.config, serverEnv);
  servers.push(first);
  const started = performance.now();
  const outcome = emptyOutcome();
  const load = runMixedLoad({ ...target, url: first.url }, { downloadConcurrency: 4, stop: () => false, runId: 'crash' }, outcome);
  // the kill comes once the writes have run a while and each kind has been acknowledged often enough to compare
  await vi.waitFor(
    () => {
      if (performance.now() - started < LOAD_MS) throw new Error('still warming up');
      expect(outcome.downloads.length).toBeGreaterThanOrEqual(MIN_ACKED * 5);
      expect(outcome.reviews.acked).toBeGreaterThanOrEqual(MIN_ACKED);
      expect(outcome.stars.acked).toBeGreaterThanOrEqual(MIN_ACKED);
    },
    { timeout: MAX_LOAD_MS, interval: 50 },
  );
  const killedAt = performance.now();
  await first.kill9();
  await load;

  const second = await startServerProcess(db.config, serverEnv);
  servers.push(second);
  const orm = await initOrm(db.config);
  try {
    const em = orm.em.fork() as Em;
    // downloads: each acknowledged one has its de-duplication row, unless it was still in the killed process's buffer
    const seen = new Set((await em.execute<{ client: string }[]>('select client from download_seen')).map((r) => r.client));
    const lost = outcome.downloads.filter((d) => !seen.has(installClient(salt, d.installId)));
    const oldest = Math.max(0, ...lost.map((d) => killedAt - d.at));
    expect(oldest, `${lost.length} of ${outcome.downloads.length} acknowledged downloads lost, the oldest acknowledged ${Math.round(oldest)} ms before the kill`).toBeLessThanOrEqual(LOSS_WINDOW_MS);

    // the restarted server shows every stored download in the plugins' totals (within the counts refresh)
    const stored = new Map<string, number>();
    for (const d of outcome.downloads) if (!lost.includes(d)) stored.set(d.pluginId, (stored.get(d.pluginId) ?? 0) + 1);
    await vi.waitFor(
      async () => {
        for (const { id } of target.plugins) {
          const body = (await (await fetch(`${second.url}/api/v1/plugins/${id}`)).json()) as { stats: { downloads: number } };
          expect(body.stats.downloads, id).toBe(baseline.get(id)! + (stored.get(id) ?? 0));
        }
      },
      { timeout: 15_000, interval: 100 },
    );

    // reviews: the stored comment is the last acknowledged one, or one sent later whose answer the kill cut off
    const reviews = await em.execute<{ username: string; plugin_id: string; comment: string }[]>(
      'select u.username, r.plugin_id, r.comment from review r join "user" u on u.id = r.user_id',
    );
    const comments = new Map(reviews.map((r) => [`${r.username} ${r.plugin_id}`, Number(r.comment.slice(1))]));
    for (const [key, { acked, sent }] of outcome.reviews.last) {
      if (acked === 0) continue;
      expect(comments.get(key), key).toBeGreaterThanOrEqual(acked);
      expect(comments.get(key), key).toBeLessThanOrEqual(sent);
    }

    // stars: the last acknowledged state, and each plugin's star count is its rows
    const starRows = await em.execute<{ username: string; plugin_id: string }[]>('select u.username, s.plugin_id from star s join "user" u on u.id = s.user_id');
    const starred = new Set(starRows.map((r) => `${r.username} ${r.plugin_id}`));
    for (const [key, on] of outcome.stars.state) if (!outcome.stars.unanswered.has(key)) expect(starred.has(key), key).toBe(on);
    for (const plugin of await em.find(Plugin, { id: target.plugins.map((p) => p.id) })) {
      expect(plugin.stars, plugin.id).toBe(starRows.filter((r) => r.plugin_id === plugin.id).length);
    }
    expect([...outcome.reviews.failures, ...outcome.stars.failures]).toEqual([]);
  } finally {
    await orm.close();
    await second.stop();
  }
});
