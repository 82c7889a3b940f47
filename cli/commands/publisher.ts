import { Option, type Command } from 'commander';
import {
  AccountDocument,
  AddMaintainerDocument,
  CreateApiKeyDocument,
  DeprecatePluginDocument,
  MySubmissionsDocument,
  PluginPeopleDocument,
  RemoveMaintainerDocument,
  ResubmitPluginDocument,
  RevokeApiKeyDocument,
  TransferOwnershipDocument,
  UndeprecatePluginDocument,
  UnyankVersionDocument,
  WithdrawSubmissionDocument,
  YankVersionDocument,
  type ApiKeyFactsFragment,
  type PluginPeopleFragment,
  type SubmissionStatus,
  type SubmissionSummaryFragment,
} from '../../client/gql/graphql.js';
import type { Context } from '../context.js';
import { AuthError, NotFoundError, UsageError } from '../errors.js';
import { day } from '../output/format.js';
import { done, note, out, printJson, warn } from '../output/io.js';
import { step } from '../output/progress.js';
import { renderTable } from '../output/table.js';
import type { ServerSource } from '../sources/server.js';
import { examples, jsonOption, parseList, plural, refuseUnknownSubcommand } from './common.js';
import { target } from './review.js';
import { lower, readSubmission } from './submit.js';

const sourceOption = () => new Option('--source <name>', 'the registry (default: the first registry server)');

/** `[source/]id@version`, both parts required. */
function versionRef(ref: string, source: string | undefined): { source: string | undefined; id: string; version: string } {
  const at = ref.lastIndexOf('@');
  if (at <= 0 || at === ref.length - 1) throw new UsageError(`"${ref}" names no version`, 'write <id>@<version>, e.g. my-plugin@1.2.0');
  return { ...target(ref.slice(0, at), source), version: ref.slice(at + 1) };
}

/** The server and plugin id a `[source/]id` argument names. */
function pluginTarget(ctx: Context, ref: string, source: string | undefined): { server: ServerSource; id: string } {
  const t = target(ref, source);
  return { server: ctx.server(t.source), id: t.id };
}

const people = (p: PluginPeopleFragment) => ({ id: p.id, owner: p.owner?.username ?? null, maintainers: p.maintainers.map((m) => m.username) });

const submissionView = (s: SubmissionSummaryFragment) => ({
  submission_id: s.id,
  plugin_id: s.pluginId,
  version: s.version,
  status: lower(s.status),
  checks_state: lower(s.checksState),
  notes: s.notes,
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

const keyView = (k: ApiKeyFactsFragment) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  created_at: k.createdAt,
  expires_at: k.expiresAt,
  last_used_at: k.lastUsedAt,
  revoked_at: k.revokedAt,
});

function printPeople(ctx: Context, p: PluginPeopleFragment, json: boolean | undefined, what?: string): void {
  const view = people(p);
  if (json) return printJson(ctx.io, { plugin: view });
  if (what) done(ctx.io, what);
  out(ctx.io, `${view.id}: owner ${view.owner ?? '(none)'}; maintainers ${view.maintainers.length ? view.maintainers.join(', ') : '(none)'}`);
}

function registerVersions(plugin: Command, ctx: Context): void {
  plugin
    .command('yank')
    .description('owners and maintainers: hide a version from installs, saying why (installed copies stay)')
    .argument('<id@version>', 'the version, e.g. my-plugin@1.2.0 (or source/id@version)')
    .requiredOption('--reason <text>', 'why: shown to everyone who has it installed')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin yank my-plugin@1.2.0 --reason "Breaks streaming"', 'loom plugin unyank my-plugin@1.2.0'))
    .action(async (ref: string, options: { reason: string; source?: string; json?: boolean }) => {
      const { source, id, version } = versionRef(ref, options.source);
      const server = ctx.server(source);
      const { yankVersion: v } = await server.request(YankVersionDocument, { pluginId: id, version, reason: options.reason });
      if (options.json) return printJson(ctx.io, { version: { plugin_id: id, version: v.version, yanked_reason: v.yankedReason }, warnings: v.warnings });
      done(ctx.io, `Yanked ${id} ${v.version} on ${server.config.name}: ${v.yankedReason}`);
      // plugins whose dependency range the version satisfied (the yank stands; their publishers may need to act)
      for (const warning of v.warnings) warn(ctx.io, warning);
    });

  plugin
    .command('unyank')
    .description('owners and maintainers: make a yanked version installable again')
    .argument('<id@version>', 'the version, e.g. my-plugin@1.2.0')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin unyank my-plugin@1.2.0'))
    .action(async (ref: string, options: { source?: string; json?: boolean }) => {
      const { source, id, version } = versionRef(ref, options.source);
      const server = ctx.server(source);
      const { unyankVersion: v } = await server.request(UnyankVersionDocument, { pluginId: id, version });
      if (options.json) return printJson(ctx.io, { version: { plugin_id: id, version: v.version, yanked_reason: v.yankedReason } });
      done(ctx.io, `Unyanked ${id} ${v.version} on ${server.config.name}`);
    });

  plugin
    .command('deprecate')
    .description('owners and maintainers: mark a plugin deprecated, optionally naming its replacement')
    .argument('<id>', 'plugin id, or source/id')
    .requiredOption('--message <text>', 'why, and what to do instead')
    .option('--replacement <id>', 'the plugin to use instead')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin deprecate my-plugin --message "Superseded" --replacement my-plugin-v2', 'loom plugin undeprecate my-plugin'))
    .action(async (ref: string, options: { message: string; replacement?: string; source?: string; json?: boolean }) => {
      const { server, id } = pluginTarget(ctx, ref, options.source);
      const { deprecatePlugin: p } = await server.request(DeprecatePluginDocument, { id, message: options.message, replacement: options.replacement });
      if (options.json) return printJson(ctx.io, { plugin: { id: p.id, deprecated: p.deprecated } });
      done(ctx.io, `Deprecated ${p.id} on ${server.config.name}: ${p.deprecated?.message}${p.deprecated?.replacement ? ` (use ${p.deprecated.replacement} instead)` : ''}`);
    });

  plugin
    .command('undeprecate')
    .description('owners and maintainers: take back a deprecation')
    .argument('<id>', 'plugin id, or source/id')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin undeprecate my-plugin'))
    .action(async (ref: string, options: { source?: string; json?: boolean }) => {
      const { server, id } = pluginTarget(ctx, ref, options.source);
      const { undeprecatePlugin: p } = await server.request(UndeprecatePluginDocument, { id });
      if (options.json) return printJson(ctx.io, { plugin: { id: p.id, deprecated: p.deprecated } });
      done(ctx.io, `${p.id} is no longer deprecated on ${server.config.name}`);
    });
}

function registerOwners(plugin: Command, ctx: Context): void {
  const owner = plugin
    .command('owner')
    .description('who may publish a plugin: its owner and maintainers')
    .addHelpText('after', examples('loom plugin owner list my-plugin', 'loom plugin owner add my-plugin alice', 'loom plugin owner remove my-plugin alice', 'loom plugin owner transfer my-plugin bob'));

  owner
    .command('list', { isDefault: true })
    .description('show the owner and the maintainers')
    .argument('<id>', 'plugin id, or source/id')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin owner list my-plugin --json'))
    .action(async (ref: string, options: { source?: string; json?: boolean }) => {
      const { server, id } = pluginTarget(ctx, ref, options.source);
      const { plugin: p } = await step(ctx.io, `Asking ${server.config.name}`, server.request(PluginPeopleDocument, { id }));
      if (!p) throw new NotFoundError(`plugin "${id}" not found on ${server.config.name}`);
      printPeople(ctx, p, options.json);
    });

  type Vars = { pluginId: string; username: string };
  const changes: [string, string, string, (server: ServerSource, vars: Vars) => Promise<PluginPeopleFragment>][] = [
    ['add', 'let a user publish versions (as a maintainer)', 'Added maintainer', async (server, vars) => (await server.request(AddMaintainerDocument, vars)).addMaintainer],
    ['remove', 'stop a maintainer from publishing', 'Removed maintainer', async (server, vars) => (await server.request(RemoveMaintainerDocument, vars)).removeMaintainer],
    ['transfer', 'owners: give the plugin to another user', 'Transferred ownership to', async (server, vars) => (await server.request(TransferOwnershipDocument, vars)).transferOwnership],
  ];
  for (const [verb, description, past, change] of changes) {
    owner
      .command(verb)
      .description(description)
      .argument('<id>', 'plugin id, or source/id')
      .argument('<username>')
      .addOption(sourceOption())
      .addOption(jsonOption())
      .addHelpText('after', examples(`loom plugin owner ${verb} my-plugin alice`))
      .action(async (ref: string, username: string, options: { source?: string; json?: boolean }) => {
        const { server, id } = pluginTarget(ctx, ref, options.source);
        printPeople(ctx, await change(server, { pluginId: id, username }), options.json, `${past} ${username} (${id} on ${server.config.name})`);
      });
  }
}

function registerAccount(plugin: Command, ctx: Context): void {
  plugin
    .command('whoami')
    .description('the account your API key belongs to')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin whoami', 'loom plugin whoami --source team --json'))
    .action(async (options: { source?: string; json?: boolean }) => {
      const server = ctx.server(options.source);
      const { me } = await step(ctx.io, `Asking ${server.config.name}`, server.request(AccountDocument, {}));
      if (!me) throw new AuthError(`not logged in to ${server.config.name}`, `save an API key with "loom plugin login --source ${server.config.name}"`);
      const account = { source: server.config.name, username: me.username, display_name: me.displayName, email: me.email, role: lower(me.role), scopes: me.scopes };
      if (options.json) return printJson(ctx.io, { account });
      out(ctx.io, `${account.username} (${account.display_name}, ${account.email}) on ${account.source}: ${account.role}; this key may ${account.scopes.join(', ')}`);
    });

  const keys = plugin
    .command('keys')
    .description('your API keys on a registry')
    .addHelpText('after', examples('loom plugin keys list', 'loom plugin keys create --name ci --scopes publish --expires 2027-06-30', 'loom plugin keys revoke <key-id>'));

  keys
    .command('list', { isDefault: true })
    .description('list your API keys (never the secrets)')
    .allowExcessArguments()
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin keys list --json'))
    .action(async (options: { source?: string; json?: boolean }, command: Command) => {
      await refuseUnknownSubcommand(keys, command.args);
      const server = ctx.server(options.source);
      const { me } = await step(ctx.io, `Asking ${server.config.name}`, server.request(AccountDocument, {}));
      if (!me) throw new AuthError(`not logged in to ${server.config.name}`, `save an API key with "loom plugin login --source ${server.config.name}"`);
      const list = me.apiKeys.map(keyView);
      if (options.json) return printJson(ctx.io, { api_keys: list });
      out(
        ctx.io,
        renderTable(ctx.io, [
          { header: 'ID', value: (k) => k.id },
          { header: 'NAME', value: (k) => k.name },
          { header: 'PREFIX', value: (k) => k.prefix },
          { header: 'SCOPES', value: (k) => k.scopes.join(','), drop: 2 },
          { header: 'CREATED', value: (k) => day(k.created_at), drop: 3 },
          { header: 'EXPIRES', value: (k) => day(k.expires_at) || 'never', drop: 1 },
          { header: 'STATE', value: (k) => (k.revoked_at ? 'revoked' : 'active'), style: (k) => (k.revoked_at ? 'dim' : undefined) },
        ], list),
      );
    });

  keys
    .command('create')
    .description('create an API key (shown once: store it now)')
    .option('--name <name>', 'what it is for, e.g. ci')
    .option('--scopes <a,b>', 'what it may do (default: those of the key making the call)', parseList)
    .option('--expires <YYYY-MM-DD>', 'when it stops working (default: as the key making the call)')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin keys create --name ci --scopes publish', 'loom plugin keys create --name laptop --expires 2027-01-01 --json | jq -r .key'))
    .action(async (options: { name?: string; scopes?: string[]; expires?: string; source?: string; json?: boolean }) => {
      let expiresAt: string | undefined;
      if (options.expires !== undefined) {
        const when = new Date(options.expires);
        if (!/^\d{4}-\d\d-\d\d/.test(options.expires) || Number.isNaN(when.getTime())) throw new UsageError(`"${options.expires}" is not a date`, 'write it as YYYY-MM-DD');
        expiresAt = when.toISOString();
      }
      const server = ctx.server(options.source);
      const { createApiKey } = await server.request(CreateApiKeyDocument, { name: options.name, scopes: options.scopes, expiresAt });
      const key = keyView(createApiKey.apiKey);
      if (options.json) return printJson(ctx.io, { api_key: key, key: createApiKey.key });
      done(ctx.io, `Created API key ${key.id} (${key.name || 'unnamed'}; ${key.scopes.join(', ')}; expires ${day(key.expires_at) || 'never'}) on ${server.config.name}:`);
      out(ctx.io, createApiKey.key);
      note(ctx.io, 'It is shown only this once. Use it with: loom plugin login');
    });

  keys
    .command('revoke')
    .description('revoke one of your API keys; it stops working at once')
    .argument('<key-id>', 'as "loom plugin keys list" shows it')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin keys revoke 42'))
    .action(async (id: string, options: { source?: string; json?: boolean }) => {
      const server = ctx.server(options.source);
      const { revokeApiKey } = await server.request(RevokeApiKeyDocument, { id });
      if (options.json) return printJson(ctx.io, { api_key: keyView(revokeApiKey) });
      done(ctx.io, `Revoked API key ${revokeApiKey.id} (${revokeApiKey.name || 'unnamed'}) on ${server.config.name}`);
    });
}

const STATUSES = ['pending_review', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn'] as const;

function registerSubmissions(plugin: Command, ctx: Context): void {
  plugin
    .command('submissions')
    .description('your submissions (for reviewers: the review queue), oldest first')
    .addOption(new Option('--status <status>', 'only those in this state').choices(STATUSES))
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin submissions', 'loom plugin submissions --status changes_requested --json'))
    .action(async (options: { status?: (typeof STATUSES)[number]; source?: string; json?: boolean }) => {
      const server = ctx.server(options.source);
      const status = options.status?.toUpperCase() as SubmissionStatus | undefined;
      const all: SubmissionSummaryFragment[] = [];
      let after: string | undefined;
      let total = 0;
      await step(
        ctx.io,
        `Asking ${server.config.name}`,
        (async () => {
          for (;;) {
            const { submissions } = await server.request(MySubmissionsDocument, { status, first: 100, after });
            all.push(...submissions.nodes);
            total = submissions.totalCount;
            if (!submissions.pageInfo.hasNextPage || !submissions.pageInfo.endCursor) return;
            after = submissions.pageInfo.endCursor;
          }
        })(),
      );
      const list = all.map(submissionView);
      if (options.json) return printJson(ctx.io, { submissions: list, total });
      if (list.length === 0) return note(ctx.io, `No submissions${options.status ? ` ${options.status.replace('_', ' ')}` : ''} on ${server.config.name}.`);
      out(
        ctx.io,
        renderTable(ctx.io, [
          { header: 'ID', value: (s) => s.submission_id },
          { header: 'PLUGIN', value: (s) => `${s.plugin_id}@${s.version}` },
          { header: 'STATUS', value: (s) => s.status.replace('_', ' ') },
          { header: 'CHECKS', value: (s) => s.checks_state, drop: 2 },
          { header: 'UPDATED', value: (s) => day(s.updated_at), drop: 1 },
          { header: 'NOTES', value: (s) => s.notes ?? '', flex: true },
        ], list),
      );
      note(ctx.io, `${plural(total, 'submission')}; details: loom plugin status <id>`);
    });

  plugin
    .command('withdraw')
    .description('take back a submission still under way (pending, in review or sent back); frees its id@version')
    .argument('<submission-id>')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin withdraw sub-123456'))
    .action(async (id: string, options: { source?: string; json?: boolean }) => {
      const server = ctx.server(options.source);
      const submission = submissionView((await server.request(WithdrawSubmissionDocument, { id })).withdrawSubmission);
      if (options.json) return printJson(ctx.io, { submission });
      done(ctx.io, `Withdrew ${submission.submission_id} (${submission.plugin_id} ${submission.version})`);
    });

  plugin
    .command('resubmit')
    .description('send a corrected registry-submission.json after changes were requested')
    .argument('<submission-id>')
    .argument('<file>', 'the corrected registry-submission.json')
    .addOption(sourceOption())
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin resubmit sub-123456 registry-submission.json', 'loom plugin status sub-123456'))
    .action(async (id: string, file: string, options: { source?: string; json?: boolean }) => {
      const payload = readSubmission(ctx, file);
      const server = ctx.server(options.source);
      const submission = submissionView((await step(ctx.io, `Resubmitting to ${server.config.name}`, server.request(ResubmitPluginDocument, { id, submission: payload }))).resubmitPlugin);
      if (options.json) return printJson(ctx.io, { submission });
      done(ctx.io, `Resubmitted ${submission.submission_id} (${submission.plugin_id} ${submission.version}): ${submission.status.replace('_', ' ')}`);
      out(ctx.io, `Follow it with: loom plugin status ${submission.submission_id}`);
    });
}

/** What a publisher does after submitting: versions, deprecation, maintainers, keys, submissions. */
export function registerPublisher(plugin: Command, ctx: Context): void {
  registerVersions(plugin, ctx);
  registerOwners(plugin, ctx);
  registerAccount(plugin, ctx);
  registerSubmissions(plugin, ctx);
}
