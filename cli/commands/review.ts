import { InvalidArgumentError, type Command } from 'commander';
import type { RatePluginMutation } from '../../client/gql/graphql.js';
import type { Context } from '../context.js';
import { done, printJson } from '../output/io.js';
import { examples, jsonOption } from './common.js';

export function parseRating(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5) throw new InvalidArgumentError('a whole number from 1 to 5');
  return n;
}

/** `source/id` sends the review to that source; a plain id to --source or the first registry server. */
export function target(ref: string, source: string | undefined): { source: string | undefined; id: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { source, id: ref } : { source: ref.slice(0, slash), id: ref.slice(slash + 1) };
}

export function printReview(ctx: Context, json: boolean | undefined, id: string, source: string, review: RatePluginMutation['ratePlugin']): void {
  const result = { plugin_id: id, source, rating: review.rating, comment: review.comment, installed: review.installed, updated_at: review.updatedAt };
  if (json) return printJson(ctx.io, { review: result });
  done(ctx.io, `Rated ${id} ${review.rating}/5 on ${source}${review.comment ? `: "${review.comment}"` : ''}.`);
}

export function registerReview(plugin: Command, ctx: Context): void {
  plugin
    .command('review')
    .description('write or edit your review of a plugin (needs an API key: loom plugin login)')
    .argument('<id>', 'plugin id, or source/id')
    .requiredOption('--rating <n>', 'your rating, 1-5', parseRating)
    .requiredOption('--comment <text>', 'what works well, what does not')
    .option('--source <name>', 'the registry (default: the first registry server)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin review openai-plugin --rating 5 --comment "Excellent plugin, works perfectly!"', 'loom plugin review enterprise/internal-llm --rating 3 --comment "Slow to start" --json'))
    .action(async (ref: string, options: { rating: number; comment: string; source?: string; json?: boolean }) => {
      const { source, id } = target(ref, options.source);
      const server = ctx.server(source);
      printReview(ctx, options.json, id, server.config.name, await server.review(id, options.rating, options.comment));
    });
}
