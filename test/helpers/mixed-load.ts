import { createHash } from 'node:crypto';

/**
 * Mixed write traffic against a running registry: counted downloads (each with an install id of its own, so every
 * acknowledged one must count), reviews and stars, on the same few plugins at once. Every answer is recorded, so a
 * test can compare what the server acknowledged with what it stored afterwards.
 */

export interface LoadTarget {
  url: string;
  /** Plugins the traffic is spread over, with a version to download. */
  plugins: { id: string; version: string }[];
  /** Signed-in callers that review and star; each writes its own review and stars of its own. */
  writers: { username: string; auth: Record<string, string> }[];
}

export interface LoadOptions {
  /** Requests in flight at once for downloads; each writer runs one review loop and one star loop. */
  downloadConcurrency: number;
  /** Stop sending new requests once this returns true (checked before each request). */
  stop: () => boolean;
  /** Prefix of the install ids, so two runs on one database never share one. */
  runId: string;
}

export interface AckedDownload {
  installId: string;
  pluginId: string;
  version: string;
  /** performance.now() when the answer arrived. */
  at: number;
}

export interface LoadOutcome {
  downloads: AckedDownload[];
  /** Answers other than 200 (a refused connection after a kill is not an answer). */
  downloadFailures: number;
  /** The last acknowledged review comment number per writer and plugin (`username plugin` → n), and the highest sent. */
  reviews: { acked: number; failures: string[]; last: Map<string, { acked: number; sent: number }> };
  /** Star and unstar, in turns: the last acknowledged state per `username plugin`, and keys whose last request went unanswered. */
  stars: { acked: number; state: Map<string, boolean>; unanswered: Set<string>; failures: string[] };
  /** Requests whose connection failed (none unless the server went away). */
  unanswered: number;
}

const REVIEW = 'mutation($id: ID!, $rating: Int!, $comment: String!) { reviewPlugin(id: $id, rating: $rating, comment: $comment) { id } }';
const STAR = 'mutation($id: ID!) { starPlugin(id: $id) { id } }';
const UNSTAR = 'mutation($id: ID!) { unstarPlugin(id: $id) { id } }';

/** The salted client identity the registry stores for an install id (see clientInfo in stats.service.ts). */
export function installClient(salt: string, installId: string): string {
  return createHash('sha256').update(`${salt}\ninstall:${installId}`).digest('hex');
}

async function graphql(url: string, auth: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<{ status: number; error?: string }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json().catch(() => ({}))) as { errors?: { message: string; extensions?: { code?: string } }[] };
  const error = body.errors?.[0];
  return { status: res.status, error: error ? `${error.extensions?.code ?? '?'}: ${error.message}` : res.status === 200 ? undefined : `HTTP ${res.status}` };
}

export function emptyOutcome(): LoadOutcome {
  return {
    downloads: [],
    downloadFailures: 0,
    reviews: { acked: 0, failures: [], last: new Map() },
    stars: { acked: 0, state: new Map(), unanswered: new Set(), failures: [] },
    unanswered: 0,
  };
}

/**
 * Runs the traffic until `stop()` says so or the server stops answering; resolves with every outcome, recorded as
 * the answers arrive in `outcome` (which `stop` may watch).
 */
export async function runMixedLoad(target: LoadTarget, options: LoadOptions, outcome = emptyOutcome()): Promise<LoadOutcome> {
  let gone = false;
  const done = () => gone || options.stop();
  let next = 0;

  const downloads = async () => {
    while (!done()) {
      const n = next++;
      const plugin = target.plugins[n % target.plugins.length];
      // install ids have 8 characters at least (shorter ones count as the IP address)
      const installId = `${options.runId}-${String(n).padStart(8, '0')}`;
      try {
        const res = await fetch(`${target.url}/api/v1/plugins/${plugin.id}/versions/${plugin.version}/manifest`, { headers: { 'x-loom-install-id': installId } });
        await res.arrayBuffer();
        if (res.status === 200) outcome.downloads.push({ installId, pluginId: plugin.id, version: plugin.version, at: performance.now() });
        else outcome.downloadFailures++;
      } catch {
        outcome.unanswered++;
        gone = true;
      }
    }
  };

  /** One write: an error answer joins `failures` (false), a refused connection ends the run (undefined); true when acknowledged. */
  const write = async (failures: string[], send: () => Promise<{ error?: string }>): Promise<boolean | undefined> => {
    try {
      const { error } = await send();
      if (error) failures.push(error);
      return !error;
    } catch {
      outcome.unanswered++;
      gone = true;
      return undefined;
    }
  };

  const reviews = async (writer: LoadTarget['writers'][number], w: number) => {
    for (let k = 1; !done(); k++) {
      const plugin = target.plugins[(w + k) % target.plugins.length];
      const key = `${writer.username} ${plugin.id}`;
      const last = outcome.reviews.last.get(key) ?? { acked: 0, sent: 0 };
      last.sent = k;
      outcome.reviews.last.set(key, last);
      if (await write(outcome.reviews.failures, () => graphql(target.url, writer.auth, REVIEW, { id: plugin.id, rating: 1 + (k % 5), comment: `#${k}` }))) {
        outcome.reviews.acked++;
        last.acked = k;
      }
    }
  };

  const stars = async (writer: LoadTarget['writers'][number], w: number) => {
    for (let k = 0; !done(); k++) {
      const plugin = target.plugins[(w + k) % target.plugins.length];
      const key = `${writer.username} ${plugin.id}`;
      const on = !outcome.stars.state.get(key);
      const acked = await write(outcome.stars.failures, () => graphql(target.url, writer.auth, on ? STAR : UNSTAR, { id: plugin.id }));
      if (acked) {
        outcome.stars.acked++;
        outcome.stars.state.set(key, on);
      } else if (acked === undefined) {
        outcome.stars.unanswered.add(key);
      }
    }
  };

  await Promise.all([
    ...Array.from({ length: options.downloadConcurrency }, downloads),
    ...target.writers.map((writer, w) => reviews(writer, w)),
    ...target.writers.map((writer, w) => stars(writer, w)),
  ]);
  return outcome;
}
