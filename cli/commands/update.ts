import type { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import type { UpdateRow } from '../install/update.js';
import { note, out, paint, printJson } from '../output/io.js';
import { renderTable } from '../output/table.js';
import { examples, jsonOption, plural } from './common.js';
import type { AdvisorySeverityName } from '../../domain/advisories.js';
import { auditLevelOption } from './install.js';

/** One line per plugin, a failure shared by several (an unreachable source) once, then a count of each outcome. */
export function printUpdates(ctx: Context, rows: UpdateRow[]): void {
  const c = ctx.io.color;
  const failures = new Map<string, string[]>();
  for (const r of rows) {
    if (r.converted) out(ctx.io, `  ${r.id}: rewrote the plugin.yaml an older loom wrote as plugin.json, which Loom loads`);
    const held = r.message ? ` (${r.message})` : '';
    if (r.from === null && r.status !== 'failed') out(ctx.io, `${paint(c, r.status === 'updated' ? 'green' : 'cyan', '+')} ${r.id} ${r.to}${r.status === 'available' ? ' would be installed' : ''}${held}`);
    else if (r.status === 'updated') out(ctx.io, `${paint(c, 'green', '↑')} ${r.id} ${r.from} → ${r.to}${held}`);
    else if (r.status === 'available') out(ctx.io, `${paint(c, 'cyan', '↑')} ${r.id} ${r.from} → ${r.to} would be installed${held}`);
    else if (r.status === 'current') out(ctx.io, `  ${r.id} ${r.from} is up to date`);
    else if (r.status === 'pinned') out(ctx.io, `  ${r.id} ${r.from} ${r.message}`);
    else failures.set(r.message ?? '', [...(failures.get(r.message ?? '') ?? []), `${r.id} ${r.from}`]);
  }
  for (const [message, ids] of failures) out(ctx.io, `${paint(c, 'red', '✗')} ${ids.join(', ')}: ${message}`);
  if (rows.length < 2) return;
  const count = (status: UpdateRow['status']) => rows.filter((r) => r.status === status).length;
  const parts = [
    [count('updated'), 'updated'],
    [count('available'), 'to update (dry run: nothing changed)'],
    [count('current'), 'up to date'],
    [count('pinned'), 'held back by a pin or range'],
    [count('failed'), 'failed'],
  ] as const;
  out(ctx.io, parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`).join(', '));
}

export function registerUpdate(plugin: Command, ctx: Context): void {
  plugin
    .command('update')
    .alias('upgrade')
    .description('update one installed plugin, or all, to the newest version their pins and the plugins that need them allow')
    .argument('[id]', 'the plugin to update (default: every installed plugin)')
    .option('--latest', 'move past an explicit @version pin or a range to the newest release (and drop the pin)')
    .option('--pre', 'consider pre-releases')
    .option('--dry-run', 'say what would be updated, changing nothing')
    .option('--require-signatures', 'refuse a source that offers no signed metadata (docs/trust.md)')
    .addOption(auditLevelOption())
    .option('--auto', 'apply the automatic-update policy ("loom plugin autoupdate"), logging to <LOOM_HOME>/autoupdate/')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `${examples('loom plugin update', 'loom plugin update openai-plugin', 'loom plugin update openai-plugin --latest', 'loom plugin update --dry-run', 'loom plugin update --json', 'loom plugin update --auto       # what the timer of "loom plugin autoupdate enable" runs')}
Dependencies: an update never moves a plugin outside the range of an installed plugin that needs it (it says
which one holds it back), and installs the new dependencies a newer version declares, first.
`,
    )
    .action(async (id: string | undefined, options: { latest?: boolean; pre?: boolean; dryRun?: boolean; auto?: boolean; json?: boolean; requireSignatures?: boolean; auditLevel?: AdvisorySeverityName }) => {
      ctx.requireSignatures ||= options.requireSignatures === true;
      ctx.auditLevel = options.auditLevel;
      if (options.auto) {
        if (options.latest) throw new UsageError('--auto follows the policy of "loom plugin autoupdate"; it takes no --latest');
        const { autoUpdate } = await import('../install/autoupdate.js');
        return autoUpdate(ctx, id, options);
      }
      const { update } = await import('../install/update.js');
      const rows = await update(ctx, id, options);
      if (rows.some((r) => r.status === 'failed')) ctx.exitCode = 1;
      if (options.json) return printJson(ctx.io, { updates: rows, ...(options.dryRun ? { dry_run: true } : {}) });
      if (rows.length === 0) return note(ctx.io, 'No plugins installed. Find one with "loom plugin search <words>".');
      printUpdates(ctx, rows);
    });

  plugin
    .command('outdated')
    .description('list installed plugins with a newer version: the one update installs (WANTED) and the newest (LATEST)')
    .argument('[id]', 'the plugin to check (default: every installed plugin)')
    .option('--pre', 'consider pre-releases')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `${examples('loom plugin outdated', 'loom plugin outdated --json', 'loom plugin outdated || loom plugin update')}
Exit status (as npm outdated): 0 when every plugin is at its latest version, 1 when one is not or a source
could not be read (--json tells them apart: "status" is "outdated" or "failed").
`,
    )
    .action(async (id: string | undefined, options: { pre?: boolean; json?: boolean }) => {
      const { outdated } = await import('../install/update.js');
      const rows = await outdated(ctx, id, options);
      const behind = rows.filter((r) => r.status !== 'current');
      if (behind.length > 0) ctx.exitCode = 1;
      if (options.json) return printJson(ctx.io, { outdated: behind });
      if (rows.length === 0) return note(ctx.io, 'No plugins installed. Find one with "loom plugin search <words>".');
      if (behind.length === 0) return note(ctx.io, `${plural(rows.length, 'installed plugin')}, all at their latest version.`);
      out(
        ctx.io,
        renderTable(ctx.io, [
          { header: 'ID', value: (r) => r.id },
          { header: 'CURRENT', value: (r) => r.current },
          { header: 'WANTED', value: (r) => r.wanted ?? '?', style: (r) => (r.wanted && r.wanted !== r.current ? 'green' : undefined) },
          { header: 'LATEST', value: (r) => r.latest ?? '?', style: (r) => (r.latest && r.latest !== r.wanted ? 'yellow' : undefined) },
          { header: 'PIN', value: (r) => r.requested ?? '', drop: 1 },
          { header: 'SOURCE', value: (r) => r.source, drop: 2 },
          { header: 'NOTE', value: (r) => r.message ?? '', flex: true },
        ], behind),
      );
      if (behind.some((r) => r.wanted && r.wanted !== r.current)) note(ctx.io, '"loom plugin update" installs WANTED; "loom plugin update <id> --latest" moves past a pin or range to LATEST.');
      else note(ctx.io, '"loom plugin update <id> --latest" moves past a pin or range to LATEST.');
    });
}
