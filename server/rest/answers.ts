import { z } from 'zod';
import type { Answer, Responses } from './route.js';

/** The answers many routes share: the document's `components.responses` and `components.headers`, and helpers for the route table. */

export const HEADERS = {
  ETag: { description: 'Strong validator: changes with any write to the catalog and with the content coding', required: true, schema: { type: 'string' } },
  CacheControl: {
    description: '`public, max-age=60` for anonymous reads; `private, no-cache` with Authorization',
    required: true,
    schema: { type: 'string' },
  },
  Vary: { description: '`Accept-Encoding` where the body may be compressed (br or gzip)', schema: { type: 'string' } },
};

const cachedHeaders = { ETag: { $ref: '#/components/headers/ETag' }, 'Cache-Control': { $ref: '#/components/headers/CacheControl' } };

/** Error answers by name; their body is always the `Error` schema. */
export const ERROR_RESPONSES = {
  Unauthorized: 'No API key, or a bad, expired or revoked one (one vague message)',
  Forbidden: 'The key lacks the scope or the caller the role or ownership this needs',
  Conflict: 'The request conflicts with the current state (a version already published, a submission already open, a reused Idempotency-Key)',
  BadRequest: 'A bad parameter or body field, or a control character in a path parameter, the query string or the body; `error.details.field` names it',
  NotFound: 'No such plugin, version or submission',
  MethodNotAllowed: 'The path exists but not for this method; `Allow` lists the methods',
  PayloadTooLarge: 'The request body is larger than the server accepts',
  UnsupportedMediaType: 'A request body that is not JSON',
  Error: 'Any other error (500 never carries internals)',
} as const;

/** The shared answers that are not errors of the `Error` shape. */
export const OTHER_RESPONSES = {
  TooManyRequests: {
    description: 'Too many writes (or usage reports from one address); retry after `Retry-After` seconds',
    headers: {
      'Retry-After': { schema: { type: 'string' } },
      'RateLimit-Limit': { schema: { type: 'string' } },
      'RateLimit-Remaining': { schema: { type: 'string' } },
      'RateLimit-Reset': { schema: { type: 'string' } },
    },
    error: true,
  },
  NoContent: { description: 'Done' },
  NotModified: { description: 'The representation named by If-None-Match is current; no body', headers: cachedHeaders },
} as const;

export type SharedResponse = keyof typeof ERROR_RESPONSES | keyof typeof OTHER_RESPONSES;

export const r = (name: SharedResponse) => ({ $ref: `#/components/responses/${name}` });

/** A JSON answer kept and revalidated by ETag (the REST reads). */
export const json = (schema: z.ZodType, description: string): Answer => ({
  description,
  schema,
  headers: { ...cachedHeaders, Vary: { $ref: '#/components/headers/Vary' } },
});

/** A JSON answer of a write, never cached. */
export const plain = (schema: z.ZodType, description: string): Answer => ({ description, schema });

/** What a read answers besides its 200: 304 to a current ETag, 400 for a bad parameter, 401 for a bad key. */
export const shared = (ok: Answer): Responses => ({ '200': ok, '304': r('NotModified'), '400': r('BadRequest'), '401': r('Unauthorized'), default: r('Error') });

/** The answers every write may give besides its success. */
export const writeErrors: Responses = {
  '400': r('BadRequest'),
  '401': r('Unauthorized'),
  '403': r('Forbidden'),
  '404': r('NotFound'),
  '413': r('PayloadTooLarge'),
  '415': r('UnsupportedMediaType'),
  '429': r('TooManyRequests'),
  default: r('Error'),
};

export const ifNoneMatch = z.object({
  'if-none-match': z.string().optional().meta({ description: 'An ETag from an earlier answer: 304 without a body while it is current' }),
});
