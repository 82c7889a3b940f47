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
 * beside a node:http server answering a prebuilt buffer of the same size. Prints numbers; asserts nothing.
 */
const { values: args } = parseArgs({
  options: {
    plugins: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    'database-url': { type: 'string' },
    /** `--only tui`: seed, start the server and time the terminal UI, skipping the load tests. */
    only: { type: 'string' },
  },
});
const PLUGINS = Number(args.plugins);
const DURATION = Number(args.duration);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts a child process serving on a free port and waits until it answers. */
async function startProcess(args: string[], env: Record<string, string>, readyPath = '/healthz'): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...args], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit'] });
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

async function load(name: string, url: string, connections: number, request: { method?: 'GET' | 'POST'; body?: string; path?: string }): Promise<Row> {
  const result = await autocannon({
    url: `${url}${request.path ?? '/graphql'}`,
    method: request.method ?? 'POST',
    headers: request.body ? { 'content-type': 'application/json' } : {},
    body: request.body,
    connections,
    duration: DURATION,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { name, connections, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)) };
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
      const result = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOOM_HOME: home, NODE_COMPILE_CACHE: cache, ...env }, encoding: 'utf8' });
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
    const [row] = await (orm.em.fork() as Em).execute<{ downloads: number }[]>('select downloads from plugin where id = ?', [pluginId]);
    await orm.close();
    return Number(row.downloads);
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
    for (const [name, body] of [['GraphQL list by downloads', LIST], ['search ~1% term', SEARCH], ['3-letter prefix search', PREFIX], ['plugin detail', DETAIL]] as const) {
      for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, server.url, connections, { body }));
    }
    memory[variant] = rssMb(server.child.pid!);
    server.child.kill('SIGTERM');
  }

  const counting = await countedDownloads(databaseUrl, detailId, catalog.plugins[0].version as string);

  const listBytes = rows[0].bytes;
  const raw = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String(listBytes)], {}, '/');
  for (const connections of [10, 50]) rows.push(await load(`node:http ${listBytes} B buffer`, raw.url, connections, { method: 'GET', path: '/' }));
  raw.child.kill('SIGTERM');

  const rawRps = (c: number) => rows.find((r) => r.name.startsWith('node:http') && r.connections === c)!.rps;
  console.log(`\n${PLUGINS} plugins on ${parseDatabaseUrl(databaseUrl).kind}, ${DURATION} s a run, ${os.cpus().length} CPUs (${os.cpus()[0].model}), node ${process.version}\n`);
  console.log('| scenario | conns | req/s | p50 ms | p99 ms | bytes | × raw |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${(r.rps / rawRps(r.connections)).toFixed(2)} |`);
  console.log(`\nserver RSS after the runs: ${memory.cached} MB (cached), ${memory.uncached} MB (uncached)`);
  console.log(
    `counted downloads: ${counting.rps} downloads/s at 50 connections (p99 ${counting.p99} ms), every request a distinct client; ` +
      `${counting.sent} answered 200 (${counting.errors} failed), stored total rose by ${counting.stored} after a graceful stop (${counting.sent === counting.stored ? 'equal' : 'NOT EQUAL'})`,
  );
  console.log('\nCLI: whole processes against the server (cached responses), wall time\n');
  console.log('| command | runs | median ms | p90 ms | min ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of cli) console.log(`| ${r.name} | ${r.runs} | ${r.median} | ${r.p90} | ${r.min} |`);
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

await main();
