import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BadInputError } from '../errors.js';

/**
 * Query-string parameters arrive as strings. Each helper states what it accepts in its message, which
 * reaches the caller as `<name>: <message>` with `details.field` naming the parameter.
 */

export const MAX_OFFSET = 999_999_999;

export function integer(min: number, max: number) {
  const message = max === MAX_OFFSET ? `must be an integer of at least ${min}` : `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: message });
}

export const boolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** A comma-separated list; empty items are dropped. */
export function list<T extends z.ZodType<string, string>>(item: T) {
  return z
    .string()
    .transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(item));
}

/** Parses a route's query against a strict schema: unknown, repeated or malformed parameters are a 400 naming them. */
export function parseQuery<S extends z.ZodObject>(schema: S, query: unknown): z.output<S> {
  const raw = (query ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) if (Array.isArray(value)) throw new BadInputError(name, 'given more than once');
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    throw new BadInputError(issue.keys[0], `unknown parameter; this route takes ${Object.keys(schema.shape).join(', ')}`);
  }
  throw new BadInputError(String(issue.path[0]), issue.message);
}

/** A JSON object request body (none counts as empty); anything else is a 400 naming the body. */
export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new BadInputError('body', 'must be a JSON object');
  return value as Record<string, unknown>;
}
