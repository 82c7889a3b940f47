import type { Command } from 'commander';
import type { SourceConfig } from '../config/config.js';
import { deleteToken, saveToken } from '../config/credentials.js';
import type { Context } from '../context.js';
import { AuthError, NotFoundError, UsageError } from '../errors.js';
import { NotARegistryError, ServerSource } from '../sources/server.js';
import { maybeServer } from '../sources/sources.js';
import { note, out } from '../output/io.js';
import { examples } from './common.js';

/** The named HTTP source, or the first enabled one. */
function pick(ctx: Context, name: string | undefined): SourceConfig {
  const http = ctx.allSources().filter((s) => /^https?:\/\//.test(s.url));
  if (name) {
    const found = ctx.allSources().find((s) => s.name === name);
    if (!found) throw new NotFoundError(`no source named "${name}"`, 'see "loom plugin sources list"');
    if (!/^https?:\/\//.test(found.url)) throw new UsageError(`source ${name} is a local folder (${found.url}); it takes no API key`);
    return found;
  }
  const first = http.find((s) => s.enabled);
  if (!first) throw new NotFoundError('no enabled http(s) source to log in to', 'add one with "loom plugin sources add <name> <url>"');
  return first;
}

async function readSecret(ctx: Context, prompt: string): Promise<string> {
  if (!ctx.io.stdin.isTTY) {
    let text = '';
    for await (const chunk of ctx.io.stdin) text += chunk;
    return text.trim();
  }
  // Prompt on stderr and keep the key off the screen: echo nothing while it is typed.
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) ctx.io.stderr.write(s);
    prompted = true;
  };
  try {
    return (await new Promise<string>((resolve) => rl.question(prompt, resolve))).trim();
  } finally {
    rl.close();
    ctx.io.stderr.write('\n');
  }
}

/**
 * Asks a registry server whose key this is, so a mistyped key is refused before it is saved. A static host has
 * no such question: its key is saved as given.
 */
async function verify(ctx: Context, source: SourceConfig, token: string): Promise<string | null> {
  if (!maybeServer(source)) return null;
  const refused = new AuthError(`${source.name} did not accept this API key`, 'check that you copied all of it (it starts with loom_), and that it is not revoked or expired');
  try {
    // the key given here, not one saved or configured: the source's own token hints do not apply
    const me = await new ServerSource({ ...source, token, tokenFrom: undefined, tokenVariables: undefined }, () => ctx.installId(), source.type === 'auto').me();
    if (!me) throw refused;
    return me.username;
  } catch (err) {
    if (err instanceof NotARegistryError) return null;
    if (err instanceof AuthError && err.code === 'UNAUTHENTICATED') throw refused;
    throw err;
  }
}

export function registerLogin(plugin: Command, ctx: Context): void {
  plugin
    .command('login')
    .description('save an API key for a registry source (in <LOOM_HOME>/credentials, mode 0600)')
    .option('--source <name>', 'the source (default: the first enabled http(s) source)')
    .addHelpText(
      'after',
      examples('loom plugin login                       # prompts for the key', 'loom plugin login --source team', 'echo "$KEY" | loom plugin login --source team   # scripts: the key on stdin'),
    )
    .action(async (options: { source?: string }) => {
      const source = pick(ctx, options.source);
      const token = await readSecret(ctx, `API key for ${source.name} (${source.url}): `);
      if (!token) throw new UsageError('no API key given', 'paste the key at the prompt, or pipe it on stdin');
      if (/\s/.test(token)) throw new UsageError('an API key has no spaces or line breaks', 'check what you pasted');
      const who = await verify(ctx, source, token);
      saveToken(ctx.paths.credentials, source.name, source.url, token);
      out(ctx.io, `${who ? `Logged in to ${source.name} as ${who}. ` : ''}Saved the API key for ${source.name}; it is sent only to ${source.url}.`);
    });

  plugin
    .command('logout')
    .description('forget the API key saved for a source')
    .option('--source <name>', 'the source (default: the first enabled http(s) source)')
    .addHelpText('after', examples('loom plugin logout', 'loom plugin logout --source team'))
    .action((options: { source?: string }) => {
      const name = options.source ?? pick(ctx, undefined).name;
      // A key saved for a source since removed can still be forgotten; a name nothing knows is a typo.
      if (deleteToken(ctx.paths.credentials, name)) out(ctx.io, `Forgot the API key for ${name}.`);
      else if (!ctx.allSources().some((s) => s.name === name)) throw new NotFoundError(`no source named "${name}"`, 'see "loom plugin sources list"');
      else note(ctx.io, `No API key was saved for ${name}.`);
    });
}
