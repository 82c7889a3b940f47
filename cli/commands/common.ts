import { InvalidArgumentError, Option } from 'commander';
import { CATEGORIES } from '../sources/types.js';

export const jsonOption = () => new Option('--json', 'print JSON for scripts (stable shape; see README "Command line")');

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => (l.startsWith('#') ? `  ${l}` : `  $ ${l}`)).join('\n')}\n`;
}

export function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('a whole number from 1 to 100');
  return n;
}

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

/** "1 star", "2 stars": a count with its noun. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}

export const sortOption = (description: string) => new Option('--sort <key>', description).choices(['relevance', 'downloads', 'rating', 'updated']);

export const categoryOption = () => new Option('--category <name>', 'only plugins of this category').choices(CATEGORIES);
