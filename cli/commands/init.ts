import path from 'node:path';
import { Option, type Command } from 'commander';
import { LANGUAGES, pluginFacts, render, ScaffoldError, writeScaffold, type Language } from '../init/scaffold.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { out, paint, printJson } from '../output/io.js';
import { examples, jsonOption } from './common.js';

interface InitOptions {
  providerType?: string;
  language: Language;
  name?: string;
  description?: string;
  author?: string;
  email?: string;
  repository?: string;
  pluginVersion?: string;
  json?: boolean;
}

export function registerInit(plugin: Command, ctx: Context): void {
  plugin
    .command('init')
    .description('scaffold a plugin project that passes "loom plugin test" as it is: server, plugin.yaml, registry-submission.json, Dockerfile, README, tests, CI')
    .argument('[dir]', 'the folder to create it in (default: here)', '.')
    .option('--provider-type <type>', 'the provider key Loom knows the plugin by (default: the folder\'s name)')
    .addOption(new Option('--language <language>', 'of the server').choices([...LANGUAGES]).default('typescript'))
    .option('--name <name>', 'display name (default: from the provider type)')
    .option('--description <text>', 'one line for the registry')
    .option('--author <name>', 'your name, for the manifest and the licence')
    .option('--email <address>', 'the submission\'s contact email')
    .option('--repository <url>', 'the https URL the code will live at (default: https://github.com/you/<id>)')
    .option('--plugin-version <semver>', 'the first version', '0.1.0')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      examples(
        'loom plugin init my-provider',
        'loom plugin init acme --language python --author "Ada Lovelace" --email ada@example.com --repository https://github.com/ada/loom-acme',
        'cd my-provider && npm start     # then, in another terminal:',
        'loom plugin test http://localhost:8090',
      ),
    )
    .action(async (dir: string, options: InitOptions) => {
      const target = path.resolve(ctx.cwd, dir);
      const providerType = options.providerType ?? path.basename(target).toLowerCase();
      let files: Map<string, string>;
      let facts;
      try {
        facts = pluginFacts(providerType, {
          name: options.name,
          description: options.description,
          author: options.author,
          contact_email: options.email,
          repository: options.repository,
          version: options.pluginVersion,
        });
        files = render(options.language, facts);
        writeScaffold(target, files);
      } catch (err) {
        if (!(err instanceof ScaffoldError)) throw err;
        throw new UsageError(err.message, options.providerType ? undefined : 'name the provider type with --provider-type');
      }
      const where = path.relative(ctx.cwd, target) || '.';
      if (options.json) return printJson(ctx.io, { created: { dir: target, language: options.language, id: facts.id, provider_type: facts.provider_type, version: facts.version, files: [...files.keys()] } });
      const c = ctx.io.color;
      out(ctx.io, `Created ${paint(c, 'bold', facts.name)} (${options.language}, provider_type "${facts.provider_type}", id ${facts.id}) in ${where}: ${files.size} files.`);
      out(ctx.io, '');
      out(ctx.io, 'Next:');
      out(ctx.io, `  cd ${where} && ${options.language === 'python' ? 'python3 server.py' : 'npm start'}`);
      out(ctx.io, '  loom plugin test http://localhost:8090        # in another terminal: the conformance run');
      out(ctx.io, '  # check author, contact_email and the URLs in registry-submission.json, push, tag v' + facts.version + ', then:');
      out(ctx.io, '  loom plugin submit registry-submission.json');
    });
}
