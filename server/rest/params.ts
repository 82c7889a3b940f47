import { z } from 'zod';

/**
 * Query-string parameters arrive as strings. Each helper states what it accepts in its message, which
 * reaches the caller as `<name>: <message>` with `details.field` naming the parameter, and documents itself
 * as the value it stands for (an integer, a list) in the generated OpenAPI document.
 */

export const MAX_OFFSET = 999_999_999;

export function integer(min: number, max: number) {
  const message = max === MAX_OFFSET ? `must be an integer of at least ${min}` : `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: message })
    .meta({ type: 'integer', minimum: min, ...(max === MAX_OFFSET ? {} : { maximum: max }), pattern: undefined });
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

/** A page size from `min` to `max`, `defaultSize` unless given. */
export const pageSize = (min: number, max: number, defaultSize: number) =>
  integer(min, max).default(defaultSize).meta({ description: `Page size, ${min} to ${max}` });

/** Items to skip. */
export const pageOffset = () => integer(0, MAX_OFFSET).default(0).meta({ description: 'Items to skip' });
