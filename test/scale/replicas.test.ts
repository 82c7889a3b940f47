import { afterAll, beforeAll, expect, it } from 'vitest';
import { Plugin } from '../../server/modules/catalog/plugin.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';

/**
 * Two replicas on one PostgreSQL database behind a stand-in load balancer (round robin, retrying on the other
 * replica when one is gone), a concurrent mixed workload, and one replica stopped in the middle of it.
 */
const PLUGIN = 'mistral-plugin';
const SUBMISSIONS = 12;
const REVIEWERS = 16;
const DOWNLOADS = 240;

let db: TestDatabase;
let a: TestApp;
let b: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;

beforeAll(async () => {
  if (TEST_DIALECT !== 'postgresql') return;
  manifests = await startManifestServer({ '/m.yaml': goodManifest('1.0.0') });
  // behind a load balancer (here: every request from 127.0.0.1, hundreds at once), with no per-address connection cap, as DEPLOYMENT.md says
  const settings = { fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true, writesPerKey: 100_000, writesPerIp: 100_000, statsFlushMs: 50, maxConnectionsPerIp: 0 };
  db = await createTestDatabase();
  a = await createTestApp({ ...settings, database: db.config });
  b = await createTestApp({ ...settings, database: db.config });
});
afterAll(async () => {
  if (TEST_DIALECT !== 'postgresql') return;
  await b.close();
  await db.drop();
  await manifests.close();
});

it.runIf(TEST_DIALECT === 'postgresql')('keeps totals exact, runs each job once and keeps serving when a replica stops mid-run', async () => {
  const replicas = [a, b];
  const alive = new Set(replicas);
  let next = 0;
  /** The load balancer: round robin over live replicas; a refused connection goes to the next one. */
  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const live = replicas.filter((r) => alive.has(r));
      const target = live[next++ % live.length];
      try {
        return await fetch(`${target.url}${path}`, init);
      } catch {
        alive.delete(target);
      }
    }
    throw new Error(`no replica answered ${path}`);
  };
  const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  const publisher = await b.user('user', 'replica-publisher');
  const reviewers = await Promise.all(Array.from({ length: REVIEWERS }, (_, i) => b.user('user', `replica-reviewer-${i}`)));
  const version = (await b.em().findOneOrFail(Plugin, PLUGIN)).version;
  const before = await b.em().findOneOrFail(Plugin, PLUGIN);

  const outcomes = { downloads: 0, reviews: 0, submissions: [] as string[], searches: 0, searchesAfterStop: 0 };
  let stopped = false;
  const work: Promise<void>[] = [];
  for (let i = 0; i < DOWNLOADS; i++) {
    work.push(
      send(`/api/v1/plugins/${PLUGIN}/versions/${version}/manifest`, { headers: { 'x-loom-install-id': `replica-install-${i}` } }).then((r) => {
        if (r.status === 200) outcomes.downloads++;
      }),
    );
    if (i % 10 === 0) {
      work.push(
        send('/graphql', json({ query: '{ plugins(search: "mistral") { totalCount nodes { id } } }' })).then(async (r) => {
          const body = (await r.json()) as { data?: { plugins: { nodes: { id: string }[] } } };
          if (r.status === 200 && body.data?.plugins.nodes[0]?.id === PLUGIN) {
            outcomes.searches++;
            if (stopped) outcomes.searchesAfterStop++;
          }
        }),
      );
    }
    if (i < SUBMISSIONS) {
      work.push(
        send('/api/v1/plugins', json(sampleSubmission(`${manifests.base}/m.yaml`, { id: `replica-plugin-${i}` }), publisher.auth)).then(async (r) => {
          if (r.status === 202) outcomes.submissions.push(((await r.json()) as { submission_id: string }).submission_id);
        }),
      );
    }
    if (i < REVIEWERS) {
      work.push(
        send(`/api/v1/plugins/${PLUGIN}/reviews`, json({ rating: (i % 5) + 1, comment: `replica review ${i}` }, reviewers[i].auth)).then((r) => {
          if (r.status === 200) outcomes.reviews++;
        }),
      );
    }
    if (i === DOWNLOADS / 2) {
      // stop replica A in the middle: it finishes what it has in flight and flushes its counts
      work.push(
        a.close().then(() => {
          stopped = true;
          alive.delete(a);
        }),
      );
    }
  }
  await Promise.all(work);
  expect(stopped).toBe(true);

  // the survivor takes over any check A left queued, then writes its buffered counts
  for (;;) {
    b.app.services.submissions.queue.kick();
    await b.checksIdle();
    const [{ n }] = await b.em().execute<{ n: string }[]>(`select count(*) as n from submission where checks_state <> 'done'`);
    if (Number(n) === 0) break;
  }
  await b.app.services.stats.flush();

  const after = await b.em().findOneOrFail(Plugin, PLUGIN);
  expect(outcomes.downloads).toBe(DOWNLOADS);
  expect(after.downloads - before.downloads).toBe(outcomes.downloads);
  expect(outcomes.reviews).toBe(REVIEWERS);
  expect(after.ratingCount - before.ratingCount).toBe(REVIEWERS);
  expect(outcomes.submissions).toHaveLength(SUBMISSIONS);
  const runs = await b.em().execute<{ target: string; n: string }[]>(`select target, count(*) as n from audit_entry where action = 'submission.checks' group by target`);
  expect(runs).toHaveLength(SUBMISSIONS);
  expect(runs.every((r) => Number(r.n) === 1)).toBe(true);
  expect(outcomes.searchesAfterStop).toBeGreaterThan(0);
  expect(outcomes.searches).toBe(DOWNLOADS / 10);
});
