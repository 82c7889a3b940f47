import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { HTTP_STATUS } from '../errors.js';
import type { FrontDoor } from '../cache/front-door.js';
import { resource } from '../http.js';
import { CAPABILITY_NAMES } from '../../domain/capabilities.js';
import { Category, PLUGIN_ID_PATTERN } from '../../domain/plugin.js';
import { SubmissionStatus } from '../modules/publishing/submission.entity.js';
import { Representation, sendRepresentation } from '../cache/rest-cache.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './plugins.js';

/** The OpenAPI 3.1 description of the REST layer, served at `/api/v1/openapi.json`. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const timestamp = { type: 'string', format: 'date-time', description: 'RFC 3339, UTC, whole seconds' };
/** Counts are exact JSON numbers up to 2^53 − 1 (Loom reads registry.json's as int64). */
const count = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const totalDownloads = { ...count, description: 'All-time downloads, as of the last publication of counts (at most COUNTS_REFRESH_SECONDS old)' };

/** Loom's registry.json entry fields (LOOM_PLUGIN_FACTS.md); the detail replaces `reviews` with the reviews themselves. */
const entryFields = {
  id: { type: 'string', pattern: PLUGIN_ID_PATTERN.source, examples: ['openai-plugin'] },
  name: { type: 'string' },
  provider_type: { type: 'string', description: "The provider key; equals what the plugin's GET /metadata returns" },
  description: { type: 'string' },
  author: { type: 'string' },
  version: { type: 'string', description: 'The current version: the newest that is neither yanked nor a pre-release (else the newest); description, tags, capabilities and install are this version’s' },
  license: { type: 'string', description: 'SPDX identifier' },
  homepage: { type: 'string' },
  repository: { type: 'string' },
  downloads: totalDownloads,
  rating: { type: 'number', minimum: 0, maximum: 5, description: 'Average rating to one decimal, 0 when unrated' },
  verified: { type: 'boolean' },
  tags: { type: 'array', items: { type: 'string' } },
  capabilities: {
    type: 'object',
    description: "Loom's Capabilities struct: the manifest's flags, and custom capabilities nested under `custom_capabilities`",
    required: [...CAPABILITY_NAMES],
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, { type: 'boolean' }])),
      custom_capabilities: { type: 'object', additionalProperties: { type: 'boolean' }, description: 'Name → enabled; never one of the names above (compared case-insensitively)' },
    },
  },
  install: {
    type: 'object',
    required: ['type', 'manifest_url', 'sha256'],
    additionalProperties: false,
    properties: {
      type: { type: 'string', enum: ['http', 'grpc', 'builtin'] },
      manifest_url: {
        type: 'string',
        description: 'The registry’s immutable snapshot of the current version’s manifest (GET /api/v1/plugins/{id}/versions/{version}/manifest), as an absolute URL under PUBLIC_URL',
      },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'sha256 (hex) of the bytes manifest_url answers' },
      docker_image: { type: 'string' },
    },
  },
  screenshots: { type: 'array', items: { type: 'string' } },
  documentation_url: { type: 'string' },
  published_at: timestamp,
  updated_at: timestamp,
  category: { type: 'string', enum: Object.values(Category), description: 'How the plugin is maintained and vetted (an addition to Loom’s entry)' },
};
const entryRequired = Object.keys(entryFields).filter((k) => k !== 'documentation_url');
const installableField = {
  type: 'boolean',
  description: 'Whether some version is neither yanked nor a pre-release; a plugin without one is left out of registry.json',
};

const pageFields = {
  total: { ...count, description: 'Matching items (a text search ranks at most the server’s SEARCH_MAX_RESULTS best matches)' },
  page: { type: 'integer', minimum: 1, description: 'floor(offset / limit) + 1' },
  pages: { ...count, description: 'ceil(total / limit); 0 when nothing matches' },
};

const schemas = {
  RegistryEntry: {
    type: 'object',
    description: "One plugin in Loom's registry.json entry shape: every field of the JSON type Loom's Go client decodes",
    required: [...entryRequired, 'reviews'],
    additionalProperties: false,
    properties: { ...entryFields, reviews: { ...count, description: 'Number of ratings' } },
  },
  PluginListItem: {
    type: 'object',
    description: 'A registry.json entry, and whether `loom plugin install <id>` finds a version to install',
    required: [...entryRequired, 'reviews', 'installable'],
    additionalProperties: false,
    properties: { ...entryFields, reviews: { ...count, description: 'Number of ratings' }, installable: installableField },
  },
  PluginList: {
    type: 'object',
    required: ['total', 'plugins', 'page', 'pages', 'did_you_mean'],
    additionalProperties: false,
    properties: {
      total: pageFields.total,
      plugins: { type: 'array', items: ref('PluginListItem') },
      page: pageFields.page,
      pages: pageFields.pages,
      did_you_mean: {
        type: ['string', 'null'],
        description: '`search` with its misspelt words corrected, when some word matched nothing as typed (`plugins` are then the matches of the correction); null otherwise',
      },
    },
  },
  Version: {
    type: 'object',
    required: ['version', 'published_at', 'changes', 'prerelease', 'yanked', 'yanked_reason'],
    additionalProperties: false,
    properties: {
      version: { type: 'string' },
      published_at: timestamp,
      changes: { type: 'string' },
      prerelease: { type: 'boolean' },
      yanked: { type: 'boolean', description: 'A yanked version is not installed unless pinned' },
      yanked_reason: { type: ['string', 'null'] },
      quality: {
        description: "The registry's quality checklist and score for the version, assessed at approval; null for versions published before it was kept",
        oneOf: [
          {
            type: 'object',
            required: ['score', 'items', 'assessed_at'],
            properties: {
              score: { type: 'integer', minimum: 0, maximum: 100 },
              items: {
                type: 'array',
                items: { type: 'object', required: ['id', 'label', 'passed', 'detail'], properties: { id: { type: 'string' }, label: { type: 'string' }, passed: { type: 'boolean' }, detail: { type: 'string' } } },
              },
              assessed_at: { type: 'string' },
            },
          },
          { type: 'null' },
        ],
      },
    },
  },
  Stats: {
    type: 'object',
    required: ['downloads', 'downloads_last_30d', 'stars', 'rating', 'rating_count'],
    additionalProperties: false,
    properties: {
      downloads: totalDownloads,
      downloads_last_30d: { ...count, description: 'Downloads in the last 30 UTC days, today included, as of the last publication of counts' },
      stars: count,
      rating: entryFields.rating,
      rating_count: { ...count, description: 'Number of ratings (the registry.json entry’s `reviews`)' },
    },
  },
  Review: {
    type: 'object',
    required: ['rating', 'comment', 'author', 'date'],
    additionalProperties: false,
    properties: {
      rating: { type: 'integer', minimum: 1, maximum: 5 },
      comment: { type: 'string' },
      author: { type: 'string', description: 'Username' },
      date: { type: 'string', format: 'date', description: 'YYYY-MM-DD (UTC)' },
    },
  },
  PluginDetail: {
    type: 'object',
    description: 'The entry fields, with every version, statistics and a page of reviews',
    required: [...entryRequired, 'installable', 'not_installable_reason', 'versions', 'stats', 'reviews', 'reviews_total'],
    additionalProperties: false,
    properties: {
      ...entryFields,
      installable: installableField,
      not_installable_reason: { type: ['string', 'null'], description: 'Why no version can be installed (every version yanked, or only pre-releases); null when one can' },
      versions: { type: 'array', items: ref('Version'), description: 'Every version, newest semver first' },
      stats: ref('Stats'),
      reviews: { type: 'array', items: ref('Review'), description: 'Visible reviews, newest first: `reviews_limit` from `reviews_offset`' },
      reviews_total: { ...count, description: 'Visible reviews there are to page through (GET /api/v1/plugins/{id}/reviews)' },
    },
  },
  ReviewList: {
    type: 'object',
    required: ['total', 'reviews', 'page', 'pages'],
    additionalProperties: false,
    properties: { total: count, reviews: { type: 'array', items: ref('Review') }, page: pageFields.page, pages: pageFields.pages },
  },
  RegistryDocument: {
    type: 'object',
    required: ['version', 'plugins'],
    description: 'Every installable plugin, most downloaded first',
    properties: { version: { const: '1.0' }, plugins: { type: 'array', items: ref('RegistryEntry') } },
  },
  SubmissionReceipt: {
    type: 'object',
    required: ['submission_id', 'status', 'message', 'estimated_review_time'],
    properties: {
      submission_id: { type: 'string', pattern: '^sub-[0-9a-f]{12}$' },
      status: { type: 'string', enum: ['pending_review'] },
      message: { type: 'string' },
      estimated_review_time: { type: 'string' },
    },
  },
  SubmissionStatus: {
    type: 'object',
    required: ['submission_id', 'status', 'plugin_id', 'version', 'reviewed_by', 'reviewed_at', 'notes', 'checks_state', 'checks'],
    properties: {
      submission_id: { type: 'string' },
      status: { type: 'string', enum: Object.values(SubmissionStatus) },
      plugin_id: { type: 'string' },
      version: { type: 'string' },
      reviewed_by: { type: ['string', 'null'], description: "The reviewer's email" },
      reviewed_at: { oneOf: [timestamp, { type: 'null' }] },
      notes: { type: ['string', 'null'] },
      checks_state: { type: 'string', enum: ['queued', 'running', 'done'] },
      checks: {
        type: 'array',
        items: { type: 'object', required: ['name', 'status', 'message'], properties: { name: { type: 'string' }, status: { type: 'string', enum: ['pass', 'warn', 'fail'] }, message: { type: 'string' } } },
      },
      conformance: {
        description: "The conformance run (loom plugin test): by the registry against submission.test_endpoint, or self-reported by the author; null without either",
        oneOf: [
          {
            type: 'object',
            required: ['source', 'passed', 'finished_at', 'endpoint', 'report'],
            properties: {
              source: { type: 'string', enum: ['registry', 'self-reported'] },
              passed: { type: 'boolean' },
              finished_at: { type: 'string' },
              endpoint: { type: 'string' },
              report: { type: 'object', description: 'As `loom plugin test --json` prints it (format loom-plugin-test/1)' },
            },
          },
          { type: 'null' },
        ],
      },
      created_at: timestamp,
      updated_at: timestamp,
    },
  },
  Submission: { type: 'object', description: 'registry-submission.json: `{"plugin": {…}, "submission": {"contact_email", "notes"}}`', required: ['plugin', 'submission'] },
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', enum: Object.keys(HTTP_STATUS) },
          message: { type: 'string' },
          details: { type: 'object', description: 'e.g. `field`, the parameter at fault' },
        },
      },
    },
  },
};

const query = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: 'query', required: false, description, schema });
const limit = (name: string, min: number) =>
  query(name, `Page size, ${min} to ${MAX_LIMIT}`, { type: 'integer', minimum: min, maximum: MAX_LIMIT, default: DEFAULT_LIMIT });
const offset = (name: string) => query(name, 'Items to skip', { type: 'integer', minimum: 0, default: 0 });

const parameters = {
  search: query('search', 'Free text over id, name, tags, description and author; prefixes match, and a word that matches nothing stands for the indexed words one or two typos away (see `did_you_mean`). Sorts by relevance unless `sort` is given', {
    type: 'string',
    maxLength: 200,
  }),
  tags: query('tags', 'Comma-separated; a plugin must carry every listed tag', { type: 'string', examples: ['local,self-hosted'] }),
  verified: query('verified', 'Only verified (true) or only unverified (false) plugins', { type: 'string', enum: ['true', 'false'] }),
  sort: query('sort', 'Order; default: relevance with `search`, downloads without', { type: 'string', enum: ['downloads', 'rating', 'updated'] }),
  limit: limit('limit', 1),
  offset: offset('offset'),
  category: query('category', 'Only plugins of this category', { type: 'string', enum: Object.values(Category) }),
  provider_type: query('provider_type', 'Only plugins of this provider type', { type: 'string', maxLength: 64 }),
  capabilities: query('capabilities', `Comma-separated; a plugin must have every listed capability (${CAPABILITY_NAMES.join(', ')})`, { type: 'string' }),
  reviews_limit: limit('reviews_limit', 0),
  reviews_offset: offset('reviews_offset'),
  id: { name: 'id', in: 'path', required: true, description: 'Plugin id', schema: { type: 'string' } },
  version: { name: 'version', in: 'path', required: true, description: 'A published version (semver)', schema: { type: 'string' } },
  ifNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'An ETag from an earlier answer: 304 without a body while it is current',
    schema: { type: 'string' },
  },
};

const headers = {
  ETag: { description: 'Strong validator: changes with any write to the catalog and with the content coding', required: true, schema: { type: 'string' } },
  CacheControl: {
    description: '`public, max-age=60` for anonymous reads; `private, no-cache` with Authorization',
    required: true,
    schema: { type: 'string' },
  },
  Vary: { description: '`Accept-Encoding` where the body may be compressed (br or gzip)', schema: { type: 'string' } },
};
const cachedHeaders = { ETag: { $ref: '#/components/headers/ETag' }, 'Cache-Control': { $ref: '#/components/headers/CacheControl' } };

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

const responses = {
  Unauthorized: errorResponse('No API key, or a bad, expired or revoked one (one vague message)'),
  Forbidden: errorResponse('The key lacks the scope or the caller the role or ownership this needs'),
  Conflict: errorResponse('The request conflicts with the current state (a version already published, a submission already open, a reused Idempotency-Key)'),
  TooManyRequests: {
    description: 'Too many writes (or usage reports from one address); retry after `Retry-After` seconds',
    headers: {
      'Retry-After': { schema: { type: 'string' } },
      'RateLimit-Limit': { schema: { type: 'string' } },
      'RateLimit-Remaining': { schema: { type: 'string' } },
      'RateLimit-Reset': { schema: { type: 'string' } },
    },
    content: { 'application/json': { schema: ref('Error') } },
  },
  NoContent: { description: 'Done' },
  NotModified: { description: 'The representation named by If-None-Match is current; no body', headers: cachedHeaders },
  BadRequest: errorResponse('A bad parameter, or a control character in a path parameter, the query string or the body; `error.details.field` names it'),
  NotFound: errorResponse('No such plugin or version'),
  MethodNotAllowed: errorResponse('The path exists but not for this method; `Allow` lists the methods'),
  PayloadTooLarge: errorResponse('The request body is larger than the server accepts'),
  UnsupportedMediaType: errorResponse('A request body that is not JSON'),
  Error: errorResponse('Any other error (500 never carries internals)'),
};

const json = (schema: unknown, description: string) => ({
  description,
  headers: { ...cachedHeaders, Vary: { $ref: '#/components/headers/Vary' } },
  content: { 'application/json': { schema } },
});
const r = (name: string) => ({ $ref: `#/components/responses/${name}` });
const p = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const bearer = [{ bearer: [] }];
const body = (schema: unknown) => ({ required: true, content: { 'application/json': { schema } } });
const plain = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
/** The answers every write may give besides its success. */
const writeErrors = { '400': r('BadRequest'), '401': r('Unauthorized'), '403': r('Forbidden'), '404': r('NotFound'), '413': r('PayloadTooLarge'), '415': r('UnsupportedMediaType'), '429': r('TooManyRequests'), default: r('Error') };
const submissionAction = (operationId: string, summary: string) => ({
  post: {
    operationId,
    tags: ['publishing'],
    summary,
    description: 'A key with the review scope, of a reviewer or admin who neither submitted the submission nor owns or maintains its plugin (403 otherwise).',
    security: bearer,
    parameters: [{ name: 'submission', in: 'path', required: true, schema: { type: 'string' } }],
    requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { notes: { type: 'string' } } } } } },
    responses: { '200': plain(ref('SubmissionStatus'), 'The submission after the action'), '409': r('Conflict'), ...writeErrors },
  },
});

const registryGet = (operationId: string) => ({
  get: {
    operationId,
    tags: ['registry.json'],
    summary: "The whole catalog in Loom's registry.json format",
    description:
      'What Loom’s Go registry client reads from a source: every installable plugin, each entry describing its current version, with `install.manifest_url` ' +
      'naming the registry’s immutable manifest snapshot and `install.sha256` its checksum. Rebuilt after a catalog change; while a rebuild runs, readers ' +
      'wait at most REGISTRY_FRESH_WAIT_MS (250 ms) for it and otherwise get the previous document (stale-while-revalidate). gzip or br when accepted (identity while a new ' +
      'catalog is first compressed). Also answered at `//registry.json`, which Loom requests for a source URL written with a trailing slash.',
    parameters: [p('ifNoneMatch')],
    responses: { '200': json(ref('RegistryDocument'), 'The catalog'), '304': r('NotModified'), '400': r('BadRequest'), default: r('Error') },
  },
});

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Loom Plugin Registry REST API',
    version: '1.0.0',
    description: [
      'The REST face of the registry (the GraphQL API at /graphql covers the same catalog).',
      '',
      'Every error is `{"error": {"code", "message", "details"}}`: 400 names the bad parameter, 404 an unknown plugin or version,',
      '405 a method the path does not take (with `Allow`), 413 an oversized body, 415 a body that is not JSON.',
      'Every successful GET carries a strong ETag; If-None-Match answers 304. CORS is open to every origin.',
    ].join('\n'),
    license: { name: 'MIT', identifier: 'MIT' },
  },
  tags: [{ name: 'plugins' }, { name: 'publishing' }, { name: 'usage' }, { name: 'registry.json' }, { name: 'meta' }],
  paths: {
    '/api/v1/plugins': {
      get: {
        operationId: 'listPlugins',
        tags: ['plugins'],
        summary: 'Search and list plugins',
        parameters: ['search', 'tags', 'verified', 'sort', 'limit', 'offset', 'category', 'provider_type', 'capabilities', 'ifNoneMatch'].map(p),
        responses: { '200': json(ref('PluginList'), 'A page of plugins'), '304': r('NotModified'), '400': r('BadRequest'), default: r('Error') },
      },
      post: {
        operationId: 'submitPlugin',
        tags: ['publishing'],
        summary: 'Submit a plugin or a new version for review (scope publish)',
        security: bearer,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'A retry with the same key replays the first answer', schema: { type: 'string' } }],
        requestBody: body(ref('Submission')),
        responses: { '202': { ...plain(ref('SubmissionReceipt'), 'Accepted for review; `Location` names the submission'), headers: { Location: { schema: { type: 'string' } } } }, '409': r('Conflict'), ...writeErrors },
      },
    },
    '/api/v1/plugins/{id}': {
      get: {
        operationId: 'getPlugin',
        tags: ['plugins'],
        summary: 'One plugin with its versions, statistics and latest reviews',
        parameters: ['id', 'reviews_limit', 'reviews_offset', 'ifNoneMatch'].map(p),
        responses: {
          '200': json(ref('PluginDetail'), 'The plugin'),
          '304': r('NotModified'),
          '400': r('BadRequest'),
          '404': r('NotFound'),
          default: r('Error'),
        },
      },
    },
    '/api/v1/plugins/{id}/reviews': {
      get: {
        operationId: 'listReviews',
        tags: ['plugins'],
        summary: 'Visible reviews of a plugin, newest first',
        parameters: ['id', 'limit', 'offset', 'ifNoneMatch'].map(p),
        responses: {
          '200': json(ref('ReviewList'), 'A page of reviews'),
          '304': r('NotModified'),
          '400': r('BadRequest'),
          '404': r('NotFound'),
          default: r('Error'),
        },
      },
      post: {
        operationId: 'reviewPlugin',
        tags: ['plugins'],
        summary: 'Write or edit your review (owners and maintainers may not; the key needs the publish scope)',
        security: bearer,
        parameters: [p('id')],
        requestBody: body({ type: 'object', required: ['rating'], properties: { rating: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } } }),
        responses: { '200': plain(ref('Review'), 'Your review'), ...writeErrors },
      },
      delete: {
        operationId: 'deleteReview',
        tags: ['plugins'],
        summary: 'Delete your review (the key needs the publish scope)',
        security: bearer,
        parameters: [p('id')],
        responses: { '204': r('NoContent'), ...writeErrors },
      },
    },
    '/api/v1/plugins/{id}/installs': {
      post: {
        operationId: 'reportInstall',
        tags: ['usage'],
        summary: 'Report an installation (the CLI sends X-Loom-Install-Id)',
        parameters: [p('id')],
        requestBody: body({ type: 'object', required: ['version'], properties: { version: { type: 'string' } } }),
        responses: { '204': r('NoContent'), ...writeErrors },
      },
      delete: {
        operationId: 'reportUninstall',
        tags: ['usage'],
        summary: 'Report an uninstallation',
        parameters: [p('id')],
        responses: { '204': r('NoContent'), ...writeErrors },
      },
    },
    '/api/v1/telemetry': {
      post: {
        operationId: 'reportTelemetry',
        tags: ['usage'],
        summary: 'Opt-in error counts for one plugin version',
        requestBody: body({
          type: 'object',
          required: ['plugin_id', 'version', 'requests', 'errors'],
          properties: { plugin_id: { type: 'string' }, version: { type: 'string' }, requests: { type: 'integer', minimum: 0 }, errors: { type: 'integer', minimum: 0 } },
        }),
        responses: { '202': plain({ type: 'object', properties: { accepted: { type: 'boolean' } } }, 'Counted with the next flush'), ...writeErrors },
      },
    },
    '/api/v1/submissions/{submission}': {
      get: {
        operationId: 'getSubmission',
        tags: ['publishing'],
        summary: 'Submission status, with the automated checks (submitter, reviewers, admins; 404 to others)',
        security: bearer,
        parameters: [{ name: 'submission', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': plain(ref('SubmissionStatus'), 'The submission'), '400': r('BadRequest'), '401': r('Unauthorized'), '404': r('NotFound'), default: r('Error') },
      },
      put: {
        operationId: 'resubmit',
        tags: ['publishing'],
        summary: 'Send a corrected submission after changes were requested',
        security: bearer,
        parameters: [{ name: 'submission', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: body(ref('Submission')),
        responses: { '200': plain(ref('SubmissionStatus'), 'Queued for checks again'), '409': r('Conflict'), ...writeErrors },
      },
      delete: {
        operationId: 'withdrawSubmission',
        tags: ['publishing'],
        summary: 'Withdraw a submission still under way (pending_review, in_review or changes_requested): it ends `withdrawn` and frees its id@version',
        description: 'The submitter only: reviewers and admins get 403, anyone else 404; a decided submission answers 409.',
        security: bearer,
        parameters: [{ name: 'submission', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': plain(ref('SubmissionStatus'), 'The withdrawn submission'), '409': r('Conflict'), ...writeErrors },
      },
    },
    '/api/v1/submissions/{submission}/claim': submissionAction('claimSubmission', 'Reviewers: take a pending submission'),
    '/api/v1/submissions/{submission}/approve': submissionAction('approveSubmission', 'Reviewers: approve and publish'),
    '/api/v1/submissions/{submission}/reject': submissionAction('rejectSubmission', 'Reviewers: reject, with notes'),
    '/api/v1/submissions/{submission}/request-changes': submissionAction('requestChanges', 'Reviewers: send back for changes, with notes'),
    '/api/v1/plugins/{id}/versions/{version}/manifest': {
      get: {
        operationId: 'getManifest',
        tags: ['plugins'],
        summary: 'The plugin.yaml of a published version, as published',
        description: 'Sent uncompressed, so `ETag` and `Repr-Digest` are the sha256 of exactly the bytes of the body. A GET counts one download (once per client per version per UTC day); a HEAD counts none.',
        parameters: ['id', 'version', 'ifNoneMatch'].map(p),
        responses: {
          '200': {
            description: 'The manifest',
            headers: {
              ETag: { description: 'The sha256 of the body, hex, quoted', required: true, schema: { type: 'string', pattern: '^"[0-9a-f]{64}"$' } },
              'Repr-Digest': { description: 'RFC 9530: `sha-256=:<base64 of the sha256>:`', required: true, schema: { type: 'string' } },
              'Cache-Control': { $ref: '#/components/headers/CacheControl' },
            },
            content: { 'application/yaml': { schema: { type: 'string' } } },
          },
          '304': r('NotModified'),
          '400': r('BadRequest'),
          '404': r('NotFound'),
          default: r('Error'),
        },
      },
    },
    '/registry.json': registryGet('getRegistry'),
    '/api/v1/registry.json': registryGet('getRegistryV1'),
    '/api/v1/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        tags: ['meta'],
        summary: 'This document',
        parameters: [p('ifNoneMatch')],
        responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 document'), '304': r('NotModified'), '400': r('BadRequest'), default: r('Error') },
      },
    },
  },
  components: { schemas, parameters, headers, responses, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: loom_…' } } },
};

const text = JSON.stringify(OPENAPI);

/** Names the shape of every REST representation: part of their ETags, so a changed API never matches an old ETag. */
export const OPENAPI_REVISION = createHash('sha256').update(text).digest('base64url').slice(0, 12);

export function registerOpenApiRoute(server: FastifyInstance, frontDoor: FrontDoor): void {
  const path = '/api/v1/openapi.json';
  const rep = new Representation(`openapi-${OPENAPI_REVISION}`, 'application/json; charset=utf-8', Buffer.from(text));
  resource(server, path, { GET: async (request, reply) => sendRepresentation(request, reply, rep) }, { compress: false });
  frontDoor.serve((url) => (url === path ? { rep, route: path } : undefined));
}
