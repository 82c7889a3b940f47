import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { UserService } from '../modules/user/user.service.js';
import { withDatabase } from './cli-app.js';

const USAGE = `usage: npm run admin -- <command> [options]     (database: DATABASE_URL, default ./data/registry.db)

  user create --name NAME --email EMAIL [--username HANDLE] [--role user|reviewer|admin]
      creates a user and prints their first API key (shown once)
  key create --user USERNAME|EMAIL [--name NAME] [--scopes publish,review,admin] [--expires-days N]
      prints a new API key for the user (shown once)
  key revoke ID
  key list --user USERNAME|EMAIL

examples:
  npm run admin -- user create --name "Rita Reviewer" --email rita@example.com --role reviewer
  npm run admin -- key create --user rita --scopes review --expires-days 30`;

const [noun, verb, ...rest] = process.argv.slice(2);
const { values: opts, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string', default: 'user' },
    user: { type: 'string' },
    scopes: { type: 'string' },
    'expires-days': { type: 'string' },
  },
});

function usage(message?: string): never {
  if (message) console.error(`error: ${message}\n`);
  console.error(USAGE);
  process.exit(message ? 2 : 0);
}

const users = new UserService(new AuditService());
const command = `${noun ?? ''} ${verb ?? ''}`.trim();
if (!noun || noun === '--help' || noun === 'help') usage();

await withDatabase(async (em) => {
  try {
    switch (command) {
      case 'user create': {
        if (!opts.name || !opts.email) usage('user create needs --name and --email');
        const { user, key } = await users.createUser(em, { displayName: opts.name, email: opts.email, username: opts.username, role: opts.role! });
        console.log(`created ${user.role} ${user.username} <${user.email}>`);
        console.log(`API key (shown once, store it now): ${key.key}`);
        console.log(`scopes: ${key.apiKey.scopes.join(', ')}`);
        break;
      }
      case 'key create': {
        if (!opts.user) usage('key create needs --user');
        const days = opts['expires-days'] === undefined ? undefined : Number(opts['expires-days']);
        if (days !== undefined && !(days > 0)) usage('--expires-days must be a positive number');
        const created = await users.createKey(em, await users.findUser(em, opts.user), {
          name: opts.name,
          scopes: opts.scopes?.split(',').map((s) => s.trim()),
          expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
        });
        console.log(`API key ${created.apiKey.id} (shown once, store it now): ${created.key}`);
        console.log(`scopes: ${created.apiKey.scopes.join(', ')}${created.apiKey.expiresAt ? `; expires ${created.apiKey.expiresAt.toISOString()}` : ''}`);
        break;
      }
      case 'key revoke': {
        if (!positionals[0]) usage('key revoke needs the key id (see key list)');
        const key = await users.revokeKey(em, positionals[0]);
        console.log(`revoked key ${key.id} (${key.prefix}…)`);
        break;
      }
      case 'key list': {
        if (!opts.user) usage('key list needs --user');
        const keys = await users.listKeys(em, await users.findUser(em, opts.user));
        for (const k of keys) {
          const state = k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt < new Date() ? 'expired' : 'active';
          console.log(`${k.id}\t${k.prefix}…\t${state}\t${k.scopes.join(',')}\t${k.name}\tlast used ${k.lastUsedAt?.toISOString() ?? 'never'}`);
        }
        break;
      }
      default:
        usage(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`error: ${err.message}`);
      process.exitCode = err.code === 'NOT_FOUND' ? 3 : 1;
      return;
    }
    throw err;
  }
});
