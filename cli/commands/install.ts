import { Option, type Command } from 'commander';
import { ADVISORY_SEVERITIES, type AdvisorySeverityName } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import { done, note, printJson } from '../output/io.js';
import { InvalidArgumentError } from 'commander';
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
  requireSignatures?: boolean;
  auditLevel?: AdvisorySeverityName;
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
    .addOption(auditLevelOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'loom plugin install openai-plugin',
        'loom plugin install openai-plugin@1.2.0     # pinned: update keeps it unless --latest',
        'loom plugin install ollama-plugin@^1.2      # newest 1.x from 1.2 on',
        'loom plugin install local/my-plugin',
        'loom plugin install https://example.com/plugin.yaml --id my-plugin --sha256 <hex>',
        'loom plugin install ./plugin.yaml',
        'loom plugin install openai-plugin --audit-level high   # refuse a version under a high or critical advisory',
      ),
    )
    .action(async (spec: string, options: Options) => {
      ctx.requireSignatures ||= options.requireSignatures === true;
      ctx.auditLevel = options.auditLevel;
      const { install, parseSpec } = await import('../install/install.js');
      const result = await install(ctx, parseSpec(spec, ctx.cwd), options);
      if (options.json) return printJson(ctx.io, { installed: result });
      const what = `${result.id} ${result.version}`;
      if (!result.changed) return note(ctx.io, `${what} is already installed (from ${result.source}); --force reinstalls it.`);
      const change = result.previous && result.previous !== result.version ? ` (was ${result.previous})` : '';
      done(ctx.io, `Installed ${what}${change} from ${result.source} → ${result.path}`);
    });
}
