import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { ClientError, dataOf, type Client, type Document, type GraphQLBody } from '../../client/client.js';
import { PluginPageDocument, SearchPageDocument } from '../../web/gql/graphql.js';
import { App, PAGE_DATA_ID, type Page } from '../../web/src/app.js';
import { parseSearch, searchVariables } from '../../web/src/search-params.js';
import { isStaffPage, staffTitle } from '../../web/src/staff-pages.js';
import type { DataVersion } from '../cache/data-version.js';
import type { GraphQLAnswer } from '../graphql.js';
import { Representation, ResponseCache, sendRepresentation } from '../cache/rest-cache.js';
import { resource, sendError } from '../http.js';
import { registerAccountPages } from './accounts.js';
import { registerDashboardPages } from './dashboard.js';
import { pageCursorsOf, registerPluginViewer, type PageCursors } from './plugin-viewer.js';
import { registerStaffPages } from './staff.js';
import { registerDevicePage } from './device.js';
import { registerSubmitPages } from './submit.js';
import { registerReportPages } from './reports.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Where `vite build` (web/vite.config.ts) puts the browser's files: dist/web-assets, from dist/server/web or server/web. */
const ASSETS = path.basename(path.resolve(here, '..', '..')) === 'dist' ? path.resolve(here, '..', '..', 'web-assets') : path.resolve(here, '..', '..', 'dist', 'web-assets');
/** Hashed file names never change content: browsers keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Bytes of rendered pages kept at most, beside the entry count of RESPONSE_CACHE_SIZE. */
const PAGE_CACHE_BYTES = 32 * 1024 * 1024;
const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.map': 'application/json' };

interface ViteManifest {
  [entry: string]: { file: string; css?: string[]; isEntry?: boolean; name?: string };
}

/** The built browser files: the script and stylesheet every page links, and each file's bytes (precompressed). */
interface Assets {
  script: string;
  styles: string[];
  files: Map<string, Representation>;
}

function loadAssets(): Assets | undefined {
  const manifestPath = path.join(ASSETS, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as ViteManifest;
  const entries = Object.values(manifest);
  const app = entries.find((e) => e.isEntry && e.file.endsWith('.js'));
  if (!app) return undefined;
  const styles = [...entries.filter((e) => e.file.endsWith('.css')).map((e) => e.file), ...(app.css ?? [])];
  const files = new Map<string, Representation>();
  for (const name of fs.readdirSync(path.join(ASSETS, 'assets'))) {
    const body = fs.readFileSync(path.join(ASSETS, 'assets', name));
    const tag = createHash('sha256').update(body).digest('hex').slice(0, 16);
    // compressed on first use, then kept
    files.set(name, new Representation(tag, TYPES[path.extname(name)] ?? 'application/octet-stream', body, '/assets/:file'));
  }
  return { script: `/${app.file}`, styles: [...new Set(styles)].map((f) => `/${f}`), files };
}

/** The registry's mark, inline: no request for /favicon.ico. */
const ICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0a5bd3"/><path d="M4 3v10h8v-2H6V3z" fill="#fff"/></svg>')}">`;

/**
 * Runs a GraphQL document in-process (graphql.ts, `executeInProcess`) as the caller a session token names, or
 * anonymously; `ip` is the browser's, for the limits that count per address.
 */
export type RunGraphQL = (query: string, variables: Record<string, unknown>, caller: { token?: string; ip?: string }) => Promise<GraphQLAnswer>;

/** The typed client over `run`: the API's data and its errors as the HTTP client reads them (`ClientError`, same codes). */
export function inProcessClient(run: RunGraphQL, token?: string, ip?: string): Client {
  return {
    async request<R, V>(document: Document<R, V>, variables: V): Promise<R> {
      const answer = await run(document.toString(), variables as Record<string, unknown>, { token, ip });
      return dataOf<R>('in-process GraphQL', { status: answer.status, ok: answer.status < 400 }, answer as GraphQLBody<R>);
    },
  };
}

/** `<` and the line separators escaped, so page data inside a script element can never close it or break it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function titleOf(page: Page): { title: string; description: string } {
  if (isStaffPage(page)) return { title: `${staffTitle(page)} · Loom Plugin Registry`, description: 'For the registry’s reviewers and admins' };
  switch (page.kind) {
    case 'search':
      return page.state.q
        ? { title: `“${page.state.q}” · Loom Plugin Registry`, description: `Loom provider plugins matching “${page.state.q}”` }
        : { title: 'Loom Plugin Registry', description: 'Discover, install and rate provider plugins for Loom' };
    case 'plugin':
      return { title: `${page.plugin.name} (${page.plugin.id}) · Loom Plugin Registry`, description: page.plugin.description.slice(0, 300) };
    case 'not-found':
      return { title: 'Not found · Loom Plugin Registry', description: `No plugin ${page.id}` };
    case 'error':
      return { title: 'Bad request · Loom Plugin Registry', description: page.message };
    case 'sign-up':
      return { title: 'Create an account · Loom Plugin Registry', description: 'Create an account on the Loom Plugin Registry' };
    case 'sign-in':
      return { title: 'Sign in · Loom Plugin Registry', description: 'Sign in to the Loom Plugin Registry' };
    case 'settings':
      return { title: 'Settings · Loom Plugin Registry', description: 'Your account and API keys' };
    case 'dashboard':
      return { title: 'Your plugins · Loom Plugin Registry', description: 'The plugins you own or maintain' };
    case 'plugin-dashboard':
      return { title: `${page.data.plugin.name} (${page.data.plugin.id}) · Dashboard · Loom Plugin Registry`, description: `Analytics and settings of ${page.data.plugin.id}` };
    case 'device':
      return { title: 'Log in a device · Loom Plugin Registry', description: 'Approve loom plugin login on another device' };
    case 'submit':
      return { title: `${page.resubmit ? 'Resubmit' : 'Submit a plugin'} · Loom Plugin Registry`, description: 'Submit a plugin to the Loom Plugin Registry' };
    case 'submissions':
      return { title: 'Your submissions · Loom Plugin Registry', description: 'Your plugin submissions and their status' };
    case 'submission':
      return { title: `${page.submission ? `${page.submission.pluginId} ${page.submission.version}` : 'No such submission'} · Loom Plugin Registry`, description: 'A plugin submission: status, checks, notes' };
    case 'report-form':
      return { title: `Report a problem with ${page.pluginId} · Loom Plugin Registry`, description: `Report a security, malware, abuse or license problem with ${page.pluginId} privately` };
    case 'report-filed':
      return { title: 'Report sent · Loom Plugin Registry', description: 'Your private report was sent' };
    case 'report-status':
      return { title: 'Your report · Loom Plugin Registry', description: 'The status of your private report' };
    case 'reports':
      return { title: 'Reports · Loom Plugin Registry', description: 'Private reports you handle or filed' };
  }
}

/** A whole HTML document: the page rendered, its data for hydration, the browser files linked. */
export function renderPage(page: Page, assets: Assets | undefined): Buffer {
  const { title, description } = titleOf(page);
  const body = renderToString(createElement(App, { page }));
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(description)}">`,
    ICON,
    ...(assets?.styles ?? []).map((href) => `<link rel="stylesheet" href="${href}">`),
    assets ? `<script type="module" src="${assets.script}"></script>` : '',
  ].join('');
  return Buffer.from(`<!doctype html><html lang="en"><head>${head}</head><body><div id="root">${body}</div><script type="application/json" id="${PAGE_DATA_ID}">${scriptJson(page)}</script></body></html>`);
}

/** Whether a browser asked for the page rather than a script for JSON: `text/html` preferred over `application/json`. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    const weight = Number.isFinite(q) ? q : 0;
    if (type === 'text/html') html = Math.max(html, weight);
    else if (type === 'application/json') json = Math.max(json, weight);
  }
  return html > 0 && html > json;
}

export interface WebDeps {
  dataVersion: DataVersion;
  responseCacheSize: number;
  /** What `/` answers to a caller that did not ask for HTML. */
  landing: Record<string, string>;
  /** Session cookies only over HTTPS: when PUBLIC_URL is https (behind TLS). */
  secureCookies: boolean;
  /** The pages' GraphQL documents, run in-process. */
  graphql: RunGraphQL;
}

/**
 * The web app's server half: `/` (the catalog, search-as-you-type), `/plugins/:id`, and the built browser files.
 * Pages are rendered with the same components the browser hydrates, from the same GraphQL documents, run in-process
 * by the API's Apollo server (its plugins, limits and error codes) without an HTTP round trip; each is kept per data
 * version and URL like a REST answer, with an ETag. A plugin page asked with a session cookie is the reader's own,
 * never kept (`plugin-viewer.ts`); the dashboard pages are in `dashboard.ts`.
 */
export function registerWebPages(server: FastifyInstance, deps: WebDeps): void {
  const assets = loadAssets();
  if (!assets) server.log.warn('the web app is not built (dist/web-assets is missing): `/` answers JSON only; run `npm run build`');
  const revision = createHash('sha256').update(assets?.script ?? 'none').update(assets?.styles.join() ?? '').digest('hex');
  const cache = new ResponseCache(revision, { entries: deps.responseCacheSize, maxBytes: PAGE_CACHE_BYTES });

  const graphql = inProcessClient(deps.graphql);

  const html = (page: Page): Buffer => renderPage(page, assets);
  /** What every form page gets: the renderer, the cookie rule and the in-process GraphQL. */
  const forms = { html, secureCookies: deps.secureCookies, graphql: deps.graphql };
  registerAccountPages(server, forms);
  registerStaffPages(server, forms);
  registerDevicePage(server, forms);
  registerSubmitPages(server, forms);
  registerReportPages(server, forms);

  /** Answers with the page `build` makes: kept per data version and URL when it is a 200, never when it is not. */
  const send = async (request: FastifyRequest, reply: FastifyReply, vary: string, build: () => Promise<Page>) => {
    const version = await deps.dataVersion.current();
    let refused: { page: Page; status: 400 | 404 } | undefined;
    const rep = await cache
      .get(version, request.url, async (tag) => {
        const page = await build().catch((err) => {
          // the caller's mistake (a malformed cursor, say): a page saying so, not a server error
          if (err instanceof ClientError && err.code === 'BAD_USER_INPUT') return { kind: 'error', message: err.message } as const;
          if (err instanceof ClientError && err.code === 'NOT_FOUND') return { kind: 'not-found', id: String(err.details?.id ?? '') } as const;
          throw err;
        });
        if (page.kind !== 'search' && page.kind !== 'plugin') throw new Refused(page, page.kind === 'error' ? 400 : 404);
        return new Representation(tag, 'text/html; charset=utf-8', html(page), request.routeOptions.url);
      })
      .catch((err) => {
        if (!(err instanceof Refused)) throw err;
        refused = err;
        return undefined;
      });
    if (!rep) return reply.code(refused!.status).header('cache-control', 'no-cache').header('vary', vary).type('text/html; charset=utf-8').send(html(refused!.page));
    return sendRepresentation(request, reply, rep, { vary });
  };

  resource(
    server,
    '/',
    {
      GET: async (request, reply) => {
        if (!assets || !prefersHtml(request.headers.accept)) return reply.header('vary', 'Accept').send(deps.landing);
        return send(request, reply, 'Accept, Accept-Encoding', async () => {
          const state = parseSearch(new URLSearchParams(request.url.slice(request.url.indexOf('?') + 1 || request.url.length)));
          return { kind: 'search', state, data: await graphql.request(SearchPageDocument, searchVariables(state)) };
        });
      },
    },
    { compress: false },
  );

  registerPluginViewer(
    server,
    forms,
    {
      anonymous: (request, reply) => {
        const { id } = request.params as { id: string };
        const cursors = pageCursorsOf(request);
        // Cookie: a browser that signs in gets the page with its controls, not this copy
        return send(request, reply, 'Accept-Encoding, Cookie', async () => {
          const { plugin } = await graphql.request(PluginPageDocument, variablesOf(id, cursors));
          return plugin ? { kind: 'plugin', plugin, ...cursors } : { kind: 'not-found', id };
        });
      },
      plugin: async (id, cursors) => (await graphql.request(PluginPageDocument, variablesOf(id, cursors))).plugin,
    },
  );
  registerDashboardPages(server, forms);

  resource(
    server,
    '/assets/:file',
    {
      GET: async (request, reply) => {
        const rep = assets?.files.get((request.params as { file: string }).file);
        if (!rep) return sendError(reply, 'NOT_FOUND', 'no such file');
        return sendRepresentation(request, reply, rep, { 'cache-control': IMMUTABLE });
      },
    },
    { compress: false },
  );
}

/** The plugin page's GraphQL variables: an empty cursor is the first page. */
const variablesOf = (id: string, { reviewsAfter, usedByAfter }: PageCursors) => ({ id, reviewsAfter: reviewsAfter || null, usedByAfter: usedByAfter || null });

/** A page that is not a 200 (no such plugin, a malformed request): rendered and answered, never kept. */
class Refused extends Error {
  constructor(
    readonly page: Page,
    readonly status: 400 | 404,
  ) {
    super(page.kind);
  }
}
