import { InvalidArgumentError, type Command } from 'commander';
import type { RatePluginMutation } from '../../client/gql/graphql.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { done, printJson } from '../output/io.js';
import { ask, editText } from '../output/prompt.js';
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

interface ReviewOptions {
  rating?: number;
  comment?: string;
  source?: string;
  json?: boolean;
}

/** On a terminal, asks for what the flags did not give: the rating on stderr, the comment in $VISUAL / $EDITOR. */
async function complete(ctx: Context, id: string, options: ReviewOptions): Promise<{ rating: number; comment: string }> {
  const missing = [options.rating === undefined && "'--rating <n>'", options.comment === undefined && "'--comment <text>'"].filter(Boolean);
  if (missing.length && (!ctx.io.interactive || options.json)) {
    throw new UsageError(`required option${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} not specified`, 'give both flags, or run it on a terminal to be asked for them');
  }
  const rating = options.rating ?? (await ask(ctx.io, `Rating for ${id} (1-5): `, 'rating', parseRating));
  const comment =
    options.comment ??
    (await editText(ctx.env, `\n# Your review of ${id} (rated ${rating}/5): what works well, what does not.\n# Lines starting with # are left out. An empty review sends nothing.\n`, 'REVIEW.md'));
  if (!comment) throw new UsageError('the review is empty; nothing was sent', `to leave only a rating: loom plugin rate ${id} --rating ${rating}`);
  return { rating, comment };
}

export function registerReview(plugin: Command, ctx: Context): void {
  plugin
    .command('review')
    .description('write or edit your review of a plugin (needs an API key: loom plugin login)')
    .argument('<id>', 'plugin id, or source/id')
    .option('--rating <n>', 'your rating, 1-5 (asked for on a terminal when left out)', parseRating)
    .option('--comment <text>', 'what works well, what does not (written in $VISUAL / $EDITOR on a terminal when left out)')
    .option('--source <name>', 'the registry (default: the first registry server)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin review openai-plugin --rating 5 --comment "Excellent plugin, works perfectly!"', 'loom plugin review enterprise/internal-llm --rating 3 --comment "Slow to start" --json', '# on a terminal: asks for the rating, then opens $EDITOR for the comment', 'loom plugin review openai-plugin'))
    .action(async (ref: string, options: ReviewOptions) => {
      const { source, id } = target(ref, options.source);
      const server = ctx.server(source);
      const { rating, comment } = await complete(ctx, id, options);
      printReview(ctx, options.json, id, server.config.name, await server.review(id, rating, comment));
    });
}
