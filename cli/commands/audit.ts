import { Option, type Command } from 'commander';
import { ADVISORY_SEVERITIES, type AdvisorySeverityName } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import { note, out, printJson, warn } from '../output/io.js';
import { renderTable } from '../output/table.js';
import { examples, jsonOption } from './common.js';

export function registerAudit(plugin: Command, ctx: Context): void {
  plugin
    .command('audit')
    .description('list installed plugins under a security advisory (exit 1 at or above --level)')
    .addOption(new Option('--level <severity>', 'exit 1 when an advisory is at least this severe').choices([...ADVISORY_SEVERITIES]).default('moderate'))
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin audit', 'loom plugin audit --level high', 'loom plugin audit --json'))
    .action(async (options: { level: AdvisorySeverityName; json?: boolean }) => {
      const { atOrAbove, audit } = await import('../install/audit.js');
      const result = await audit(ctx);
      if (atOrAbove(result.findings, options.level).length > 0) ctx.exitCode = 1;
      if (options.json) return printJson(ctx.io, result);
      for (const s of result.sources) {
        if (s.from === 'signed') note(ctx.io, `Source ${s.name} is unreachable: its advisories are those signed at the last install or update.`);
        if (s.from === 'none') warn(ctx.io, `source ${s.name}: no advisories known (unreachable, and nothing signed was kept)`);
      }
      if (result.findings.length === 0) return out(ctx.io, `No known advisories affect the ${result.installed} installed plugin${result.installed === 1 ? '' : 's'}.`);
      out(
        ctx.io,
        renderTable(ctx.io, [
          { header: 'PLUGIN', value: (f) => `${f.id} ${f.version}` },
          { header: 'ADVISORY', value: (f) => f.advisory.id },
          { header: 'SEVERITY', value: (f) => f.advisory.severity },
          { header: 'KIND', value: (f) => f.advisory.kind },
          { header: 'FIXED IN', value: (f) => f.advisory.patched ?? '' },
          { header: 'SUMMARY', value: (f) => f.advisory.summary, flex: true },
        ], result.findings),
      );
    });
}
