import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { out, printJson } from '../output/io.js';
import { examples, jsonOption, parseList } from './common.js';

export function registerAddLocal(plugin: Command, ctx: Context): void {
  plugin
    .command('add-local')
    .description('add or update a plugin in your local registry (<LOOM_HOME>/registry/registry.json)')
    .requiredOption('--id <id>', 'the plugin id (lowercase letters, digits and hyphens)')
    .requiredOption('--manifest <path>', 'its plugin.yaml (or .json); metadata is read from it')
    .option('--tags <a,b>', 'tags to list it under (default: "local", or the tags it had)', parseList)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'loom plugin add-local --id my-local-plugin --manifest ./plugin.yaml',
        'loom plugin list --source local',
        'loom plugin install local/my-local-plugin',
      ),
    )
    .action(async (options: { id: string; manifest: string; tags?: string[]; json?: boolean }) => {
      const { PLUGIN_ID_PATTERN } = await import('../../domain/plugin.js');
      if (!PLUGIN_ID_PATTERN.test(options.id)) throw new UsageError(`"${options.id}" is not a plugin id`, 'use 2-64 lowercase letters, digits and hyphens, e.g. my-local-plugin');
      const { addLocal } = await import('../sources/local-registry.js');
      const result = await addLocal(ctx, options.id, options.manifest, options.tags ?? []);
      if (options.json) return printJson(ctx.io, result);
      out(ctx.io, `${result.created ? 'Added' : 'Updated'} ${result.entry.id} ${result.entry.version} in ${result.file}`);
      out(ctx.io, `Install it with: loom plugin install ${result.entry.id}`);
    });
}
