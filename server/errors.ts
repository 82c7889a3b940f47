import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../domain/error-codes.js';
import type { z } from 'zod';

/**
 * The one error model: every error a caller caused is an AppError with a stable code.
 * GraphQL shows the code as `extensions.code`; REST maps it to an HTTP status.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  /** Response headers that belong with the error (e.g. Retry-After), for REST and GraphQL alike. */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
    // Apollo applies `extensions.http` (then strips it) to the HTTP response: errors that carry headers
    // (rate limits) answer with their status and headers on GraphQL too, as they do on REST.
    const http = headers ? { http: { status: HTTP_STATUS[code], headers: new Map(Object.entries(headers)) } } : {};
    super(message, { extensions: { code, ...(details ? { details } : {}), ...http } });
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

/** A bad argument or parameter; `field` names it so callers can point at the culprit. */
export class BadInputError extends AppError {
  constructor(field: string, message: string) {
    super('BAD_USER_INPUT', `${field}: ${message}`, { field });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} "${id}" not found`, { id });
  }
}

/** The largest row id there can be (PostgreSQL `serial` is a 32-bit integer). */
const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * The row number behind a GraphQL `ID` argument of a numbered entity (API keys, reviews). Anything else names
 * no row, so it is NOT_FOUND: handed to the database as it is (`Number("abc")` is NaN), it would fail there as a 500.
 */
export function rowId(what: string, id: string): number {
  const n = /^[1-9][0-9]{0,9}$/.test(id) ? Number(id) : NaN;
  if (!(n <= MAX_ROW_ID)) throw new NotFoundError(what, id);
  return n;
}

/** Vowel letters that sound like a consonant ("a user", "a unique id"), so they take "a". */
const CONSONANT_SOUND = /^(eu|uni|us[eu]|one\b)/i;

/** "a reviewer", "an admin", "an approved": the article a word needs before it, for messages built around a value. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) && !CONSONANT_SOUND.test(word) ? 'an' : 'a'} ${word}`;
}

/** zod's own words speak of types; a caller wants to hear what is missing, or what a field must be (zod's `error` option). */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'required';
  return `must be ${withArticle(issue.expected)}`;
}
