import type { Command } from 'commander';
import type { Context } from '../context.js';
import { examples, jsonOption } from './common.js';
import { parseRating, printReview, target } from './review.js';

export function registerRate(plugin: Command, ctx: Context): void {
  plugin
    .command('rate')
    .description('rate a plugin 1-5, keeping your review comment if you wrote one (needs an API key: loom plugin login)')
    .argument('<id>', 'plugin id, or source/id')
    .requiredOption('--rating <n>', 'your rating, 1-5', parseRating)
    .option('--source <name>', 'the registry (default: the first registry server)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin rate openai-plugin --rating 5', 'loom plugin rate openai-plugin --rating 4 --json'))
    .action(async (ref: string, options: { rating: number; source?: string; json?: boolean }) => {
      const { source, id } = target(ref, options.source);
      const server = ctx.server(source);
      printReview(ctx, options.json, id, server.config.name, await server.rate(id, options.rating));
    });
}
