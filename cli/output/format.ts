/** 15420 → "15.4k": counts for people; --json keeps the exact number. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

export function rating(value: number, count: number): string {
  return count === 0 ? '-' : value.toFixed(1);
}

export function day(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}
