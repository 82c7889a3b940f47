import type { Command } from 'commander';
import type { Context } from '../context.js';
import { out, printJson } from '../output/io.js';
import { examples, jsonOption } from './common.js';

export function registerRemove(plugin: Command, ctx: Context): void {
  plugin
    .command('remove')
    .alias('uninstall')
    .description('remove an installed plugin (its folder and its installed.json entry)')
    .argument('<id>', 'the installed plugin')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin remove openai-plugin', 'loom plugin remove openai-plugin --json'))
    .action(async (id: string, options: { json?: boolean }) => {
      const { remove } = await import('../install/remove.js');
      const removed = await remove(ctx, id);
      if (options.json) return printJson(ctx.io, { removed });
      out(ctx.io, `Removed ${id}${removed.version ? ` ${removed.version}` : ''}.`);
    });
}
