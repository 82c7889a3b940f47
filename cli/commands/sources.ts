import { Option, type Command } from 'commander';
import type { YAMLSeq } from 'yaml';
import { editSources, isMapNode, loomSourceUrl, NAME_PATTERN, type SourceConfig, type UrlRewrite } from '../config/config.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { done, note, out, printJson, warn, type Io } from '../output/io.js';
import { renderTable } from '../output/table.js';
import { examples, jsonOption, refuseUnknownSubcommand } from './common.js';

/** `sources list --json` item. */
interface SourceView {
  name: string;
  url: string;
  type: string;
  enabled: boolean;
  /** Whether a token is configured or saved by login (never the token itself). */
  auth: boolean;
  origin: SourceConfig['origin'];
}

function indexOf(sources: YAMLSeq, name: string): number {
  return sources.items.findIndex((item) => isMapNode(item) && item.get('name') === name);
}

function requireConfigured(ctx: Context, sources: YAMLSeq, name: string): number {
  const i = indexOf(sources, name);
  if (i >= 0) return i;
  const implicit = ctx.allSources().find((s) => s.name === name && s.origin === 'implicit');
  if (implicit) throw new UsageError(`source "${name}" is a local registry folder found on disk, not a configured source`, `add it to ${ctx.paths.config} to change it: loom plugin sources add ${name} ${implicit.url}`);
  throw new NotFoundError(`no source named "${name}" in ${ctx.paths.config}`, 'see "loom plugin sources list"');
}

/** Says which URLs were written another way than they were, and why. */
function noteRewrites(io: Io, rewrites: UrlRewrite[]): void {
  for (const r of rewrites) note(io, `Wrote the url of source ${r.name} as ${r.to} (was ${r.from}): Loom's client reads it as written, with no trailing slash and no ~.`);
}

export function registerSources(plugin: Command, ctx: Context): void {
  const sources = plugin
    .command('sources')
    .description(`manage registry sources (plugin_registry.sources in <LOOM_HOME>/config.yaml)`)
    .addHelpText(
      'after',
      examples(
        'loom plugin sources list',
        'loom plugin sources add dev http://localhost:8080 --type loom-registry --first',
        'loom plugin sources add team https://plugins.example.com --token-env TEAM_REGISTRY_TOKEN',
        'loom plugin sources disable official',
      ),
    );

  sources
    .command('list', { isDefault: true })
    .description('list the sources in precedence order (the first source wins a duplicate id)')
    .allowExcessArguments()
    .addOption(jsonOption())
    .addHelpText('after', examples('loom plugin sources list', 'loom plugin sources list --json'))
    .action(async (options: { json?: boolean }, command: Command) => {
      await refuseUnknownSubcommand(sources, command.args);
      const views: SourceView[] = ctx.allSources().map((s) => ({ name: s.name, url: s.url, type: s.url.startsWith('file://') ? 'file' : s.type, enabled: s.enabled, auth: Boolean(s.token), origin: s.origin }));
      if (options.json) return printJson(ctx.io, { config: ctx.paths.config, sources: views });
      out(
        ctx.io,
        renderTable(ctx.io, [
          { header: 'NAME', value: (s) => s.name },
          { header: 'ENABLED', value: (s) => (s.enabled ? 'yes' : 'no'), style: (s) => (s.enabled ? undefined : 'dim') },
          { header: 'TYPE', value: (s) => s.type },
          { header: 'AUTH', value: (s) => (s.auth ? 'token' : '') },
          { header: 'URL', value: (s) => s.url, flex: true },
        ], views),
      );
      for (const s of ctx.config().sources) {
        if (loomSourceUrl(s.url, ctx.env) !== s.url) warn(ctx.io, `source ${s.name}: Loom's client cannot read ${s.url} (it requests <url>/registry.json as written and does not expand ~); any "loom plugin sources" change writes it as ${loomSourceUrl(s.url, ctx.env)}`);
      }
      const config = ctx.config();
      note(ctx.io, config.fromFile ? `From ${ctx.paths.config}.` : `Built-in defaults (no sources in ${ctx.paths.config}); LOOM_REGISTRY_URL, when set, replaces the official URL.`);
    });

  sources
    .command('add')
    .description('add a source (last in precedence unless --first)')
    .argument('<name>', 'a short name: letters, digits, ".", "_" or "-"')
    .argument('<url>', 'http(s):// registry or static host, or file:// folder holding registry.json')
    .addOption(new Option('--type <type>', 'how to read it (default: detect)').choices(['loom-registry', 'static']))
    .option('--token-env <VAR>', 'send the token in this environment variable (written as ${VAR}, never the token itself)')
    .option('--first', 'put it first, so it wins duplicate ids')
    .option('--disabled', 'add it disabled')
    .option('--root <file>', "trust this TUF root (the registry's 1.root.json) instead of the one first fetched; implies --require-signatures")
    .option('--require-signatures', 'refuse installs from it unless its signed metadata verifies')
    .addHelpText('after', examples('loom plugin sources add dev http://localhost:8080 --first', 'loom plugin sources add mirror https://mirror.example.com --type static', 'loom plugin sources add team file:///srv/loom-registry', 'loom plugin sources add corp https://plugins.corp.example --root 1.root.json'))
    .action(async (name: string, url: string, options: { type?: string; tokenEnv?: string; first?: boolean; disabled?: boolean; root?: string; requireSignatures?: boolean }) => {
      const trust = options.root || options.requireSignatures ? await import('../install/trust.js') : undefined;
      const root = options.root ? trust!.readRoot(options.root) : undefined;
      if (!NAME_PATTERN.test(name)) throw new UsageError(`"${name}" is not a valid source name`, 'use letters, digits, ".", "_" or "-"');
      if (!/^(https?|file):\/\//.test(url)) throw new UsageError(`"${url}" is not an http(s):// or file:// URL`);
      if (options.tokenEnv && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.tokenEnv)) throw new UsageError(`"${options.tokenEnv}" is not an environment variable name`);
      const rewrites = editSources(ctx.paths.config, ctx.env, ctx.paths.home, (list, doc) => {
        if (indexOf(list, name) >= 0) throw new UsageError(`a source named "${name}" already exists`, `remove it first ("loom plugin sources remove ${name}"), or choose another name`);
        const item: Record<string, unknown> = { name, url, enabled: !options.disabled };
        if (options.type) item.type = options.type;
        if (options.tokenEnv) item.auth = { type: 'token', token: `\${${options.tokenEnv}}` };
        const node = doc.createNode(item);
        if (options.first) list.items.unshift(node);
        else list.items.push(node);
      });
      noteRewrites(ctx.io, rewrites.filter((r) => r.name !== name));
      trust?.pinSource(ctx, { name, url: loomSourceUrl(url, ctx.env) }, root);
      done(ctx.io, `Added source ${name} (${loomSourceUrl(url, ctx.env)}) to ${ctx.paths.config}${trust ? '; installs from it need valid signatures' : ''}.`);
    });

  sources
    .command('remove')
    .description('remove a source from the config file')
    .argument('<name>')
    .addHelpText('after', examples('loom plugin sources remove team'))
    .action((name: string) => {
      noteRewrites(
        ctx.io,
        editSources(ctx.paths.config, ctx.env, ctx.paths.home, (list) => {
          list.items.splice(requireConfigured(ctx, list, name), 1);
        }),
      );
      done(ctx.io, `Removed source ${name}.`);
    });

  for (const [verb, enabled] of [['enable', true], ['disable', false]] as const) {
    sources
      .command(verb)
      .description(`${verb} a source`)
      .argument('<name>')
      .addHelpText('after', examples(`loom plugin sources ${verb} official`))
      .action((name: string) => {
        noteRewrites(
          ctx.io,
          editSources(ctx.paths.config, ctx.env, ctx.paths.home, (list) => {
            const item = list.items[requireConfigured(ctx, list, name)];
            if (isMapNode(item)) item.set('enabled', enabled);
          }),
        );
        done(ctx.io, `${enabled ? 'Enabled' : 'Disabled'} source ${name}.`);
      });
  }
}
