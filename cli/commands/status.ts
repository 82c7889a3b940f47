import type { Command } from 'commander';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { out, paint, printJson } from '../output/io.js';
import { day } from '../output/format.js';
import { step } from '../output/progress.js';
import { examples, jsonOption } from './common.js';
import { lower } from './submit.js';

const MARK: Record<string, [string, 'green' | 'yellow' | 'red']> = { pass: ['✓', 'green'], warn: ['!', 'yellow'], fail: ['✗', 'red'] };

export function registerStatus(plugin: Command, ctx: Context): void {
  plugin
    .command('status')
    .description('show where a submission stands: review status, automated checks, reviewer notes')
    .argument('<submission-id>', 'as printed by "loom plugin submit", e.g. sub-123456')
    .option('--source <name>', 'the registry it was submitted to (default: the first registry server)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin status sub-123456', 'loom plugin status sub-123456 --json | jq -r .submission.status'))
    .action(async (id: string, options: { source?: string; json?: boolean }) => {
      const server = ctx.server(options.source);
      const s = await step(ctx.io, `Asking ${server.config.name} about ${id}`, server.submission(id));
      if (!s) throw new NotFoundError(`no submission "${id}" that you can see on ${server.config.name}`, 'check the id; a submission is visible to its submitter, reviewers and admins (log in with "loom plugin login")');
      const submission = {
        submission_id: s.id,
        plugin_id: s.pluginId,
        version: s.version,
        status: lower(s.status),
        checks_state: lower(s.checksState),
        checks: s.checks,
        notes: s.notes,
        reviewed_by: s.reviewer?.username ?? null,
        reviewed_at: s.reviewedAt,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      };
      if (options.json) return printJson(ctx.io, { submission });
      const c = ctx.io.color;
      out(ctx.io, `${paint(c, 'bold', submission.submission_id)}  ${submission.plugin_id} ${submission.version}  ${submission.status.replace('_', ' ')}`);
      out(ctx.io, `  submitted ${day(submission.created_at)}${submission.reviewed_by ? `, reviewed by ${submission.reviewed_by} ${day(submission.reviewed_at)}` : ''}`);
      if (submission.notes) out(ctx.io, `  notes: ${submission.notes}`);
      out(ctx.io, `  checks: ${submission.checks_state}`);
      for (const check of submission.checks) {
        const [mark, style] = MARK[check.status] ?? ['-', 'yellow'];
        out(ctx.io, `    ${paint(c, style, mark)} ${check.name}: ${check.message}`);
      }
    });
}
