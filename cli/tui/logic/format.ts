export { compactCount, wrap } from '../../output/format.js';

/** 4.3 → "★★★★☆": whole stars, rounded to the nearest; unrated plugins show dots so columns stay aligned. */
export function stars(rating: number, count = 1): string {
  if (count === 0) return '·····';
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return '★'.repeat(full) + '☆'.repeat(5 - full);
}

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per count, scaled to the largest; an all-zero series stays flat on the lowest bar. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((n) => (max === 0 ? BARS[0] : BARS[Math.round((Math.max(0, n) / max) * (BARS.length - 1))])).join('');
}

/** Cuts to `width` cells with an ellipsis; pads to it when `pad` (list columns). */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  const chars = [...text];
  const cut = chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : text;
  return pad ? cut.padEnd(width) : cut;
}
