import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { importTui } from '../tui/load.js';
import { examples } from './common.js';

/** Opens the terminal UI; Ink and React load only here, so the other commands start without them. */
export async function openBrowser(ctx: Context, words: string[] = []): Promise<void> {
  if (!ctx.io.stdin.isTTY || !ctx.io.stdout.isTTY) {
    throw new UsageError('loom plugin browse needs an interactive terminal', 'in scripts and pipes use "loom plugin search <words>" (add --json for machine-readable output)');
  }
  const { browse } = await importTui(() => import('../tui/browse.js'));
  await browse({ env: ctx.env, cwd: ctx.cwd, color: ctx.io.color, query: words.join(' ') });
}

export function registerBrowse(plugin: Command, ctx: Context): void {
  plugin
    .command('browse')
    .description('browse, search, inspect, install and review plugins in a full-screen terminal UI (? shows the keys)')
    .argument('[query...]', 'words to start with in the search box')
    .addHelpText('after', examples('loom plugin browse', 'loom plugin browse embeddings', 'loom          # with no arguments, in a terminal, opens the same UI'))
    .action((words: string[]) => openBrowser(ctx, words));
}
