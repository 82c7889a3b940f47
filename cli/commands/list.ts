import type { Command } from 'commander';
import type { Context } from '../context.js';
import { checkInstalled, readLock, warnSharedProviderTypes } from '../install/lock.js';
import { note, out, printJson, type Io } from '../output/io.js';
import { compactCount, day, rating } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { searchAll, type Listed } from '../sources/catalog.js';
import { examples, jsonOption } from './common.js';

export function pluginTable(io: Io, plugins: Listed[]): string {
  return renderTable(io, [
    { header: 'ID', value: (p) => p.id, style: (p) => (p.verified ? 'green' : undefined) },
    { header: 'VERSION', value: (p) => p.version },
    { header: 'DOWNLOADS', value: (p) => compactCount(p.downloads), align: 'right' },
    { header: 'RATING', value: (p) => rating(p.rating, p.reviews), align: 'right' },
    { header: 'SOURCE', value: (p) => p.source },
    { header: 'DESCRIPTION', value: (p) => (p.verified ? `✓ ${p.description}` : p.description), flex: true },
  ], plugins);
}

interface Options {
  installed?: boolean;
  source?: string;
  json?: boolean;
}

export function registerList(plugin: Command, ctx: Context): void {
  plugin
    .command('list')
    .description('list every plugin of the enabled sources, or (--installed) what is installed')
    .option('--installed', `list the installed plugins (<LOOM_HOME>/plugins/installed.json)`)
    .option('--source <name>', 'list only this source')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin list', 'loom plugin list --source local', 'loom plugin list --installed --json'))
    .action(async (options: Options) => {
      if (options.installed) {
        const lock = readLock(ctx.paths.lock);
        const installed = checkInstalled(ctx.io, ctx.paths.plugins, lock);
        warnSharedProviderTypes(ctx.io, lock);
        if (options.json) return printJson(ctx.io, { installed });
        if (installed.length === 0) return note(ctx.io, 'No plugins installed. Find one with "loom plugin search <words>".');
        out(
          ctx.io,
          renderTable(ctx.io, [
            { header: 'ID', value: (p) => p.id },
            { header: 'VERSION', value: (p) => p.version },
            { header: 'PINNED', value: (p) => p.requested ?? '' },
            { header: 'SOURCE', value: (p) => p.source },
            { header: 'INSTALLED', value: (p) => day(p.installed_at) },
            { header: 'FILE', value: (p) => p.status, style: (p) => (p.status === 'ok' ? undefined : 'yellow') },
            { header: 'FROM', value: (p) => p.source_url, flex: true },
          ], installed),
        );
        return;
      }
      const merged = await searchAll(ctx, {}, options.source);
      if (options.json) return printJson(ctx.io, merged);
      if (merged.plugins.length === 0) return note(ctx.io, 'The enabled sources list no plugins. See "loom plugin sources list".');
      out(ctx.io, pluginTable(ctx.io, merged.plugins));
    });
}
