import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { goodManifest, sampleSubmission, startManifestServer } from '../helpers/manifests.js';

/**
 * The check queue's fairness, decided by order and not by timing: each manifest is held by the test server until
 * the test lets it go, so which check the queue starts next is seen as the next manifest requested.
 */

let t: TestApp;
let manifests: Awaited<ReturnType<typeof startManifestServer>>;
/** Manifests in the order the checks asked for them. */
const requested: string[] = [];
/** Held answers, by manifest name. */
const held = new Map<string, () => void>();
let holding = true;

function release(name: string): void {
  held.get(name)?.();
  held.delete(name);
}

/** Answers every held manifest, and every later one at once. */
function releaseAll(): void {
  holding = false;
  for (const name of [...held.keys()]) release(name);
}

const NAMES = ['heavy-1', 'heavy-2', 'heavy-3', 'heavy-4', 'light-1'];

beforeAll(async () => {
  manifests = await startManifestServer(
    Object.fromEntries(
      NAMES.map((name) => [
        `/${name}.yaml`,
        (_req, res) => {
          requested.push(name);
          const answer = () => res.writeHead(200, { 'content-type': 'application/yaml' }).end(goodManifest());
          if (holding) held.set(name, answer);
          else answer();
        },
      ]),
    ),
  );
  t = await createTestApp({ fetchAllow: ['127.0.0.1:*'], allowHttpLoopback: true, checksConcurrency: 2, writesPerKey: 10_000, writesPerIp: 10_000, seed: false });
});
afterAll(async () => {
  releaseAll();
  await t.checksIdle();
  await t.close();
  await manifests.close();
});

const submit = async (auth: Record<string, string>, name: string) => {
  const res = await fetch(`${t.url}/api/v1/plugins`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(sampleSubmission(`${manifests.base}/${name}.yaml`, { id: name })) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { submission_id: string }).submission_id;
};

describe('the check queue', () => {
  it("starts another submitter's check before the rest of one submitter's many", async () => {
    const heavy = await t.user('user', 'heavy-submitter');
    const light = await t.user('user', 'light-submitter');
    for (const name of NAMES.slice(0, 4)) await submit(heavy.auth, name);
    // both slots busy with the heavy submitter's first two, whose manifests are held
    await vi.waitFor(() => expect(requested).toHaveLength(2), { timeout: 5000, interval: 5 });
    expect([...requested].sort()).toEqual(['heavy-1', 'heavy-2']);
    const lightId = await submit(light.auth, 'light-1');

    release('heavy-1');
    await vi.waitFor(() => expect(requested).toHaveLength(3), { timeout: 5000, interval: 5 });
    expect(requested[2]).toBe('light-1');

    // the heavy submitter's other checks run too, oldest first among them: one slot freed at a time, so the order
    // seen is the order claimed (two slots freed together would fetch their manifests in either order)
    release('heavy-2');
    await vi.waitFor(() => expect(requested).toHaveLength(4), { timeout: 5000, interval: 5 });
    expect(requested[3]).toBe('heavy-3');
    release('light-1');
    await vi.waitFor(() => expect(requested).toHaveLength(5), { timeout: 5000, interval: 5 });
    expect(requested[4]).toBe('heavy-4');

    releaseAll();
    await t.checksIdle();
    const status = await fetch(`${t.url}/api/v1/submissions/${lightId}`, { headers: light.auth });
    expect(await status.json()).toMatchObject({ checks_state: 'done', status: 'pending_review' });
  });
});
