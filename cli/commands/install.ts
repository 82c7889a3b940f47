import { Option, type Command } from 'commander';
import { ADVISORY_SEVERITIES, type AdvisorySeverityName } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import type { Step } from '../install/graph.js';
import { done, note, out, paint, printJson } from '../output/io.js';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { examples, jsonOption } from './common.js';

function parseSha256(value: string): string {
  if (!/^[0-9a-f]{64}$/i.test(value)) throw new InvalidArgumentError('64 hexadecimal digits, as sha256sum prints them');
  return value.toLowerCase();
}

interface Options {
  pre?: boolean;
  force?: boolean;
  id?: string;
  sha256?: string;
  json?: boolean;
  dryRun?: boolean;
  requireSignatures?: boolean;
  auditLevel?: AdvisorySeverityName;
}

const MARKS = { install: '+', upgrade: '↑', downgrade: '↓', reinstall: '↻', keep: '=' } as const;

/** One line per plugin of a plan, dependencies first: `+ openai-plugin 2.1.0 from registry (for router-plugin@2.0.0)`. */
export function printPlan(ctx: Context, steps: Step[]): void {
  for (const s of steps) {
    const version = s.from && s.from !== s.version ? `${s.from} → ${s.version}` : s.version;
    const from = s.action === 'keep' ? ' (installed)' : s.source ? ` from ${s.source}` : '';
    const why = s.required_by.length && !s.explicit ? ` (for ${s.required_by.join(', ')})` : '';
    out(ctx.io, `  ${paint(ctx.io.color, s.action === 'keep' ? 'dim' : 'green', MARKS[s.action])} ${s.id} ${version}${from}${why}`);
  }
}
/** `--audit-level`: install and update refuse a version under an advisory at least this severe (LOOM_AUDIT_LEVEL when not given). */
export const auditLevelOption = () =>
  new Option('--audit-level <severity>', 'refuse a version under a signed advisory at least this severe (malware always is); default: LOOM_AUDIT_LEVEL, else warn only').choices([...ADVISORY_SEVERITIES]);

export function registerInstall(plugin: Command, ctx: Context): void {
  plugin
    .command('install')
    .description('install a plugin into <LOOM_HOME>/plugins/<id>/plugin.json, where Loom finds it')
    .argument('<plugin>', 'id, id@version, id@range, source/id, a manifest URL, or a manifest file')
    .option('--pre', 'consider pre-releases when picking the newest version')
    .option('--force', 'reinstall even when the same version is installed, or over a plugin.json edited by hand')
    .option('--id <id>', 'for a URL or file: the id to install under (default: from the manifest name)')
    .option('--sha256 <hex>', 'for a URL or file: refuse unless the manifest has this sha256 (64 hex digits)', parseSha256)
    .option('--require-signatures', 'refuse a source that offers no signed metadata (docs/trust.md)')
    .option('--dry-run', 'print the plan (the plugin and its dependencies, resolved with what is installed), changing nothing')
    .addOption(auditLevelOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `${examples(
        'loom plugin install openai-plugin',
        'loom plugin install router-plugin --dry-run   # what it would install, dependencies first',
        'loom plugin install openai-plugin@1.2.0     # pinned: update keeps it unless --latest',
        'loom plugin install ollama-plugin@^1.2      # newest 1.x from 1.2 on',
        'loom plugin install local/my-plugin',
        'loom plugin install https://example.com/plugin.yaml --id my-plugin --sha256 <hex>',
        'loom plugin install ./plugin.yaml',
        'loom plugin install openai-plugin --audit-level high   # refuse a version under a high or critical advisory',
      )}
Dependencies: a registry plugin's dependencies are installed first, each checked like the plugin itself, one
version per plugin: the newest that satisfies every range on it (an installed version stays when it does). When
none does, the error names the ranges in the way and who imposes each (exit 1). "loom plugin tree" shows the graph.
`,
    )
    .action(async (spec: string, options: Options) => {
      ctx.requireSignatures ||= options.requireSignatures === true;
      ctx.auditLevel = options.auditLevel;
      const { install, parseSpec, planInstall } = await import('../install/install.js');
      const parsed = parseSpec(spec, ctx.cwd);
      if (options.dryRun) {
        if (parsed.kind !== 'registry') throw new UsageError('--dry-run plans a registry install (a URL or a file has no dependencies to resolve)');
        const { planFor } = await import('../install/graph.js');
        const { id, plan } = await planInstall(ctx, parsed, options);
        const shown = planFor(plan, id);
        if (options.json) return printJson(ctx.io, { plan: shown, dry_run: true });
        out(ctx.io, `Plan for ${id} (dependencies first; nothing changed):`);
        printPlan(ctx, shown);
        return;
      }
      const { installed: result, dependencies, plan } = await install(ctx, parsed, options);
      if (options.json) return printJson(ctx.io, { installed: result, dependencies, plan });
      for (const d of dependencies) {
        const change = d.previous && d.previous !== d.version ? ` (was ${d.previous})` : '';
        const by = plan.find((s) => s.id === d.id)?.required_by ?? [];
        done(ctx.io, `Installed ${d.id} ${d.version}${change} from ${d.source}${by.length ? `, needed by ${by.join(', ')}` : ''} → ${d.path}`);
      }
      const what = `${result.id} ${result.version}`;
      if (!result.changed) return note(ctx.io, `${what} is already installed (from ${result.source}); --force reinstalls it.`);
      const change = result.previous && result.previous !== result.version ? ` (was ${result.previous})` : '';
      done(ctx.io, `Installed ${what}${change} from ${result.source} → ${result.path}`);
    });
}
