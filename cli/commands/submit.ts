import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { out, printJson } from '../output/io.js';
import { step } from '../output/progress.js';
import { examples, jsonOption } from './common.js';

/** GraphQL's PENDING_REVIEW as the REST API and the spec write it: pending_review. */
export const lower = (value: string) => value.toLowerCase();

function readJsonFile(ctx: Context, file: string, what: string): Record<string, unknown> {
  const where = path.resolve(ctx.cwd, file);
  if (!fs.existsSync(where)) throw new NotFoundError(`no such file: ${where}`);
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(where, 'utf8'));
  } catch (err) {
    throw new UsageError(`${where} is not valid JSON: ${(err as Error).message}`, `it should hold ${what} (see the README)`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${where} must hold a JSON object`, `it should hold ${what}`);
  return doc as Record<string, unknown>;
}

export const readSubmission = (ctx: Context, file: string) => readJsonFile(ctx, file, 'a registry-submission.json: {"plugin": {...}, "submission": {...}}');

/** Puts the report (as `loom plugin test --json` prints it, `{"report": {...}}`) under submission.test_report. */
function attachReport(submission: Record<string, unknown>, printed: Record<string, unknown>): void {
  const report = printed.report ?? printed;
  const section = submission.submission;
  if (!section || typeof section !== 'object' || Array.isArray(section)) throw new UsageError('the submission has no "submission" object to attach the report to', 'a registry-submission.json is {"plugin": {...}, "submission": {...}}');
  (section as Record<string, unknown>).test_report = report;
}

export function registerSubmit(plugin: Command, ctx: Context): void {
  plugin
    .command('submit')
    .description('submit a plugin for review (needs an API key: loom plugin login)')
    .argument('<file>', 'the registry-submission.json')
    .option('--source <name>', 'the registry to submit to (default: the first registry server)')
    .option('--report <file>', 'attach the JSON of "loom plugin test --json" (shown to reviewers as self-reported)')
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin submit registry-submission.json', 'loom plugin submit registry-submission.json --source enterprise --json', 'loom plugin status sub-123456'))
    .action(async (file: string, options: { source?: string; report?: string; json?: boolean }) => {
      const submission = readSubmission(ctx, file);
      if (options.report) attachReport(submission, readJsonFile(ctx, options.report, 'the output of "loom plugin test --json"'));
      const server = ctx.server(options.source);
      // One key per invocation: the client's retries after a network error replay the first answer, never submit twice.
      const key = process.getBuiltinModule('node:crypto').randomUUID();
      const receipt = await step(ctx.io, `Submitting to ${server.config.name}`, server.submit(submission, key));
      const result = { submission_id: receipt.submissionId, status: lower(receipt.status), message: receipt.message, estimated_review_time: receipt.estimatedReviewTime };
      if (options.json) return printJson(ctx.io, { submission: result });
      out(ctx.io, `${receipt.message}: ${result.submission_id} (${result.status.replace('_', ' ')}; reviews take ${result.estimated_review_time}).`);
      out(ctx.io, `Follow it with: loom plugin status ${result.submission_id}`);
    });
}
