import type { PluginDetails } from '../sources/types.js';

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

/** Word-wraps to `width` cells: each paragraph on its own lines, a word longer than a line cut across lines. */
export function wrap(text: string, width: number): string[] {
  const size = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = [...word];
      if (line && [...line].length + 1 + rest.length <= size) {
        line += ` ${word}`;
        continue;
      }
      if (line) lines.push(line);
      while (rest.length > size) {
        lines.push(rest.slice(0, size).join(''));
        rest = rest.slice(size);
      }
      line = rest.join('');
    }
    lines.push(line);
  }
  return lines;
}

/** `89% (8 of 9; missing: docker-pinned)`: the registry's checklist of the version, in a line. */
export function qualityLine(quality: PluginDetails['quality']): string {
  if (!quality) return '';
  const missing = quality.items.filter((i) => !i.passed).map((i) => i.id);
  return `${quality.score}% (${quality.items.length - missing.length} of ${quality.items.length}${missing.length ? `; missing: ${missing.join(', ')}` : ''})`;
}
