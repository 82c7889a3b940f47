import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { CATEGORY_NAMES } from '../../domain/plugin.js';

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

export const sortOption = (description: string) => new Option('--sort <key>', description).choices(['relevance', 'downloads', 'rating', 'updated', 'quality']);

/** `--min-quality <0-100>` and `--tested`: the current version's quality, as a registry server assessed it. */
export const minQualityOption = () =>
  new Option('--min-quality <score>', "only plugins whose current version's quality score is at least this (0-100; registry servers only)").argParser(parseQuality);
export const testedOption = () => new Option('--tested', 'only plugins whose current version passed the conformance tests (registry servers only)');

function parseQuality(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 100) throw new InvalidArgumentError('a whole number from 0 to 100');
  return n;
}

export const categoryOption = () => new Option('--category <name>', 'only plugins of this category').choices(CATEGORY_NAMES);

/**
 * For the default subcommand of a group (`sources` runs `sources list`): a word it was given is a mistyped
 * subcommand (`sources lst`), refused as commander refuses an unknown command, with the nearest name.
 */
export async function refuseUnknownSubcommand(group: Command, words: string[]): Promise<void> {
  if (words.length === 0) return;
  const { closest } = await import('fastest-levenshtein');
  const names = group.commands.map((c) => c.name());
  throw new UsageError(`unknown command '${group.name()} ${words[0]}'`, `did you mean "${group.name()} ${closest(words[0], names)}"? (${names.join(', ')})`);
}
