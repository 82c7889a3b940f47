import { Option, type Command } from 'commander';
import type { ReportFieldsFragment, ReportKind } from '../../client/gql/graphql.js';
import { REPORT_DETAILS_MAX, REPORT_KINDS, reportContact, type ReportJson, type ReportKindName, type ReportStatusName } from '../../domain/reports.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { done, note, out, printJson } from '../output/io.js';
import { editText } from '../output/prompt.js';
import { renderTable } from '../output/table.js';
import { examples, jsonOption, plural } from './common.js';
import { target } from './review.js';

/** A report as REST answers it (and `--json` prints it). */
function reportJson(r: ReportFieldsFragment): ReportJson {
  return {
    id: r.id,
    plugin_id: r.pluginId,
    kind: r.kind.toLowerCase() as ReportKindName,
    status: r.status.toLowerCase() as ReportStatusName,
    details: r.details,
    contact: r.contact,
    reporter: r.reporter,
    note: r.note,
    advisory_id: r.advisoryId,
    created_at: r.createdAt,
    handled_at: r.handledAt,
  };
}

interface ReportOptions {
  kind: ReportKindName;
  details?: string;
  contact?: string;
  source?: string;
  json?: boolean;
}

/** The details from the flag, or on a terminal from $VISUAL / $EDITOR. */
async function detailsOf(ctx: Context, id: string, options: ReportOptions): Promise<string> {
  if (options.details !== undefined) return options.details;
  if (!ctx.io.interactive || options.json) throw new UsageError("required option '--details <text>' not specified", 'give it, or run it on a terminal to write the details in $EDITOR');
  const details = await editText(
    ctx.env,
    `\n# Your private ${options.kind} report about ${id}: what is wrong, in which versions, and how to see it.\n# Only the plugin's people (or the registry's admins) read it. Lines starting with # are left out. An empty report sends nothing.\n`,
    'REPORT.md',
  );
  if (!details) throw new UsageError('the report is empty; nothing was sent');
  return details;
}

export function registerReport(plugin: Command, ctx: Context): void {
  plugin
    .command('report')
    .description('report a problem with a plugin privately: security, malware, abuse or license (anonymous with --contact when not logged in)')
    .argument('<id>', 'plugin id, or source/id')
    .addOption(new Option('--kind <kind>', 'what kind of problem').choices([...REPORT_KINDS]).makeOptionMandatory())
    .option('--details <text>', `what is wrong, in which versions, how to see it (at most ${REPORT_DETAILS_MAX} characters; written in $VISUAL / $EDITOR on a terminal when left out)`)
    .option('--contact <email>', 'where to reach you (needed when not logged in)')
    .option('--source <name>', 'the registry (default: the first registry server)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'loom plugin report openai-plugin --kind security --details "1.2.0 sends the API key to any host in a redirect"',
        'loom plugin report openai-plugin --kind malware --contact me@example.org --details "..." --json',
        '# on a terminal: opens $EDITOR for the details',
        'loom plugin report openai-plugin --kind license',
      ),
    )
    .action(async (ref: string, options: ReportOptions) => {
      const { source, id } = target(ref, options.source);
      const server = ctx.server(source);
      if (options.contact !== undefined && !reportContact.safeParse(options.contact).success) throw new UsageError(`--contact: "${options.contact}" is not an email address`);
      if (!server.config.token && options.contact === undefined) {
        throw new UsageError('not logged in to this source: give --contact <email> so the plugin’s people can reach you', `or log in first: loom plugin login --source ${server.config.name}`);
      }
      const details = await detailsOf(ctx, id, options);
      const { report, statusUrl } = await server.report(id, options.kind.toUpperCase() as ReportKind, details, options.contact);
      if (options.json) return printJson(ctx.io, { report: reportJson(report), status_url: statusUrl });
      done(ctx.io, `Reported ${id} privately on ${server.config.name} (${options.kind}, report ${report.id}).`);
      if (statusUrl) note(ctx.io, `Keep this link to follow its status (it is shown only once): ${statusUrl}`);
      else note(ctx.io, 'Follow its status: loom plugin reports --mine');
    });

  plugin
    .command('reports')
    .description('private reports: those about your plugins (owners, maintainers, admins), or those you filed (--mine)')
    .option('--plugin <id>', 'only the reports about this plugin')
    .option('--mine', 'the reports you filed, with their status')
    .option('--source <name>', 'the registry (default: the first registry server)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin reports', 'loom plugin reports --plugin openai-plugin', 'loom plugin reports --mine --json'))
    .action(async (options: { plugin?: string; mine?: boolean; source?: string; json?: boolean }) => {
      if (options.mine && options.plugin) throw new UsageError('--mine and --plugin do not go together');
      const server = ctx.server(options.source);
      const reports = (await server.reports(options.mine ? { mine: true } : { pluginId: options.plugin })).map(reportJson);
      if (options.json) return printJson(ctx.io, { reports });
      if (reports.length === 0) return out(ctx.io, options.mine ? 'You have filed no reports on this source.' : `No reports${options.plugin ? ` about ${options.plugin}` : ''} for you to handle.`);
      out(
        ctx.io,
        renderTable(ctx.io, [
          { header: 'REPORT', value: (r) => r.id },
          { header: 'PLUGIN', value: (r) => r.plugin_id },
          { header: 'KIND', value: (r) => r.kind },
          { header: 'STATUS', value: (r) => (r.advisory_id ? `advisory ${r.advisory_id}` : r.status) },
          { header: 'FILED', value: (r) => r.created_at.slice(0, 10) },
          { header: options.mine ? 'NOTE' : 'DETAILS', value: (r) => (options.mine ? (r.note ?? '') : r.details.split('\n')[0]), flex: true },
        ], reports),
      );
      note(ctx.io, `${plural(reports.length, 'report')}.`);
    });
}
