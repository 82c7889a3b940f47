import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { parseDatabaseUrl } from '../../server/config.js';
import { CatalogService } from '../../server/modules/catalog/catalog.service.js';
import { initOrm, type Em } from '../../server/orm.js';
import { RARE_WORDS, syntheticCatalog } from './synthetic.js';
import { tuiTimings, type TuiRow } from './tui.js';

/**
 * `npm run bench`: seeds a synthetic catalog into a fresh SQLite file (or, with `--database-url postgres://…`,
 * into that empty PostgreSQL database), starts the real server as a child process and loads it with autocannon,
 * beside node:http servers answering prebuilt buffers of the same sizes. Prints numbers; asserts nothing.
 * `-- --only graphql` or `-- --only rest` runs one area.
 */
const { values: args } = parseArgs({
  options: {
    plugins: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    'database-url': { type: 'string' },
    /** `all`, or one area: `graphql`, `rest`, or `tui` (seed, start the server and time the terminal UI only). */
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
  return { name, connections, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, bytes, baseline: request.baseline };
}

interface CliRow {
  name: string;
  runs: number;
  median: number;
  p90: number;
  min: number;
}

/**
 * Wall time of whole `loom` processes against the running server, one after another, each a fresh process.
 * "no compile cache" is the very first run after an install or upgrade; later runs reuse Node's compile cache.
 */
function cliStartup(url: string, detailId: string, runs = 20): CliRow[] {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-home-'));
  fs.writeFileSync(path.join(home, 'config.yaml'), `plugin_registry:\n  sources:\n    - name: bench\n      url: ${url}\n      type: loom-registry\n`);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-cache-'));
  const measure = (name: string, args: string[], env: Record<string, string> = {}): CliRow => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOOM_HOME: home, LOOM_REGISTRY_URL: url, NODE_COMPILE_CACHE: cache, ...env }, encoding: 'utf8' });
      times.push(performance.now() - started);
      if (result.status !== 0) throw new Error(`${name}: exit ${result.status}: ${result.stderr}`);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]);
    return { name, runs, median: at(0.5), p90: at(0.9), min: Math.round(times[0]) };
  };
  const search = ['dist/cli/main.js', 'plugin', 'search', 'openai'];
  const rows = [
    measure('node -e 0 (Node itself)', ['-e', '0']),
    measure('loom plugin search openai, no compile cache', search, { NODE_DISABLE_COMPILE_CACHE: '1' }),
    measure('loom plugin search openai', search),
    measure(`loom plugin search ${RARE_WORDS[7]} (a page of 20 hits) --json`, ['dist/cli/main.js', 'plugin', 'search', RARE_WORDS[7], '--json']),
    measure('loom plugin show <id> --json', ['dist/cli/main.js', 'plugin', 'show', detailId, '--json']),
  ];
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(cache, { recursive: true, force: true });
  return rows;
}


/** A node:http server answering a prebuilt buffer of `size` bytes: the yardstick for one response size. */
async function rawRows(name: string, size: number, rows: Row[]): Promise<void> {
  const raw = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String(size)], {}, '/');
  for (const connections of [10, 50]) rows.push(await load(name, raw.url, connections, { path: '/' }));
  raw.child.kill('SIGTERM');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medianRow = (runs: Row[]) => [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)];

/**
 * Alternates a scenario with its node:http yardstick, round by round, so each pair meets the same load from
 * whatever else the machine runs; keeps the median round of each and the median of the per-round ratios.
 */
async function paired(rows: Row[], name: string, url: string, request: Load, baseline: { name: string; url: string }): Promise<void> {
  for (const connections of [10, 50]) {
    const ours: Row[] = [];
    const theirs: Row[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await load(name, url, connections, { ...request, baseline: baseline.name, duration: ROUND_SECONDS }));
      theirs.push(await load(baseline.name, baseline.url, connections, { path: '/', duration: ROUND_SECONDS }));
    }
    const ratio = median(ours.map((r, i) => r.rps / theirs[i].rps));
    rows.push({ ...medianRow(ours), ratio }, medianRow(theirs));
    console.log(`${name}, ${connections} connections: × node:http per round ${ours.map((r, i) => (r.rps / theirs[i].rps).toFixed(2)).join(', ')}`);
  }
}

const GRAPHQL_BASELINE = 'node:http buffer (GraphQL list size)';
const gql = (query: string) => JSON.stringify({ query });
const LIST = gql('{ plugins(sort: DOWNLOADS, first: 20) { totalCount nodes { id name version verified tags stats { downloads rating ratingCount } } } }');
const SEARCH = gql(`{ plugins(search: "${RARE_WORDS[7]}", first: 20) { totalCount nodes { id name version stats { downloads rating } } } }`);
const PREFIX = gql('{ plugins(search: "gor", first: 20) { totalCount nodes { id name version stats { downloads rating } } } }');

/**
 * Installs through the manifest route, each request with its own X-Loom-Install-Id (so each one counts),
 * then a graceful stop (SIGTERM) and a look at the stored total.
 */
async function countedDownloads(databaseUrl: string, pluginId: string, version: string) {
  const read = async () => {
    const orm = await initOrm(parseDatabaseUrl(databaseUrl));
    const rows = await (orm.em.fork() as Em).execute<{ downloads: number }[]>('select downloads from plugin where id = ?', [pluginId]);
    await orm.close();
    if (rows.length !== 1) throw new Error(`plugin ${pluginId} is not in ${databaseUrl}`);
    return Number(rows[0].downloads);
  };
  const before = await read();
  const server = await startProcess(['dist/server/main.js'], { DATABASE_URL: databaseUrl, SEED: 'false', LOG_LEVEL: 'warn' });
  let n = 0;
  // a fixed number of requests, all answered before the stop, so the stored total can be compared exactly
  const amount = 30_000;
  const result = await autocannon({
    url: `${server.url}/api/v1/plugins/${pluginId}/versions/${version}/manifest`,
    connections: 50,
    amount,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-loom-install-id': `bench-${process.pid}-${++n}` } }) }],
  });
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  return { rps: Math.round(result['2xx'] / result.duration), p99: result.latency.p99, sent: result['2xx'], stored: (await read()) - before, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loom-bench-'));
  const databaseUrl = args['database-url'] ?? path.join(dir, 'registry.db');
  const catalog = syntheticCatalog(PLUGINS);
  const detailId = catalog.plugins[0].id as string;
  const DETAIL = gql(`{ plugin(id: "${detailId}") { id name description version tags capabilities { streaming vision } install { manifestUrl dockerImage }
    versions(first: 10) { nodes { version publishedAt changes } } reviews(first: 5) { nodes { rating comment createdAt author { username } } }
    stats { downloads downloadsLast30d stars rating ratingCount } } }`);

  let started = performance.now();
  const orm = await initOrm(parseDatabaseUrl(databaseUrl));
  const imported = await new CatalogService().import(orm.em.fork() as Em, catalog);
  await orm.close();
  console.log(`seeded ${imported.created} plugins, ${imported.versions} versions into ${databaseUrl} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const rows: Row[] = [];
  let cli: CliRow[] = [];
  let tui: TuiRow[] | string = [];
  const memory: Record<string, number> = {};
  const notes: string[] = [];
  for (const variant of ['cached', 'uncached'] as const) {
    const env: Record<string, string> = { DATABASE_URL: databaseUrl, SEED: 'false', LOG_LEVEL: 'warn' };
    if (variant === 'uncached') env.RESPONSE_CACHE_SIZE = '0';
    started = performance.now();
    const server = await startProcess(['dist/server/main.js'], env);
    console.log(`server (${variant} responses) up in ${Math.round(performance.now() - started)} ms`);
    if (variant === 'cached' && args.only === 'tui') {
      printTui(await tuiTimings(ROOT, server.url, RARE_WORDS[7]));
      server.child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    }
    if (variant === 'cached') {
      cli = cliStartup(server.url, detailId);
      tui = await tuiTimings(ROOT, server.url, RARE_WORDS[7]);
    }
    if (AREAS.includes('graphql')) {
      for (const [name, body] of [['GraphQL list by downloads', LIST], ['search ~1% term', SEARCH], ['3-letter prefix search', PREFIX], ['plugin detail', DETAIL]] as const) {
        for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, server.url, connections, { body, baseline: GRAPHQL_BASELINE }));
      }
    }
    if (AREAS.includes('rest')) await restScenarios(server.url, variant, detailId, databaseUrl, rows, notes);
    memory[variant] = rssMb(server.child.pid!);
    server.child.kill('SIGTERM');
  }

  const counting = await countedDownloads(databaseUrl, detailId, catalog.plugins[0].version as string);

  if (AREAS.includes('graphql')) await rawRows(GRAPHQL_BASELINE, rows.find((r) => r.name.startsWith('GraphQL list'))!.bytes, rows);
  const baselineRps = (r: Row) => rows.find((b) => b.name === r.baseline && b.connections === r.connections)?.rps;

  // The load average tells how much else the (possibly shared) machine was running: ratios to node:http are the steadier figures.
  console.log(`\n${PLUGINS} plugins on ${parseDatabaseUrl(databaseUrl).kind}, ${DURATION} s a run, ${os.cpus().length} CPUs (${os.cpus()[0].model}), node ${process.version}, load average ${os.loadavg()[1].toFixed(1)} (5 min)\n`);
  console.log('| scenario | conns | req/s | p50 ms | p99 ms | bytes | × node:http |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const base = r.baseline ? baselineRps(r) : undefined;
    const ratio = r.ratio ?? (base ? r.rps / base : undefined);
    console.log(`| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${ratio ? ratio.toFixed(2) : ''} |`);
  }
  for (const note of notes) console.log(note);
  console.log(`\nserver RSS after the runs: ${memory.cached} MB (cached), ${memory.uncached} MB (uncached)`);
  console.log(
    `counted downloads: ${counting.rps} downloads/s at 50 connections (p99 ${counting.p99} ms), every request a distinct client; ` +
      `${counting.sent} answered 200 (${counting.errors} failed), stored total rose by ${counting.stored} after a graceful stop (${counting.sent === counting.stored ? 'equal' : 'NOT EQUAL'})`,
  );
  console.log('\nCLI: whole processes against the server (cached responses), wall time\n');
  // On a shared machine Node's own start time swings with the load; the CLI's cost is what it adds to it.
  console.log('| command | runs | median ms | p90 ms | min ms | median above Node ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of cli) console.log(`| ${r.name} | ${r.runs} | ${r.median} | ${r.p90} | ${r.min} | ${r.median - cli[0].median} |`);
  printTui(tui);
  fs.rmSync(dir, { recursive: true, force: true });
}

function printTui(tui: TuiRow[] | string): void {
  console.log(`\nTUI: loom plugin browse in tmux (100×30) against the server, ${PLUGINS} plugins\n`);
  if (typeof tui === 'string') return console.log(tui);
  console.log('| step | runs | median ms | max ms |');
  console.log('|---|---:|---:|---:|');
  for (const r of tui) console.log(`| ${r.name} | ${r.runs} | ${r.median} | ${r.max} |`);
}

/** REST: detail and 304 against node:http, list and search, and the whole registry.json (cold build and warm). */
async function restScenarios(url: string, variant: 'cached' | 'uncached', detailId: string, databaseUrl: string, rows: Row[], notes: string[]): Promise<void> {
  const detail = `/api/v1/plugins/${detailId}`;
  const list = '/api/v1/plugins?sort=downloads&limit=20';
  const search = `/api/v1/plugins?search=${RARE_WORDS[7]}`;
  if (variant === 'cached') {
    const first = await fetch(`${url}${detail}`, { headers: { 'accept-encoding': 'identity' } });
    const etag = first.headers.get('etag')!;
    const size = (await first.arrayBuffer()).byteLength;
    const sameSize = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String(size)], {}, '/');
    const hello = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String('hello world'.length)], {}, '/');
    await paired(rows, 'REST detail warm', url, { path: detail }, { name: `node:http ${size} B buffer`, url: sameSize.url });
    await paired(rows, 'REST detail 304 revalidation', url, { path: detail, headers: { 'if-none-match': etag }, status: 304 }, { name: 'node:http hello world', url: hello.url });
    sameSize.child.kill('SIGTERM');
    hello.child.kill('SIGTERM');
  }
  for (const [name, path] of [['REST list by downloads', list], ['REST search ~1% term', search]] as const) {
    for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, url, connections, { path }));
  }
  if (variant === 'uncached') return;

  // registry.json: the first request after a write builds it (export, serialise, compress); later ones are served from memory.
  // Timed to the response headers, which leave once the build is done.
  const orm = await initOrm(parseDatabaseUrl(databaseUrl));
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) {
    await (orm.em.fork() as Em).execute('update plugin set stars = stars + 1 where id = ?', [detailId]);
    const started = performance.now();
    const res = await fetch(`${url}/registry.json`, { headers: { 'accept-encoding': 'gzip' } });
    builds.push(Math.round(performance.now() - started));
    await res.arrayBuffer();
  }
  await orm.close();
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
    rows.push(await load(`/registry.json warm (${coding})`, url, 10, { path: '/registry.json', headers: { 'accept-encoding': coding } }));
  }
}

await main();
