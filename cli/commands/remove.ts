import type { Command } from 'commander';
import type { Context } from '../context.js';
import { done, note, out, printJson } from '../output/io.js';
import { examples, jsonOption, plural } from './common.js';

export function registerRemove(plugin: Command, ctx: Context): void {
  plugin
    .command('remove')
    .aliases(['uninstall', 'rm'])
    .description('remove an installed plugin (its folder and its installed.json entry); refused while other installed plugins need it')
    .argument('<id>', 'the installed plugin (or source/id, as install takes it)')
    .option('--force', 'remove it even though other installed plugins need it')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin remove openai-plugin', 'loom plugin remove openai-plugin --force   # even while router-plugin needs it', 'loom plugin remove openai-plugin --json', 'loom plugin autoremove                     # then the dependencies nothing needs'))
    .action(async (ref: string, options: { json?: boolean; force?: boolean }) => {
      const { remove } = await import('../install/remove.js');
      const id = ref.slice(ref.indexOf('/') + 1);
      const removed = await remove(ctx, id, options);
      if (options.json) return printJson(ctx.io, { removed });
      done(ctx.io, `Removed ${id}${removed.version ? ` ${removed.version}` : ''}`);
    });

  plugin
    .command('autoremove')
    .description('remove the plugins installed as dependencies that no plugin you installed needs any more')
    .option('--dry-run', 'say what would be removed, changing nothing')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin autoremove --dry-run', 'loom plugin autoremove', 'loom plugin autoremove --json'))
    .action(async (options: { json?: boolean; dryRun?: boolean }) => {
      const { autoremove } = await import('../install/remove.js');
      const removed = await autoremove(ctx, options);
      if (options.json) return printJson(ctx.io, { removed, ...(options.dryRun ? { dry_run: true } : {}) });
      if (removed.length === 0) return note(ctx.io, 'Nothing to remove: every installed dependency is needed.');
      for (const r of removed) {
        if (options.dryRun) out(ctx.io, `  - ${r.id} ${r.version} would be removed`);
        else done(ctx.io, `Removed ${r.id} ${r.version}`);
      }
      if (options.dryRun) note(ctx.io, `${plural(removed.length, 'plugin')} nothing needs (dry run: nothing changed).`);
    });
}
