import type { Command } from 'commander';
import { affects } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import { readLock } from '../install/lock.js';
import { isNewer, newest } from '../install/versions.js';
import { out, paint, printJson } from '../output/io.js';
import { compactCount, day, qualityLine, rating, wrap } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { findPlugin, findVersion } from '../sources/catalog.js';
import { examples, jsonOption, plural } from './common.js';

/** How many dependents `show` lists ("used by"). */
const USED_BY = 10;

const ranges = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([id, range]) => `${id} ${range}`)
    .join(', ');

export function registerShow(plugin: Command, ctx: Context): void {
  plugin
    .command('show')
    .alias('info')
    .description('show one plugin: details, versions, statistics, its dependencies and the plugins that use it, and whether it is installed')
    .argument('<id>', 'plugin id, source/id to ask one source, id@version for one version')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin show openai-plugin', 'loom plugin show openai-plugin@1.2.0', 'loom plugin show local/my-plugin', 'loom plugin show openai-plugin --json'))
    .action(async (spec: string, options: { json?: boolean }) => {
      const at = spec.lastIndexOf('@');
      const ref = at > 0 ? spec.slice(0, at) : spec;
      const { source, details } = await findPlugin(ctx, ref);
      const { entry, versions } = details;
      const chosen = at > 0 ? await findVersion(source, entry.id, versions, spec.slice(at + 1)) : null;
      const installed = readLock(ctx.paths.lock).find((p) => p.id === entry.id) ?? null;
      // what the shown version declares, and the first plugins that use this one (best-effort: an older registry has neither)
      const shownVersion = chosen?.version ?? entry.version;
      const [declared, dependents] = await Promise.all([
        source.requirements(entry.id).then((all) => all?.find((v) => v.version === shownVersion) ?? null, () => null),
        source.dependents(entry.id, USED_BY).catch(() => ({ items: [], next: null })),
      ]);
      const requires = { dependencies: declared?.dependencies ?? {}, conflicts: declared?.conflicts ?? {}, provides: declared?.provides ?? [] };
      // An update is a newer release: never a downgrade from a pre-release, never a yanked version.
      const release = newest(versions, false) ?? entry.version;
      const update = installed && isNewer(release, installed.version) ? release : null;
      // the source's advisories about it (its API, else the signed copy of the last install), and which versions they affect
      const shown = chosen?.version ?? entry.version;
      const { advisoriesOf } = await import('../install/audit.js');
      const known = /^https?:\/\//.test(source.config.url) ? (await advisoriesOf(ctx, source.config)).list : [];
      const advisories = known
        .filter((a) => a.plugin_id === entry.id)
        .map((a) => ({ ...a, affects_shown: affects(a, shown), affects_installed: installed ? affects(a, installed.version) : null }));
      if (options.json) {
        return printJson(ctx.io, {
          plugin: { ...entry, source: source.config.name },
          ...(chosen ? { version: chosen } : {}),
          versions,
          versions_total: details.versions_total,
          downloads_last_30d: details.downloads_last_30d,
          deprecated: details.deprecated,
          quality: details.quality ?? null,
          installed,
          update_available: update,
          requires,
          dependents,
          advisories,
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
      if (chosen) {
        const what = chosen.yanked_reason ? paint(io.color, 'yellow', `yanked: ${chosen.yanked_reason}`) : chosen.prerelease ? 'pre-release' : chosen.version === release ? 'the latest release' : `not the latest (${release})`;
        out(io, `${b(`Version ${chosen.version}`)}${chosen.published_at ? `, published ${day(chosen.published_at)}` : ''}: ${what}`);
        if (chosen.changes) for (const line of wrap(chosen.changes, io.columns - 2)) out(io, `  ${line}`);
      }
      out(io);
      const capabilities = Object.entries(entry.capabilities).filter(([, on]) => on).map(([name]) => name);
      const downloads = `${compactCount(entry.downloads)}${details.downloads_last_30d !== null ? ` (${compactCount(details.downloads_last_30d)} in the last 30 days)` : ''}`;
      const state = installed ? `${installed.version}${update ? ` (${update} available: loom plugin update ${entry.id}${installed.requested ? ' --latest' : ''})` : ''}` : 'no';
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
        ['rating', entry.reviews ? `${rating(entry.rating, entry.reviews)} (${plural(entry.reviews, 'review')})` : 'not rated yet'],
        ['updated', day(entry.updated_at)],
        ['installed', state],
        ['dependencies', ranges(requires.dependencies)],
        ['conflicts', ranges(requires.conflicts)],
        ['provides', requires.provides.join(', ')],
        ['used by', dependents.items.map((d) => `${d.plugin_id} ${d.version} (${d.range})`).join(', ') + (dependents.next ? ', …' : '')],
        ['quality', qualityLine(details.quality)],
      ];
      // Values wrap under themselves; a URL stays whole, so it can be copied (the terminal folds it).
      for (const [label, value] of fields) {
        if (!value) continue;
        const lines = /\s/.test(value) ? wrap(value, io.columns - 18) : [value];
        lines.forEach((line, i) => out(io, `  ${(i === 0 ? label : '').padEnd(16)}${line}`));
      }
      if (advisories.length) {
        out(io);
        const hits = advisories.filter((a) => a.affects_shown);
        out(io, b(`Security advisories (${advisories.length})`));
        if (hits.length) out(io, paint(io.color, 'yellow', `  ${shown} is affected by ${hits.map((a) => `${a.id} (${a.kind === 'malware' ? 'malware' : a.severity})`).join(', ')}`));
        else out(io, `  ${shown} is not affected`);
        out(
          io,
          renderTable(io, [
            { header: 'ADVISORY', value: (a) => a.id },
            { header: 'SEVERITY', value: (a) => a.severity, style: (a) => (a.affects_shown ? 'yellow' : undefined) },
            { header: 'KIND', value: (a) => a.kind },
            { header: 'AFFECTED', value: (a) => a.affected },
            { header: 'FIXED IN', value: (a) => a.patched ?? '' },
            { header: 'SUMMARY', value: (a) => a.summary, flex: true },
          ], advisories, '  '),
        );
      }
      if (versions.length > 1 || versions[0]?.published_at) {
        out(io);
        out(io, b(`Versions (${details.versions_total}, newest first)`));
        out(
          io,
          renderTable(io, [
            { header: 'VERSION', value: (v) => `${v.version}${v.version === chosen?.version ? ' ◂' : ''}`, style: (v) => (v.version === chosen?.version ? 'bold' : undefined) },
            { header: 'PUBLISHED', value: (v) => day(v.published_at) },
            { header: 'NOTE', value: (v) => (v.yanked_reason ? `yanked: ${v.yanked_reason}` : v.prerelease ? 'pre-release' : (v.changes ?? '')), flex: true },
          ], versions, '  '),
        );
      }
      out(io);
      out(io, `Install: loom plugin install ${entry.id}${chosen ? `@${chosen.version}` : ''}`);
    });
}
