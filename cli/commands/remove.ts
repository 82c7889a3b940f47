import type { Command } from 'commander';
import type { Context } from '../context.js';
import { done, printJson } from '../output/io.js';
import { examples, jsonOption } from './common.js';

export function registerRemove(plugin: Command, ctx: Context): void {
  plugin
    .command('remove')
    .aliases(['uninstall', 'rm'])
    .description('remove an installed plugin (its folder and its installed.json entry)')
    .argument('<id>', 'the installed plugin (or source/id, as install takes it)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin remove openai-plugin', 'loom plugin remove openai-plugin --json'))
    .action(async (ref: string, options: { json?: boolean }) => {
      const { remove } = await import('../install/remove.js');
      const id = ref.slice(ref.indexOf('/') + 1);
      const removed = await remove(ctx, id);
      if (options.json) return printJson(ctx.io, { removed });
      done(ctx.io, `Removed ${id}${removed.version ? ` ${removed.version}` : ''}`);
    });
}
