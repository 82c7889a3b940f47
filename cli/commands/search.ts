import { InvalidArgumentError, type Command } from 'commander';
import type { Context } from '../context.js';
import { note, out, printJson } from '../output/io.js';
import { step } from '../output/progress.js';
import { searchAll } from '../sources/catalog.js';
import { CAPABILITY_NAMES, isCapabilityName, type CapabilityName } from '../../domain/capabilities.js';
import type { SearchQuery, SortKey } from '../sources/types.js';
import { categoryOption, examples, jsonOption, minQualityOption, parseLimit, parseList, sortOption, testedOption } from './common.js';
import { pluginTable } from './list.js';

/** The query's filters as the sources take them, and what the command adds. */
interface Options extends Pick<SearchQuery, 'tags' | 'verified' | 'category' | 'capabilities' | 'minQuality' | 'tested'> {
  sort?: SortKey | 'relevance';
  limit: number;
  source?: string;
  json?: boolean;
}

export function registerSearch(plugin: Command, ctx: Context): void {
  plugin
    .command('search')
    .description('search every enabled registry source')
    .argument('[query...]', 'words to find in id, name, description, author and tags (none: every plugin, most downloaded first)')
    .option('--tags <a,b>', 'only plugins carrying every one of these tags', parseList)
    .option('--verified', 'only verified plugins')
    .addOption(categoryOption())
    .option('--capabilities <a,b>', `only plugins having every one of these (${CAPABILITY_NAMES.join(', ')})`, parseCapabilities)
    .addOption(minQualityOption())
    .addOption(testedOption())
    .addOption(sortOption('order by (default: relevance; without words: downloads)'))
    .option('--limit <n>', 'at most n results, 1-100', parseLimit, 20)
    .option('--source <name>', 'ask only this source')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples('loom plugin search openai', 'loom plugin search --sort rating --limit 10      # no words: the whole catalog', 'loom plugin search llm --tags local,self-hosted --sort rating', 'loom plugin search embeddings --verified --limit 5 --json', 'loom plugin search chat --category community --capabilities vision,streaming', 'loom plugin search --tested --min-quality 80 --sort quality'),
    )
    .action(async (words: string[], options: Options) => {
      const text = words.join(' ').trim();
      const { tags, verified, category, capabilities, minQuality, tested, limit } = options;
      const sort = options.sort === 'relevance' ? undefined : (options.sort ?? (text ? undefined : 'downloads'));
      const merged = await step(ctx.io, text ? `Searching for "${text}"` : 'Listing plugins', searchAll(ctx, { text, tags, verified, category, capabilities, minQuality, tested, sort, limit }, options.source));
      if (options.json) return printJson(ctx.io, merged);
      const suggestion = merged.didYouMean ? ` Did you mean "${merged.didYouMean}"?` : '';
      const matching = text ? ` match "${text}"` : '';
      if (merged.plugins.length === 0) {
        const filters = [tags && `--tags ${tags.join(',')}`, verified && '--verified', category && `--category ${category}`, capabilities && `--capabilities ${capabilities.join(',')}`, minQuality !== undefined && `--min-quality ${minQuality}`, tested && '--tested'].filter(Boolean);
        note(
          ctx.io,
          filters.length
            ? `No plugins${matching} with ${filters.join(' ')}.${suggestion} Try without some of these filters${text ? ', or fewer words' : ''}.`
            : `No plugins${matching}.${suggestion} Try fewer words, or "loom plugin list" to see everything.`,
        );
        return;
      }
      if (merged.didYouMean) note(ctx.io, `Did you mean "${merged.didYouMean}"? Nothing matches "${text}" as typed: showing matches for "${merged.didYouMean}".`);
      out(ctx.io, pluginTable(ctx.io, merged.plugins));
      const total = merged.sources.reduce((n, s) => n + (s.matches ?? 0), 0);
      if (total > merged.plugins.length) note(ctx.io, `Showing ${merged.plugins.length} of ${total} ${text ? 'matches' : 'plugins'}; --limit shows more (up to 100), "loom plugin list --all" every one.`);
    });
}

function parseCapabilities(value: string): CapabilityName[] {
  const names = parseList(value).map((name) => name.replaceAll('-', '_'));
  const unknown = names.filter((name) => !isCapabilityName(name));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown capability "${unknown[0]}"; one of ${CAPABILITY_NAMES.join(', ')}`);
  return names as CapabilityName[];
}
