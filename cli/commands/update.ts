import type { Command } from 'commander';
import type { Context } from '../context.js';
import { note, out, paint, printJson } from '../output/io.js';
import { examples, jsonOption } from './common.js';

export function registerUpdate(plugin: Command, ctx: Context): void {
  plugin
    .command('update')
    .description('update one installed plugin, or all, to the newest version their pins allow')
    .argument('[id]', 'the plugin to update (default: every installed plugin)')
    .option('--latest', 'move past an explicit @version pin to the newest release (and drop the pin)')
    .option('--pre', 'consider pre-releases')
    .option('--require-signatures', 'refuse a source that offers no signed metadata (docs/trust.md)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin update', 'loom plugin update openai-plugin', 'loom plugin update openai-plugin --latest', 'loom plugin update --json'))
    .action(async (id: string | undefined, options: { latest?: boolean; pre?: boolean; json?: boolean; requireSignatures?: boolean }) => {
      ctx.requireSignatures ||= options.requireSignatures === true;
      const { update } = await import('../install/update.js');
      const rows = await update(ctx, id, options);
      if (rows.some((r) => r.status === 'failed')) ctx.exitCode = 1;
      if (options.json) return printJson(ctx.io, { updates: rows });
      if (rows.length === 0) return note(ctx.io, 'No plugins installed. Find one with "loom plugin search <words>".');
      const c = ctx.io.color;
      for (const r of rows) {
        if (r.converted) out(ctx.io, `  ${r.id}: rewrote the plugin.yaml an older loom wrote as plugin.json, which Loom loads`);
        if (r.status === 'updated') out(ctx.io, `${paint(c, 'green', '↑')} ${r.id} ${r.from} → ${r.to}`);
        else if (r.status === 'current') out(ctx.io, `  ${r.id} ${r.from} is up to date`);
        else if (r.status === 'pinned') out(ctx.io, `  ${r.id} ${r.from} ${r.message}`);
        else out(ctx.io, `${paint(c, 'red', '✗')} ${r.id} ${r.from}: ${r.message}`);
      }
    });
}
