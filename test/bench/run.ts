import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { initOrm, type Em } from '../../server/orm.js';
import { RARE_WORDS, syntheticCatalog } from './synthetic.js';

/**
 * `npm run bench`: seeds a synthetic catalog into a fresh SQLite file, starts the real server as a child
 * process and loads it with autocannon, beside node:http servers answering prebuilt buffers of the same sizes.
 * Prints numbers; asserts nothing. `-- --only graphql` or `-- --only rest` runs one area.
 */
const { values: args } = parseArgs({
  options: {
    plugins: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    only: { type: 'string', default: 'all' },
    rounds: { type: 'string', default: '5' },
  },
});
const PLUGINS = Number(args.plugins);
const DURATION = Number(args.duration);
const AREAS = args.only === 'all' ? ['graphql', 'rest'] : [args.only];
const ROUNDS = Number(args.rounds);
/** Paired rounds are short: many short alternations follow the machine's load better than a few long ones. */
const ROUND_SECONDS = Math.max(1, Math.round(DURATION / 2));
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  /** Name of the node:http row this one is measured against (at the same connection count). */
  baseline?: string;
  /** For paired runs: the median of the per-round ratios to the baseline. */
  ratio?: number;
  /** Server CPU time per request (user + system): steadier than req/s when the machine is shared. */
  cpuUs?: number;
}

interface Load {
  method?: 'GET' | 'POST';
  body?: string;
  path?: string;
  headers?: Record<string, string>;
  /** The status every answer must have (default: any 2xx). */
  status?: number;
  baseline?: string;
  /** Seconds; default --duration. */
  duration?: number;
  /** The server's process id, to measure its CPU time per request. */
  pid?: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process so far, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Servers still running, stopped if the bench fails half-way. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

/** Starts a child process serving on a free port and waits until it answers. */
async function startProcess(args: string[], env: Record<string, string>, readyPath = '/healthz'): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...args], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${args.join(' ')} did not start`);
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function load(name: string, url: string, connections: number, request: Load): Promise<Row> {
  const ticks = request.pid ? cpuTicks(request.pid) : 0;
  const result = await autocannon({
    url: `${url}${request.path ?? '/graphql'}`,
    method: request.method ?? (request.body ? 'POST' : 'GET'),
    headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...request.headers },
    body: request.body,
    connections,
    duration: request.duration ?? DURATION,
  });
  const expected = request.status ? (result.statusCodeStats?.[`${request.status}`]?.count ?? 0) : result.requests.total - result.non2xx;
  if (expected !== result.requests.total || result.errors > 0) {
    throw new Error(`${name}: ${result.requests.total - expected} unexpected answers (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors`);
  }
  const bytes = Math.round(result.throughput.average / Math.max(1, result.requests.average));
  const cpuUs = request.pid ? Math.round(((cpuTicks(request.pid) - ticks) * 1e6) / CLOCK_TICKS_PER_SECOND / Math.max(1, result.requests.total)) : undefined;
  return { name, connections, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, bytes, baseline: request.baseline, cpuUs };
}

/** A node:http server answering a prebuilt buffer of `size` bytes: the yardstick for one response size. */
async function rawRows(name: string, size: number, rows: Row[]): Promise<void> {
  const raw = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String(size)], {}, '/');
  for (const connections of [10, 50]) rows.push(await load(name, raw.url, connections, { path: '/', pid: raw.child.pid }));
  raw.child.kill('SIGTERM');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianRow = (runs: Row[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];

/**
 * Alternates a scenario with its node:http yardstick, round by round, so each pair meets the same load from
 * whatever else the machine runs; keeps the median round of each and the median of the per-round ratios.
 */
async function paired(rows: Row[], name: string, url: string, request: Load, baseline: { name: string; url: string; pid: number }): Promise<void> {
  for (const connections of [10, 50]) {
    const ours: Row[] = [];
    const theirs: Row[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await load(name, url, connections, { ...request, baseline: baseline.name, duration: ROUND_SECONDS }));
      theirs.push(await load(baseline.name, baseline.url, connections, { path: '/', duration: ROUND_SECONDS, pid: baseline.pid }));
    }
    const ratio = median(ours.map((r, i) => r.rps / theirs[i].rps));
    const cpu = (runs: Row[]) => median(runs.map((r) => r.cpuUs ?? 0));
    rows.push({ ...medianRow(ours), ratio, cpuUs: cpu(ours) }, { ...medianRow(theirs), cpuUs: cpu(theirs) });
    const perRound = ours.map((r, i) => (r.rps / theirs[i].rps).toFixed(2)).join(', ');
    console.log(`${name}, ${connections} connections: × node:http req/s per round ${perRound}; by server CPU per request ${(cpu(theirs) / cpu(ours)).toFixed(2)}`);
  }
}

const GRAPHQL_BASELINE = 'node:http buffer (GraphQL list size)';
const gql = (query: string) => JSON.stringify({ query });
const LIST = gql('{ plugins(sort: DOWNLOADS, first: 20) { totalCount nodes { id name version verified tags stats { downloads rating ratingCount } } } }');
const SEARCH = gql(`{ plugins(search: "${RARE_WORDS[7]}", first: 20) { totalCount nodes { id name version stats { downloads rating } } } }`);
const PREFIX = gql('{ plugins(search: "gor", first: 20) { totalCount nodes { id name version stats { downloads rating } } } }');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-'));
  const dbFile = path.join(dir, 'registry.db');
  const catalog = syntheticCatalog(PLUGINS);
  const detailId = catalog.plugins[0].id as string;
  const DETAIL = gql(`{ plugin(id: "${detailId}") { id name description version tags capabilities { streaming vision } install { manifestUrl dockerImage }
    versions(first: 10) { nodes { version publishedAt changes } } reviews(first: 5) { nodes { rating comment createdAt author { username } } }
    stats { downloads downloadsLast30d stars rating ratingCount } } }`);

  let started = performance.now();
  const orm = await initOrm({ kind: 'sqlite', file: dbFile });
  const imported = await new CatalogService().import(orm.em.fork() as Em, catalog);
  await orm.close();
  console.log(`seeded ${imported.created} plugins, ${imported.versions} versions into ${dbFile} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const rows: Row[] = [];
  const memory: Record<string, number> = {};
  const notes: string[] = [];
  for (const variant of ['cached', 'uncached'] as const) {
    const env: Record<string, string> = { DATABASE_URL: dbFile, SEED: 'false', LOG_LEVEL: 'warn' };
    if (variant === 'uncached') env.RESPONSE_CACHE_SIZE = '0';
    started = performance.now();
    const server = await startProcess(['dist/server/main.js'], env);
    console.log(`server (${variant} responses) up in ${Math.round(performance.now() - started)} ms`);
    if (AREAS.includes('graphql')) {
      for (const [name, body] of [['GraphQL list by downloads', LIST], ['search ~1% term', SEARCH], ['3-letter prefix search', PREFIX], ['plugin detail', DETAIL]] as const) {
        for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, server.url, connections, { body, baseline: GRAPHQL_BASELINE, pid: server.child.pid }));
      }
    }
    if (AREAS.includes('rest')) await restScenarios(server, variant, detailId, dbFile, rows, notes);
    memory[variant] = rssMb(server.child.pid!);
    server.child.kill('SIGTERM');
  }

  if (AREAS.includes('graphql')) await rawRows(GRAPHQL_BASELINE, rows.find((r) => r.name.startsWith('GraphQL list'))!.bytes, rows);
  const baselineRps = (r: Row) => rows.find((b) => b.name === r.baseline && b.connections === r.connections)?.rps;

  // The load average tells how much else the (possibly shared) machine was running: ratios to node:http are the steadier figures.
  console.log(`\n${PLUGINS} plugins, ${DURATION} s a run, ${os.cpus().length} CPUs (${os.cpus()[0].model}), node ${process.version}, load average ${os.loadavg()[1].toFixed(1)} (5 min)\n`);
  console.log('| scenario | conns | req/s | p50 ms | p99 ms | bytes | × node:http | server CPU µs/req |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const base = r.baseline ? baselineRps(r) : undefined;
    const ratio = r.ratio ?? (base ? r.rps / base : undefined);
    console.log(`| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${ratio ? ratio.toFixed(2) : ''} | ${r.cpuUs ?? ''} |`);
  }
  for (const note of notes) console.log(note);
  console.log(`\nserver RSS after the runs: ${memory.cached} MB (cached), ${memory.uncached} MB (uncached)`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** REST: detail and 304 against node:http, list and search, and the whole registry.json (cold build and warm). */
async function restScenarios(
  server: { child: ChildProcess; url: string },
  variant: 'cached' | 'uncached',
  detailId: string,
  dbFile: string,
  rows: Row[],
  notes: string[],
): Promise<void> {
  const { url } = server;
  const pid = server.child.pid!;
  const detail = `/api/v1/plugins/${detailId}`;
  const list = '/api/v1/plugins?sort=downloads&limit=20';
  const search = `/api/v1/plugins?search=${RARE_WORDS[7]}`;
  if (variant === 'cached') {
    const first = await fetch(`${url}${detail}`, { headers: { 'accept-encoding': 'identity' } });
    const etag = first.headers.get('etag')!;
    const size = (await first.arrayBuffer()).byteLength;
    const sameSize = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String(size)], {}, '/');
    const hello = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String('hello world'.length)], {}, '/');
    await paired(rows, 'REST detail warm', url, { path: detail, pid }, { name: `node:http ${size} B buffer`, url: sameSize.url, pid: sameSize.child.pid! });
    await paired(rows, 'REST detail 304 revalidation', url, { path: detail, headers: { 'if-none-match': etag }, status: 304, pid }, {
      name: 'node:http hello world',
      url: hello.url,
      pid: hello.child.pid!,
    });
    sameSize.child.kill('SIGTERM');
    hello.child.kill('SIGTERM');
    const floor = await startProcess([path.join(ROOT, 'dist/test/bench/fastify-floor.js'), String(size)], {}, '/');
    for (const connections of [10, 50]) rows.push(await load(`Fastify floor: ${size} B buffer`, floor.url, connections, { path: '/', pid: floor.child.pid }));
    floor.child.kill('SIGTERM');
  }
  for (const [name, path] of [['REST list by downloads', list], ['REST search ~1% term', search]] as const) {
    for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, url, connections, { path, pid }));
  }
  if (variant === 'uncached') return;

  // registry.json: the first request after a write builds it (export, serialise, compress); later ones are served from memory.
  // Timed to the response headers, which leave once the build is done.
  const db = new Database(dbFile);
  const write = db.prepare('update plugin set stars = stars + 1 where id = ?');
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    write.run(detailId);
    const started = performance.now();
    const res = await fetch(`${url}/registry.json`, { headers: { 'accept-encoding': 'gzip' } });
    builds.push(Math.round(performance.now() - started));
    await res.arrayBuffer();
  }
  db.close();
  const sizes: Record<string, number> = {};
  for (const coding of ['identity', 'gzip', 'br']) {
    const res = await fetch(`${url}/registry.json`, { headers: { 'accept-encoding': coding } });
    sizes[coding] = Number(res.headers.get('content-length'));
    await res.arrayBuffer();
  }
  notes.push(
    `\n/registry.json at ${PLUGINS} plugins: ${(sizes.identity / 1e6).toFixed(1)} MB, gzip ${(sizes.gzip / 1e6).toFixed(2)} MB, br ${(sizes.br / 1e6).toFixed(2)} MB; ` +
      `first request after a write (build) ${median(builds)} ms (median of ${builds.join(', ')})`,
  );
  for (const coding of ['gzip', 'br', 'identity']) {
    rows.push(await load(`/registry.json warm (${coding})`, url, 10, { path: '/registry.json', headers: { 'accept-encoding': coding }, pid }));
  }
}

await main();
