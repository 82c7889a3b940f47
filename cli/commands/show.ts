import type { Command } from 'commander';
import type { Context } from '../context.js';
import { readLock } from '../install/lock.js';
import { out, paint, printJson } from '../output/io.js';
import { compactCount, day, rating, wrap } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { findPlugin } from '../sources/catalog.js';
import type { PluginDetails } from '../sources/types.js';
import { examples, jsonOption } from './common.js';

/** `89% (8 of 9; missing: docker-pinned)`: the registry's checklist of the version, in a line. */
function qualityLine(quality: PluginDetails['quality']): string {
  if (!quality) return '';
  const missing = quality.items.filter((i) => !i.passed).map((i) => i.id);
  return `${quality.score}% (${quality.items.length - missing.length} of ${quality.items.length}${missing.length ? `; missing: ${missing.join(', ')}` : ''})`;
}

export function registerShow(plugin: Command, ctx: Context): void {
  plugin
    .command('show')
    .description('show one plugin: details, versions, statistics, and whether it is installed')
    .argument('<id>', 'plugin id, or source/id to ask one source')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin show openai-plugin', 'loom plugin show local/my-plugin', 'loom plugin show openai-plugin --json'))
    .action(async (ref: string, options: { json?: boolean }) => {
      const { source, details } = await findPlugin(ctx, ref);
      const { entry, versions } = details;
      const installed = readLock(ctx.paths.lock).find((p) => p.id === entry.id) ?? null;
      if (options.json) {
        return printJson(ctx.io, {
          plugin: { ...entry, source: source.config.name },
          versions,
          versions_total: details.versions_total,
          downloads_last_30d: details.downloads_last_30d,
          deprecated: details.deprecated,
          quality: details.quality ?? null,
          installed,
        });
      }
      const io = ctx.io;
      const b = (t: string) => paint(io.color, 'bold', t);
      out(io, `${b(entry.name)} ${paint(io.color, 'dim', `(${entry.id})`)} ${entry.version}${entry.verified ? ` ${paint(io.color, 'green', '✓ verified')}` : ''}`);
      if (details.deprecated) {
        const instead = details.deprecated.replacement ? ` Use ${details.deprecated.replacement} instead.` : '';
        for (const line of wrap(`Deprecated: ${details.deprecated.message}${instead}`, io.columns)) out(io, paint(io.color, 'yellow', line));
      }
      if (entry.description) for (const line of wrap(entry.description, io.columns)) out(io, line);
      out(io);
      const capabilities = Object.entries(entry.capabilities).filter(([, on]) => on).map(([name]) => name);
      const downloads = `${compactCount(entry.downloads)}${details.downloads_last_30d !== null ? ` (${compactCount(details.downloads_last_30d)} in the last 30 days)` : ''}`;
      const state = installed ? `${installed.version}${installed.version !== entry.version ? ` (${entry.version} available: loom plugin update ${entry.id})` : ''}` : 'no';
      const fields: [string, string][] = [
        ['source', `${source.config.name} (${source.config.url})`],
        ['provider type', entry.provider_type],
        ['author', entry.author],
        ['license', entry.license],
        ['homepage', entry.homepage],
        ['repository', entry.repository],
        ['documentation', entry.documentation_url ?? ''],
        ['tags', entry.tags.join(', ')],
        ['capabilities', capabilities.join(', ')],
        ['downloads', downloads],
        ['rating', entry.reviews ? `${rating(entry.rating, entry.reviews)} (${entry.reviews} reviews)` : 'not rated yet'],
        ['updated', day(entry.updated_at)],
        ['installed', state],
        ['quality', qualityLine(details.quality)],
      ];
      for (const [label, value] of fields) if (value) out(io, `  ${label.padEnd(16)}${value}`);
      if (versions.length > 1 || versions[0]?.published_at) {
        out(io);
        out(io, b(`Versions (${details.versions_total}, newest first)`));
        out(
          io,
          renderTable(io, [
            { header: 'VERSION', value: (v) => v.version },
            { header: 'PUBLISHED', value: (v) => day(v.published_at) },
            { header: 'NOTE', value: (v) => (v.yanked_reason ? `yanked: ${v.yanked_reason}` : v.prerelease ? 'pre-release' : (v.changes ?? '')), flex: true },
          ], versions).replace(/^/gm, '  '),
        );
      }
      out(io);
      out(io, `Install: loom plugin install ${entry.id}`);
    });
}
