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
  },
});
const PLUGINS = Number(args.plugins);
const DURATION = Number(args.duration);
const AREAS = args.only === 'all' ? ['graphql', 'rest'] : [args.only];
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  /** Name of the node:http row this one is measured against. */
  baseline?: string;
}

interface Load {
  method?: 'GET' | 'POST';
  body?: string;
  path?: string;
  headers?: Record<string, string>;
  /** The status every answer must have (default: any 2xx). */
  status?: number;
  baseline?: string;
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
    duration: DURATION,
  });
  const expected = request.status ? (result.statusCodeStats?.[`${request.status}`]?.count ?? 0) : result.requests.total - result.non2xx;
  if (expected !== result.requests.total || result.errors > 0) {
    throw new Error(`${name}: ${result.requests.total - expected} unexpected answers (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors`);
  }
  const bytes = Math.round(result.throughput.average / Math.max(1, result.requests.average));
  return { name, connections, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, bytes, baseline: request.baseline };
}

/** A node:http server answering a prebuilt buffer of `size` bytes: the yardstick for one response size. */
async function rawRows(name: string, size: number, rows: Row[]): Promise<void> {
  const raw = await startProcess([path.join(ROOT, 'dist/test/bench/raw-server.js'), String(size)], {}, '/');
  for (const connections of [10, 50]) rows.push(await load(name, raw.url, connections, { path: '/' }));
  raw.child.kill('SIGTERM');
}

async function timed<T>(run: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await run();
  return Math.round(performance.now() - started);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
        for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, server.url, connections, { body, baseline: 'graphql' }));
      }
    }
    if (AREAS.includes('rest')) await restScenarios(server.url, variant, detailId, dbFile, rows, notes);
    memory[variant] = rssMb(server.child.pid!);
    server.child.kill('SIGTERM');
  }

  const sizeOf = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.bytes;
  if (AREAS.includes('graphql')) await rawRows('node:http buffer (GraphQL list size)', sizeOf('GraphQL list')!, rows);
  if (AREAS.includes('rest')) {
    await rawRows('node:http buffer (REST detail size)', sizeOf('REST detail warm')!, rows);
    await rawRows('node:http hello world', 'hello world'.length, rows);
  }
  const baselines: Record<string, string> = {
    graphql: 'node:http buffer (GraphQL list size)',
    detail: 'node:http buffer (REST detail size)',
    hello: 'node:http hello world',
  };
  const baselineRps = (r: Row) => rows.find((b) => b.name === baselines[r.baseline!] && b.connections === r.connections)?.rps;

  console.log(`\n${PLUGINS} plugins, ${DURATION} s a run, ${os.cpus().length} CPUs (${os.cpus()[0].model}), node ${process.version}\n`);
  console.log('| scenario | conns | req/s | p50 ms | p99 ms | bytes | × node:http |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const base = r.baseline ? baselineRps(r) : undefined;
    console.log(`| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${base ? (r.rps / base).toFixed(2) : ''} |`);
  }
  for (const note of notes) console.log(note);
  console.log(`\nserver RSS after the runs: ${memory.cached} MB (cached), ${memory.uncached} MB (uncached)`);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** REST: detail and 304 against node:http, list and search, and the whole registry.json (cold build and warm). */
async function restScenarios(url: string, variant: 'cached' | 'uncached', detailId: string, dbFile: string, rows: Row[], notes: string[]): Promise<void> {
  const detail = `/api/v1/plugins/${detailId}`;
  const list = '/api/v1/plugins?sort=downloads&limit=20';
  const search = `/api/v1/plugins?search=${RARE_WORDS[7]}`;
  if (variant === 'cached') {
    const etag = (await fetch(`${url}${detail}`, { headers: { 'accept-encoding': 'identity' } })).headers.get('etag')!;
    for (const connections of [10, 50]) rows.push(await load('REST detail warm', url, connections, { path: detail, baseline: 'detail' }));
    for (const connections of [10, 50]) {
      rows.push(await load('REST detail 304 revalidation', url, connections, { path: detail, headers: { 'if-none-match': etag }, status: 304, baseline: 'hello' }));
    }
  }
  for (const [name, path] of [['REST list by downloads', list], ['REST search ~1% term', search]] as const) {
    for (const connections of [10, 50]) rows.push(await load(`${name} (${variant})`, url, connections, { path }));
  }
  if (variant === 'uncached') return;

  // registry.json: the first request after a write builds it (export, serialise, compress); later ones are served from memory.
  const db = new Database(dbFile);
  const write = db.prepare('update plugin set stars = stars + 1 where id = ?');
  const builds: number[] = [];
  for (let i = 0; i < 3; i++) {
    write.run(detailId);
    builds.push(await timed(async () => (await fetch(`${url}/registry.json`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()));
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
    rows.push(await load(`/registry.json warm (${coding})`, url, 10, { path: '/registry.json', headers: { 'accept-encoding': coding } }));
  }
}

await main();
