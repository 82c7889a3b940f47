import zlib from 'node:zlib';
import { hasChromium, launchBrowser } from '../helpers/browser.js';

/**
 * `--only web`: the web app against its budgets (issue 15) — the plugin page server-rendered on cache misses (the
 * server runs with RESPONSE_CACHE_SIZE=0, and every request names another plugin), the JavaScript `/` loads
 * (gzipped), and first paint / first contentful paint of `/` and a plugin page in Chromium (Performance API paint
 * entries, a fresh browser context each load: nothing cached). Prints numbers; asserts nothing.
 */

export interface WebFigures {
  /** Server-rendered plugin pages, one request at a time, each a cache miss. */
  pluginPage: { requests: number; p50: number; p99: number; max: number; bytes: number; cpu?: number };
  /** The pages rendered first after the start (other plugins), before V8 has compiled the render path. */
  firstPages: { requests: number; p50: number; p99: number; max: number };
  /** The scripts `/` loads, each gzipped (level 6, as a CDN would) and summed. */
  script: { files: string[]; bytes: number; gzipped: number };
  /** Median first paint and first contentful paint, ms, per page; a string when Chromium is missing. */
  paint: { page: string; runs: number; fp: number; fcp: number }[] | string;
}

/** Pages rendered after the start, before the measured ones (see webFigures). */
const WARM_UP_PAGES = 200;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
const round = (ms: number) => Math.round(ms * 100) / 100;

/** `serverCpuMs`: the CPU milliseconds the server has used so far (0 where that is unknown), for its CPU per page. */
export async function webFigures(url: string, pluginIds: string[], serverCpuMs: () => number, requests = 500, paintRuns = 5): Promise<WebFigures> {
  const html = { accept: 'text/html' };
  const ids = pluginIds.slice(0, Math.min(requests, pluginIds.length));
  /** Each page once, one at a time: the sorted times and the bytes. */
  const render = async (pages: string[]) => {
    const times: number[] = [];
    let bytes = 0;
    for (const id of pages) {
      const started = performance.now();
      const res = await fetch(`${url}/plugins/${encodeURIComponent(id)}`, { headers: html });
      const body = await res.arrayBuffer();
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`GET /plugins/${id}: HTTP ${res.status}`);
      bytes += body.byteLength;
    }
    return { times: times.sort((a, b) => a - b), bytes };
  };
  // The first pages after a start run before V8 has compiled the render path (and its first full collections):
  // measured apart, on other plugins, so the budgeted pages are a running server's misses.
  const coldIds = pluginIds.slice(ids.length, ids.length + WARM_UP_PAGES);
  const cold = await render(coldIds.length > 0 ? coldIds : ids.slice(0, 1));
  const cpuBefore = serverCpuMs();
  const { times, bytes } = await render(ids);
  const cpuUs = Math.round(((serverCpuMs() - cpuBefore) * 1000) / ids.length);

  const front = await (await fetch(`${url}/`, { headers: html })).text();
  const files = [...new Set([...front.matchAll(/<script[^>]+src="([^"]+)"/g), ...front.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]))];
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const body = Buffer.from(await (await fetch(new URL(file, url))).arrayBuffer());
    raw += body.length;
    gzipped += zlib.gzipSync(body, { level: 6 }).length;
  }

  return {
    firstPages: { requests: cold.times.length, p50: round(quantile(cold.times, 0.5)), p99: round(quantile(cold.times, 0.99)), max: round(cold.times[cold.times.length - 1]) },
    pluginPage: { requests: ids.length, p50: round(quantile(times, 0.5)), p99: round(quantile(times, 0.99)), max: round(times[times.length - 1]), bytes: Math.round(bytes / ids.length), ...(cpuUs > 0 ? { cpu: cpuUs } : {}) },
    script: { files, bytes: raw, gzipped },
    paint: hasChromium ? await paints(url, [['/', '/'], ['a plugin page', `/plugins/${encodeURIComponent(pluginIds[0])}`]], paintRuns) : 'Chromium is not installed: paint timings skipped',
  };
}

async function paints(url: string, pages: [string, string][], runs: number): Promise<{ page: string; runs: number; fp: number; fcp: number }[]> {
  const browser = await launchBrowser();
  try {
    const rows = [];
    for (const [name, path] of pages) {
      const fp: number[] = [];
      const fcp: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${url}${path}`, { waitUntil: 'load' });
        const entries = await page.evaluate(async () => {
          // paint entries are queued after the frame that painted: wait for the first contentful one
          const found = () => performance.getEntriesByType('paint').map((e) => [e.name, e.startTime] as const);
          for (let tries = 0; tries < 100 && !found().some(([n]) => n === 'first-contentful-paint'); tries++) await new Promise((r) => setTimeout(r, 20));
          return Object.fromEntries(found());
        });
        fp.push(entries['first-paint'] ?? Number.NaN);
        fcp.push(entries['first-contentful-paint'] ?? Number.NaN);
        await context.close();
      }
      rows.push({ page: name, runs, fp: round(median(fp)), fcp: round(median(fcp)) });
    }
    return rows;
  } finally {
    await browser.close();
  }
}

export function printWeb(figures: WebFigures, plugins: number): void {
  const { pluginPage, firstPages, script, paint } = figures;
  console.log(`\nWeb app: ${plugins} plugins (server with RESPONSE_CACHE_SIZE=0: every page a cache miss)\n`);
  console.log('| figure | value | budget |');
  console.log('|---|---:|---|');
  console.log(`| the first ${firstPages.requests} plugin pages after the start (other plugins): p50 / p99 / slowest | ${firstPages.p50} / ${firstPages.p99} / ${firstPages.max} ms | |`);
  console.log(`| plugin page, server-rendered, p50 (the next ${pluginPage.requests} distinct plugins, one at a time) | ${pluginPage.p50} ms | |`);
  console.log(`| plugin page, server-rendered, p99 | ${pluginPage.p99} ms | ≤ 20 ms ${pluginPage.p99 <= 20 ? '✓' : '✗'} |`);
  console.log(`| plugin page, slowest | ${pluginPage.max} ms | |`);
  if (pluginPage.cpu) console.log(`| plugin page, server CPU (user + system) per page | ${pluginPage.cpu} µs | |`);
  console.log(`| plugin page HTML, average | ${(pluginPage.bytes / 1024).toFixed(1)} KB | |`);
  console.log(`| JavaScript of \`/\` (${script.files.length} file${script.files.length === 1 ? '' : 's'}), gzipped | ${(script.gzipped / 1024).toFixed(1)} KB (${(script.bytes / 1024).toFixed(1)} KB raw) | ≤ 150 KB ${script.gzipped <= 150 * 1024 ? '✓' : '✗'} |`);
  if (typeof paint === 'string') return console.log(`\n${paint}`);
  console.log('\nChromium (headless, a fresh context each load), median of the runs\n');
  console.log('| page | runs | first paint ms | first contentful paint ms |');
  console.log('|---|---:|---:|---:|');
  for (const r of paint) console.log(`| ${r.page} | ${r.runs} | ${r.fp} | ${r.fcp} |`);
}
