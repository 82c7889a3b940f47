import fs from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAddLocal } from './commands/add-local.js';
import { registerAutoUpdate } from './commands/autoupdate.js';
import { registerAudit } from './commands/audit.js';
import { openBrowser, registerBrowse } from './commands/browse.js';
import { examples } from './commands/common.js';
import { registerInit } from './commands/init.js';
import { registerInstall } from './commands/install.js';
import { registerList } from './commands/list.js';
import { registerPublisher } from './commands/publisher.js';
import { registerRate } from './commands/rate.js';
import { registerLogin } from './commands/login.js';
import { registerRemove } from './commands/remove.js';
import { registerReport } from './commands/report.js';
import { registerReview } from './commands/review.js';
import { registerSearch } from './commands/search.js';
import { registerShow } from './commands/show.js';
import { registerSources } from './commands/sources.js';
import { registerStatus } from './commands/status.js';
import { registerSubmit } from './commands/submit.js';
import { registerTest } from './commands/test.js';
import { registerTree } from './commands/tree.js';
import { registerUpdate } from './commands/update.js';
import { Context } from './context.js';
import { CliError, EXIT } from './errors.js';
import { paint, printJson } from './output/io.js';

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function buildProgram(ctx: Context): Command {
  const program = new Command('loom')
    .description('Loom from the command line: find, install and manage provider plugins')
    .version(version(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: (text, write) => write(paint(ctx.io.colorErr, 'red', text)),
      // commander's own defaults, on the context's streams: the terminal's width, 80 in a pipe
      getOutHelpWidth: () => (ctx.io.stdout.isTTY ? ctx.io.columns : 80),
      getErrHelpWidth: () => (ctx.io.stderr.isTTY ? ctx.io.columns : 80),
      getOutHasColors: () => ctx.io.color,
      getErrHasColors: () => ctx.io.colorErr,
    })
    .addHelpText(
      'after',
      examples(
        'loom                                   # in a terminal: browse plugins full-screen',
        'loom plugin search openai',
        'loom plugin install openai-plugin',
        'loom plugin list --installed --json',
        'loom plugin --help                     # every plugin command',
      ),
    );
  const plugin = program
    .command('plugin')
    .description('search registries; install, update (also automatically) and remove plugins; manage sources and API keys; submit, publish, rate and review')
    .addHelpText(
      'after',
      `
Examples:
  $ loom plugin search openai
  $ loom plugin install openai-plugin
  $ loom plugin outdated
  $ loom plugin update
  $ loom plugin tree                 # what is installed, and what needs what
  $ loom plugin list --installed --json
  $ loom plugin submit registry-submission.json

Environment:
  LOOM_HOME           state folder (default ~/.loom): config.yaml, credentials, plugins/, registry/
  LOOM_REGISTRY_URL   the "official" source's URL, while config.yaml leaves it at https://registry.loom.io
  NO_COLOR            plain output

Exit codes: 0 ok, 1 failure (outdated: something is), 2 usage, 3 not found, 4 authentication or permission.`,
    );
  registerBrowse(plugin, ctx);
  registerSearch(plugin, ctx);
  registerList(plugin, ctx);
  registerShow(plugin, ctx);
  registerInstall(plugin, ctx);
  registerUpdate(plugin, ctx);
  registerRemove(plugin, ctx);
  registerTree(plugin, ctx);
  registerAudit(plugin, ctx);
  registerAddLocal(plugin, ctx);
  registerSources(plugin, ctx);
  registerLogin(plugin, ctx);
  registerSubmit(plugin, ctx);
  registerStatus(plugin, ctx);
  registerRate(plugin, ctx);
  registerReview(plugin, ctx);
  registerReport(plugin, ctx);
  registerPublisher(plugin, ctx);
  registerAutoUpdate(plugin, ctx);
  registerTest(plugin, ctx);
  registerInit(plugin, ctx);
  return program;
}

/** Runs the CLI; resolves to the exit code. Errors are reported here, once. */
export async function run(argv: string[], ctx = new Context()): Promise<number> {
  if (argv.includes('--json')) ctx.io.quiet = true;
  try {
    // A bare `loom` in a terminal opens the browser (as lazygit does); elsewhere it prints the usage as before.
    if (argv.length <= 2 && ctx.io.stdin.isTTY && ctx.io.stdout.isTTY) await openBrowser(ctx);
    else await buildProgram(ctx).parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.OK;
      // commander has said it on stderr; a script asking for --json also gets it where it reads.
      if (argv.includes('--json')) printJson(ctx.io, { error: { code: 'USAGE', message: err.message.replace(/^error: /, '') } });
      return EXIT.USAGE;
    }
    const known = err instanceof CliError;
    const message = known ? err.message : `unexpected error: ${(err as Error).stack ?? String(err)}`;
    const io = ctx.io;
    io.stderr.write(`${paint(io.colorErr, 'red', 'error:')} ${message}\n`);
    if (known && err.hint) io.stderr.write(`${paint(io.colorErr, 'dim', 'hint:')} ${err.hint}\n`);
    if (argv.includes('--json')) printJson(io, { error: { code: known ? err.code : 'INTERNAL', message, ...(known && err.hint ? { hint: err.hint } : {}) } });
    return known ? err.exitCode : EXIT.FAILURE;
  }
}
