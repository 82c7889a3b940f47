import type { Command } from 'commander';
import type { SourceConfig } from '../config/config.js';
import { deleteToken, saveToken } from '../config/credentials.js';
import type { Context } from '../context.js';
import { AuthError, NotFoundError, UsageError } from '../errors.js';
import { NotARegistryError, ServerSource } from '../sources/server.js';
import { maybeServer } from '../sources/sources.js';
import { done, note, out, paint, warn } from '../output/io.js';
import { openUrl } from '../tui/system.js';
import type { TokenAnswer } from '../../domain/oauth.js';
import { startDeviceLogin, waitForToken } from '../sources/device-login.js';
import { examples, jsonOption, parseList } from './common.js';

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

/** What a login prints when it is done; the JSON line for `--json`. */
function loggedIn(ctx: Context, source: SourceConfig, who: string | null, json: boolean, scopes?: string): void {
  if (json) {
    ctx.io.stdout.write(`${JSON.stringify({ event: 'logged_in', source: source.name, url: source.url, username: who, ...(scopes !== undefined ? { scopes: scopes.split(' ').filter(Boolean) } : {}) })}\n`);
    return;
  }
  done(ctx.io, `${who ? `Logged in to ${source.name} as ${who}. ` : ''}Saved the API key for ${source.name}; it is sent only to ${source.url}.`);
}

/**
 * The device flow (RFC 8628): a code to enter at the registry's /device page, signed in there, while this polls for
 * the key. Instructions go to stderr (stdout stays for `--json`'s lines), as `gh auth login --web` does.
 */
async function deviceLogin(ctx: Context, source: SourceConfig, options: { web?: boolean; scopes?: string[]; json?: boolean }): Promise<void> {
  if (!maybeServer(source)) {
    throw new UsageError(`source ${source.name} is a static registry.json host: it has no login page`, 'paste a key for it instead: loom plugin login --with-token');
  }
  const base = source.url.replace(/\/+$/, '').replace(/\/graphql$/, '');
  // Ctrl-C stops the wait, not the process: the command ends in its own words (and with nothing saved). Listening
  // before anything is printed, so a Ctrl-C right after the code appears is caught too.
  const stop = new AbortController();
  const cancel = () => stop.abort();
  process.once('SIGINT', cancel);
  try {
    const token = await deviceToken(ctx, source, base, options, stop.signal);
    const who = await verify(ctx, source, token.access_token);
    saveToken(ctx.paths.credentials, source.name, source.url, token.access_token);
    loggedIn(ctx, source, who, Boolean(options.json), token.scope);
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

/** Shows the code and the page (and opens it with --web), then waits for the key. */
async function deviceToken(ctx: Context, source: SourceConfig, base: string, options: { web?: boolean; scopes?: string[]; json?: boolean }, signal: AbortSignal): Promise<TokenAnswer> {
  const started = await startDeviceLogin(base, source.name, options.scopes);
  const complete = started.verification_uri_complete ?? started.verification_uri;
  if (options.json) {
    const { user_code, verification_uri, verification_uri_complete, expires_in, interval } = started;
    ctx.io.stdout.write(`${JSON.stringify({ event: 'device_code', source: source.name, user_code, verification_uri, verification_uri_complete, expires_in, interval })}\n`);
  } else {
    note(ctx.io, `${paint(ctx.io.colorErr, 'yellow', '!')} First copy your one-time code: ${paint(ctx.io.colorErr, 'bold', started.user_code)}`);
    note(ctx.io, `Then open ${started.verification_uri} in a browser, signed in to ${source.name}, and enter it`);
    if (complete !== started.verification_uri) note(ctx.io, `(or open ${complete}, which fills it in).`);
  }
  if (options.web) {
    await openUrl(complete, ctx.env).then(
      (said) => options.json || note(ctx.io, said),
      (err: Error) => warn(ctx.io, `${err.message}; open the address above yourself`),
    );
  }
  if (!options.json) note(ctx.io, `Waiting for approval (the code expires in ${Math.round(started.expires_in / 60)} minutes; Ctrl-C cancels)…`);
  return waitForToken(base, source.name, started, signal);
}

export function registerLogin(plugin: Command, ctx: Context): void {
  plugin
    .command('login')
    .description('log in to a registry source: approve this device in the browser, or paste an API key (saved in <LOOM_HOME>/credentials, mode 0600)')
    .option('--source <name>', 'the source (default: the first enabled http(s) source)')
    .option('--with-token', 'paste an API key instead (from stdin, or at a hidden prompt on a terminal)')
    .option('--web', 'open the login page in the browser ($BROWSER, else the desktop\'s opener)')
    .option('--scopes <list>', 'ask for fewer scopes than your account may hold, comma-separated (publish, review, admin)', parseList)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'loom plugin login                       # shows a code to approve at the registry\'s /device page',
        'loom plugin login --web                 # …and opens that page',
        'loom plugin login --scopes publish      # a key that can publish, nothing more',
        'loom plugin login --with-token          # paste an API key made on /settings',
        'echo "$KEY" | loom plugin login --source team   # scripts: the key on stdin',
      ),
    )
    .action(async (options: { source?: string; withToken?: boolean; web?: boolean; scopes?: string[]; json?: boolean }) => {
      const source = pick(ctx, options.source);
      // a key piped in (as scripts have always done) is pasted; a terminal, or nothing on stdin, logs in in the browser
      const piped = options.withToken || ctx.io.stdin.isTTY ? undefined : await readSecret(ctx, '');
      if (!options.withToken && !piped) {
        if (options.scopes?.length === 0) throw new UsageError('--scopes: name at least one scope', 'publish, review or admin');
        return deviceLogin(ctx, source, options);
      }
      const token = piped ?? (await readSecret(ctx, `API key for ${source.name} (${source.url}): `));
      if (!token) throw new UsageError('no API key given', 'paste the key at the prompt, or pipe it on stdin');
      if (/\s/.test(token)) throw new UsageError('an API key has no spaces or line breaks', 'check what you pasted');
      const who = await verify(ctx, source, token);
      saveToken(ctx.paths.credentials, source.name, source.url, token);
      loggedIn(ctx, source, who, Boolean(options.json));
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
