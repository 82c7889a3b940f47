/** Statistics count in UTC days, written `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day `n` days before `from` (0 = that same day). */
export function daysBefore(n: number, from: Date = new Date()): string {
  return utcDay(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() - n)));
}

/** The `days` UTC days ending today, oldest first. */
export function lastDays(days: number, now: Date = new Date()): string[] {
  return Array.from({ length: days }, (_, i) => daysBefore(days - 1 - i, now));
}
