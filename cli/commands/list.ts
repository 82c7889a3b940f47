import { InvalidArgumentError, type Command } from 'commander';
import type { Context } from '../context.js';
import { checkInstalled, readLock, warnSharedProviderTypes, type Installed } from '../install/lock.js';
import { isNewer, newest } from '../install/versions.js';
import { step } from '../output/progress.js';
import type { Category } from '../../domain/plugin.js';
import type { SortKey } from '../sources/types.js';
import { note, out, printJson, type Io } from '../output/io.js';
import { compactCount, day, rating } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { searchAll, type Listed } from '../sources/catalog.js';
import { categoryOption, examples, jsonOption, minQualityOption, sortOption, testedOption } from './common.js';

export function pluginTable(io: Io, plugins: Listed[]): string {
  return renderTable(io, [
    { header: 'ID', value: (p) => p.id, style: (p) => (p.verified ? 'green' : undefined) },
    { header: 'VERSION', value: (p) => p.version },
    { header: 'DOWNLOADS', value: (p) => compactCount(p.downloads), align: 'right', drop: 2 },
    { header: 'RATING', value: (p) => rating(p.rating, p.reviews), align: 'right', drop: 1 },
    { header: 'SOURCE', value: (p) => p.source, drop: 3 },
    { header: 'DESCRIPTION', value: (p) => (p.verified ? `✓ ${p.description}` : p.description), flex: true },
  ], plugins);
}

interface Options {
  installed?: boolean;
  source?: string;
  sort?: SortKey | 'relevance';
  verified?: boolean;
  category?: Category;
  minQuality?: number;
  tested?: boolean;
  limit?: number;
  all?: boolean;
  offline?: boolean;
  json?: boolean;
}

/** How many rows `list` prints unless told otherwise: a screenful or two, not the whole catalog. */
const LIST_PAGE = 50;

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
}

/** The newest release of each installed plugin, from its source; absent when the source cannot tell. */
async function latestOf(ctx: Context, installed: Installed[]): Promise<Map<string, string>> {
  const { VersionReader } = await import('../install/update.js');
  const reader = new VersionReader(ctx.sources());
  const found = new Map<string, string>();
  await Promise.all(
    installed.map(async (p) => {
      const source = reader.source(p.source);
      if (!source) return;
      const latest = newest((await reader.versions(source, p.id).catch(() => null)) ?? [], false);
      if (latest) found.set(p.id, latest);
    }),
  );
  return found;
}

export function registerList(plugin: Command, ctx: Context): void {
  plugin
    .command('list')
    .alias('ls')
    .description('list every plugin of the enabled sources, or (--installed) what is installed')
    .option('--installed', `list the installed plugins (<LOOM_HOME>/plugins/installed.json)`)
    .option('--source <name>', 'list only this source')
    .addOption(sortOption('order by (default: downloads)'))
    .option('--verified', 'only verified plugins')
    .addOption(categoryOption())
    .addOption(minQualityOption())
    .addOption(testedOption())
    .option('--limit <n>', `at most n plugins (default: ${LIST_PAGE}; with --json: all)`, parseCount)
    .option('--all', 'every plugin')
    .option('--offline', 'with --installed: ask no source (LATEST shows "?")')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin list', 'loom plugin list --sort rating --verified --limit 10', 'loom plugin list --category community --all', 'loom plugin list --tested --sort quality', 'loom plugin list --source local', 'loom plugin list --installed --json'))
    .action(async (options: Options) => {
      if (options.installed) {
        const lock = readLock(ctx.paths.lock);
        const checked = checkInstalled(ctx.io, ctx.paths.plugins, lock);
        warnSharedProviderTypes(ctx.io, lock);
        const latest = checked.length && !options.offline ? await step(ctx.io, 'Checking for newer versions', latestOf(ctx, checked)) : new Map<string, string>();
        const { findingsIn, readAdvisories } = await import('../install/audit.js');
        const findings = checked.length ? findingsIn(checked, (await readAdvisories(ctx, checked, options.offline)).lists) : [];
        // most severe first (findingsIn's order)
        const advisories = (p: Installed) => findings.filter((f) => f.id === p.id).map((f) => ({ id: f.advisory.id, severity: f.advisory.severity, kind: f.advisory.kind, patched: f.advisory.patched }));
        const installed = checked.map((p) => ({ ...p, latest: latest.get(p.id) ?? null, advisories: advisories(p) }));
        if (options.json) return printJson(ctx.io, { installed });
        if (installed.length === 0) return note(ctx.io, 'No plugins installed. Find one with "loom plugin search <words>".');
        out(
          ctx.io,
          renderTable(ctx.io, [
            { header: 'ID', value: (p) => p.id },
            { header: 'VERSION', value: (p) => p.version },
            { header: 'LATEST', value: (p) => p.latest ?? '?', style: (p) => (p.latest && isNewer(p.latest, p.version) ? 'yellow' : undefined) },
            {
              header: 'ADVISORY',
              value: (p) => (p.advisories.length ? `${p.advisories[0].id} (${p.advisories[0].kind === 'malware' ? 'malware' : p.advisories[0].severity})${p.advisories.length > 1 ? ` +${p.advisories.length - 1}` : ''}` : ''),
              style: (p) => (p.advisories.length ? 'yellow' : undefined),
            },
            { header: 'PINNED', value: (p) => p.requested ?? '', drop: 1 },
            { header: 'SOURCE', value: (p) => p.source, drop: 3 },
            { header: 'INSTALLED', value: (p) => day(p.installed_at), drop: 2 },
            { header: 'FILE', value: (p) => p.status, style: (p) => (p.status === 'ok' ? undefined : 'yellow') },
            { header: 'FROM', value: (p) => p.source_url, flex: true },
          ], installed),
        );
        return;
      }
      const sort = options.sort === 'relevance' || !options.sort ? 'downloads' : options.sort;
      const limit = options.all ? undefined : (options.limit ?? (options.json ? undefined : LIST_PAGE));
      const { verified, category, minQuality, tested } = options;
      const merged = await step(ctx.io, 'Listing plugins', searchAll(ctx, { sort, verified, category, minQuality, tested, limit }, options.source));
      if (options.json) return printJson(ctx.io, merged);
      if (merged.plugins.length === 0) return note(ctx.io, verified || category || minQuality !== undefined || tested ? 'No plugins match these filters.' : 'The enabled sources list no plugins. See "loom plugin sources list".');
      out(ctx.io, pluginTable(ctx.io, merged.plugins));
      const total = merged.sources.reduce((n, s) => n + (s.matches ?? 0), 0);
      if (total > merged.plugins.length) note(ctx.io, `${total - merged.plugins.length} more; --limit <n> or --all shows them.`);
    });
}
