/** Statistics count in UTC days, written `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

/** The day `n` days before `from` (0 = that same day). */
export function daysBefore(n: number, from: Date = new Date()): string {
  return utcDay(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() - n)));
}

/** The `days` UTC days ending today, oldest first. */
export function lastDays(days: number, now: Date = new Date()): string[] {
  return Array.from({ length: days }, (_, i) => daysBefore(days - 1 - i, now));
}

/** The first year a day may name: no count is older than the Unix epoch. */
export const FIRST_YEAR = 1970;

/** The last year a day may name: next year, so a range may end ahead of today, but never in year 10000 and beyond. */
export function lastYear(now: Date = new Date()): number {
  return now.getUTCFullYear() + 1;
}

/** Whether `value` is `YYYY-MM-DD` naming a real UTC day (no 2026-02-31) from FIRST_YEAR to lastYear(). */
export function isUtcDay(value: string, now: Date = new Date()): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  // month 13 or day 32 parse to no time at all (NaN), which has no ISO form
  const time = Date.parse(`${value}T00:00:00Z`);
  return year >= FIRST_YEAR && year <= lastYear(now) && Number.isFinite(time) && utcDay(new Date(time)) === value;
}

/** How many days from `from` to `to`, both included (two valid days, `from` first). */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
}

/** The UTC days from `from` to `to`, both included, oldest first: counted, not compared as text, so it always ends. */
export function dayRange(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: daysBetween(from, to) }, (_, i) => utcDay(new Date(start + i * DAY_MS)));
}
