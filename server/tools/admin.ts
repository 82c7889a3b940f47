import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import type { Em } from '../orm.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { UserService } from '../modules/accounts/user.service.js';
import { initRoot, keyFile, rotateOnline, rotateRoot } from '../modules/trust/tuf-admin.js';
import { onDatabase } from './with-database.js';

const USAGE = `usage: npm run admin -- <command> [options]     (database: DATABASE_URL, default ./data/registry.db)

  user create --name NAME --email EMAIL [--username HANDLE] [--role user|reviewer|admin]
      creates a user and prints their first API key (shown once)
  key create --user USERNAME|EMAIL [--name NAME] [--scopes publish,review,admin] [--expires-days N]
      prints a new API key for the user (shown once)
  key revoke ID
  key list --user USERNAME|EMAIL
  tuf init --root-key FILE --online-key FILE
      starts the signed catalog (docs/trust.md): 1.root.json; a key file that does not exist is created.
      Keep the root key offline; the servers sign with the online key (TUF_ONLINE_KEY_FILE).
  tuf rotate-root --root-key FILE --new-root-key FILE
      the next root, held by the new key, signed by the old and the new one
  tuf rotate-online --root-key FILE --new-online-key FILE
      the next root, naming the new online key; then give the servers that key

examples:
  npm run admin -- user create --name "Rita Reviewer" --email rita@example.com --role reviewer
  npm run admin -- key create --user rita --scopes review --expires-days 30`;

/** What each command takes: its options (all with a value), those it needs, and its one argument if any. */
const COMMANDS: Record<string, { options: string[]; required: string[]; argument?: string }> = {
  'user create': { options: ['name', 'email', 'username', 'role'], required: ['name', 'email'] },
  'key create': { options: ['user', 'name', 'scopes', 'expires-days'], required: ['user'] },
  'key revoke': { options: [], required: [], argument: 'the key id (see key list)' },
  'key list': { options: ['user'], required: ['user'] },
  'tuf init': { options: ['root-key', 'online-key'], required: ['root-key', 'online-key'] },
  'tuf rotate-root': { options: ['root-key', 'new-root-key'], required: ['root-key', 'new-root-key'] },
  'tuf rotate-online': { options: ['root-key', 'new-online-key'], required: ['root-key', 'new-online-key'] },
};

/** The option a person typed for each field the services name in their errors. */
const FLAGS: Record<string, string> = { displayName: '--name', name: '--name', email: '--email', username: '--username', role: '--role', scopes: '--scopes', expiresAt: '--expires-days' };

/** Where the admin CLI reads its settings (DATABASE_URL…) and writes its lines: the process's, or a test's. */
export interface AdminIo {
  env: NodeJS.ProcessEnv;
  out(line: string): void;
  err(line: string): void;
}

/** Asking for the usage, or a mistake in the command line: the usage is printed, then the exit code is 0 or 2. */
class UsageExit {
  constructor(readonly message?: string) {}
}

function usage(message?: string): never {
  throw new UsageExit(message);
}

/**
 * The command and its options, every mistake one `error:` line naming what was typed (exit 2). parseArgs' strict
 * mode would throw several lines and a stack instead, and take `--expires-days -1` for a missing value.
 */
function parseCommand(argv: string[]): { command: string; opts: Record<string, string>; argument?: string } {
  const [noun, verb, ...rest] = argv;
  if (!noun || noun === 'help' || noun === '--help' || noun === '-h') usage();
  const command = `${noun} ${verb ?? ''}`.trim();
  const spec = COMMANDS[command];
  if (!spec) usage(`unknown command "${command}"`);
  const { tokens } = parseArgs({ args: rest, strict: false, allowPositionals: true, tokens: true, options: Object.fromEntries(spec.options.map((o) => [o, { type: 'string' }])) });
  const opts: Record<string, string> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (token.name === 'help' || token.name === 'h') usage();
    if (!spec.options.includes(token.name)) usage(`unknown option ${token.rawName} for ${command}${spec.options.length ? ` (it takes ${spec.options.map((o) => `--${o}`).join(', ')})` : ''}`);
    if (token.value === undefined || token.value.startsWith('--')) usage(`${token.rawName} needs a value`);
    opts[token.name] = token.value;
  }
  const missing = spec.required.filter((o) => opts[o] === undefined);
  if (missing.length) usage(`${command} needs ${missing.map((o) => `--${o}`).join(' and ')}`);
  if (spec.argument && positionals.length === 0) usage(`${command} needs ${spec.argument}`);
  const extra = positionals.slice(spec.argument ? 1 : 0);
  if (extra.length) usage(`unexpected argument "${extra[0]}" (quote a value that has spaces)`);
  return { command, opts, argument: positionals[0] };
}

function expiryDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0) usage(`--expires-days must be a positive number of days, not "${value}"`);
  return days;
}

/** A service's error, in terms of the options typed: "--name: …" where the service says "displayName: …". */
function inTermsOfFlags(err: AppError): string {
  const field = err.details?.field;
  if (typeof field !== 'string' || !FLAGS[field] || !err.message.startsWith(`${field}: `)) return err.message;
  return FLAGS[field] + err.message.slice(field.length);
}

/**
 * `npm run admin -- <argv…>`: runs one command against the database DATABASE_URL names and answers its exit code
 * (0 done, 1 refused or failed, 2 a mistake in the command line, 3 not found). `admin-main.ts` runs it as the process.
 */
export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  try {
    return await admin(argv, io);
  } catch (err) {
    if (!(err instanceof UsageExit)) throw err;
    if (err.message) io.err(`error: ${err.message}\n`);
    io.err(USAGE);
    return err.message ? 2 : 0;
  }
}

async function admin(argv: string[], io: AdminIo): Promise<number> {
  const parsed = parseCommand(argv);
  const days = expiryDays(parsed.opts['expires-days']);
  let code = 0;
  const opened = await onDatabase(io, async (em) => {
    code = await perform(em, io, { ...parsed, days });
  });
  return opened ? code : 1;
}

/** One command's work on the database, and its exit code. */
async function perform(em: Em, io: AdminIo, { command, opts, argument, days }: ReturnType<typeof parseCommand> & { days?: number }): Promise<number> {
  const users = new UserService(new AuditService());
  const printKeys = (keys: [string, string, ReturnType<typeof keyFile>][]): void => {
    for (const [what, file, { key, created }] of keys) io.out(`${what} key ${key.key.keyID} ${created ? 'created in' : 'read from'} ${file}`);
  };
  try {
    switch (command) {
      case 'user create': {
        const { user, key } = await users.createUser(em, { displayName: opts.name, email: opts.email, username: opts.username, role: opts.role ?? 'user' });
        io.out(`created ${user.role} ${user.username} <${user.email}>`);
        io.out(`API key (shown once, store it now): ${key.key}`);
        io.out(`scopes: ${key.apiKey.scopes.join(', ')}`);
        break;
      }
      case 'key create': {
        const created = await users.createKey(em, await users.findUser(em, opts.user), {
          name: opts.name,
          scopes: opts.scopes?.split(',').map((s) => s.trim()),
          expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
        });
        io.out(`API key ${created.apiKey.id} (shown once, store it now): ${created.key}`);
        io.out(`scopes: ${created.apiKey.scopes.join(', ')}${created.apiKey.expiresAt ? `; expires ${created.apiKey.expiresAt.toISOString()}` : ''}`);
        break;
      }
      case 'key revoke': {
        const key = await users.revokeKey(em, argument!);
        io.out(`revoked key ${key.id} (${key.prefix}…)`);
        break;
      }
      case 'key list': {
        const keys = await users.listKeys(em, await users.findUser(em, opts.user));
        for (const k of keys) {
          const state = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt < new Date() ? 'expired' : 'active';
          io.out(`${k.id}\t${k.prefix}…\t${state}\t${k.scopes.join(',')}\t${k.name}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
        }
        break;
      }
      case 'tuf init': {
        const root = keyFile(opts['root-key']);
        const online = keyFile(opts['online-key']);
        await initRoot(em, root.key, online.key);
        printKeys([['root', opts['root-key'], root], ['online', opts['online-key'], online]]);
        io.out(`signed 1.root.json; start the servers with TUF_ONLINE_KEY_FILE=${opts['online-key']} and keep ${opts['root-key']} offline`);
        break;
      }
      case 'tuf rotate-root': {
        const next = keyFile(opts['new-root-key']);
        const root = await rotateRoot(em, keyFile(opts['root-key']).key, next.key);
        printKeys([['new root', opts['new-root-key'], next]]);
        io.out(`signed ${root.signed.version}.root.json with the old and the new root key; clients follow it at their next refresh`);
        break;
      }
      case 'tuf rotate-online': {
        const next = keyFile(opts['new-online-key']);
        const root = await rotateOnline(em, keyFile(opts['root-key']).key, next.key);
        printKeys([['new online', opts['new-online-key'], next]]);
        io.out(`signed ${root.signed.version}.root.json; restart the servers with TUF_ONLINE_KEY_FILE=${opts['new-online-key']}: until then they sign nothing`);
        break;
      }
    }
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`error: ${inTermsOfFlags(err)}`);
      return err.code === 'NOT_FOUND' ? 3 : 1;
    }
    throw err;
  }
  return 0;
}
