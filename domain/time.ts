/** The latest instant RFC 3339's four-digit year can write (9999-12-31T23:59:59Z), in milliseconds. */
const LAST_MS = 253402300800000;

/**
 * RFC 3339 in whole seconds (UTC, `Z`), as Loom's own registry writes timestamps. A date that is no date, before
 * 1970 or past year 9999 is the epoch; a string is an ISO timestamp (as GraphQL's DateTime answers it).
 */
export function rfc3339(value: Date | string): string {
  const ms = new Date(value).getTime();
  return new Date(Number.isFinite(ms) && ms >= 0 && ms < LAST_MS ? ms : 0).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
