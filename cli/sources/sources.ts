import fs from 'node:fs';
import path from 'node:path';
import type { SourceConfig } from '../config/config.js';
import { AuthError, CliError, NotFoundError, UsageError } from '../errors.js';
import { NotARegistryError, ServerSource } from './server.js';
import { fileUrlPath, indexLocation, StaticSource } from './static.js';
import type { DependentsPage, ManifestLocation, PluginDetails, SearchPage, SearchQuery, Source, SourceKind, VersionInfo } from './types.js';

/**
 * A source with no `type`: asks the registry's GraphQL API first and, when the answer shows it is not a
 * registry server, reads `<url>/registry.json` like Loom's own client. Decided once per run.
 */
class AutoSource implements Source {
  private chosen?: Source;

  constructor(
    readonly config: SourceConfig,
    private readonly server: ServerSource,
    private readonly fallback: () => StaticSource,
  ) {}

  kind(): SourceKind | 'auto' {
    return this.chosen?.kind() ?? 'auto';
  }

  private async run<T>(work: (source: Source) => Promise<T>): Promise<T> {
    if (this.chosen) return work(this.chosen);
    try {
      const result = await work(this.server);
      this.chosen = this.server;
      return result;
    } catch (err) {
      if (!(err instanceof NotARegistryError)) throw err;
      this.chosen = this.fallback();
      return work(this.chosen);
    }
  }

  search(query: SearchQuery): Promise<SearchPage> {
    return this.run((s) => s.search(query));
  }

  details(id: string): Promise<PluginDetails | null> {
    return this.run((s) => s.details(id));
  }

  versions(id: string): Promise<VersionInfo[] | null> {
    return this.run((s) => s.versions(id));
  }

  requirements(id: string): Promise<VersionInfo[] | null> {
    return this.run((s) => s.requirements(id));
  }

  dependents(id: string, limit: number, cursor?: string): Promise<DependentsPage> {
    return this.run((s) => s.dependents(id, limit, cursor));
  }

  manifest(id: string, version: VersionInfo): Promise<ManifestLocation> {
    return this.run((s) => s.manifest(id, version));
  }

  reportInstall(id: string, version: string): Promise<void> {
    return this.chosen ? this.chosen.reportInstall(id, version) : Promise.resolve();
  }

  reportRemove(id: string): Promise<void> {
    return this.chosen ? this.chosen.reportRemove(id) : Promise.resolve();
  }
}

export interface SourceEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
  localRegistry: string;
  installId: () => string;
  onSkipped: (source: string, count: number) => void;
}

/** The local registry folders Loom reads, in order, added after the configured sources when they hold a registry.json. */
function localFolders(env: SourceEnv): { name: string; dir: string }[] {
  return [
    { name: 'local', dir: env.localRegistry },
    { name: 'project', dir: path.resolve(env.cwd, '.loom', 'registry') },
    // LOOM_SYSTEM_REGISTRY relocates /etc/loom/registry for packagers (and tests, which must not write to /etc).
    { name: 'system', dir: env.env.LOOM_SYSTEM_REGISTRY ? path.resolve(env.cwd, env.env.LOOM_SYSTEM_REGISTRY) : '/etc/loom/registry' },
  ];
}

/** Configured sources (or the defaults), then the local registry folders found on disk that no source names already. */
export function withLocalRegistries(configured: SourceConfig[], env: SourceEnv): SourceConfig[] {
  const covered = new Set(configured.filter((s) => s.url.startsWith('file://')).map((s) => indexLocation(fileUrlPath(s.url, env.cwd, env.env))));
  const names = new Set(configured.map((s) => s.name));
  const all = [...configured];
  for (const { name, dir } of localFolders(env)) {
    const index = path.join(dir, 'registry.json');
    if (covered.has(index) || !fs.existsSync(index)) continue;
    covered.add(index);
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name}-${n}`;
    names.add(unique);
    all.push({ name: unique, url: `file://${dir}`, enabled: true, type: 'static', origin: 'implicit' });
  }
  return all;
}

/**
 * Whether a source may be a registry server: an http(s) URL that is neither `type: static` nor, without a type, a
 * URL naming a .json file (read directly, never asked for GraphQL).
 */
export function maybeServer(config: SourceConfig): boolean {
  return /^https?:\/\//.test(config.url) && config.type !== 'static' && !(config.type === 'auto' && config.url.endsWith('.json'));
}

export function openSource(config: SourceConfig, env: SourceEnv): Source {
  if (!/^(https?|file):\/\//.test(config.url)) {
    throw new CliError(`source ${config.name}: unsupported URL "${config.url}"`, 'CONFIG_INVALID', 1, 'use an http(s):// or file:// URL ("loom plugin sources list" shows them)');
  }
  if (!maybeServer(config)) return new StaticSource(config, env.cwd, env.env, env.onSkipped);
  if (config.type === 'loom-registry') return new ServerSource(config, env.installId);
  return new AutoSource(config, new ServerSource(config, env.installId, true), () => new StaticSource(config, env.cwd, env.env, env.onSkipped));
}

/**
 * The registry server that accounts, submissions and reviews go to: the named source, or the first enabled
 * http(s) source that is not a plain static host.
 */
export function registryServer(all: SourceConfig[], name: string | undefined, installId: () => string): ServerSource {
  const config = name ? all.find((s) => s.name === name) : all.find((s) => s.enabled && maybeServer(s));
  if (!config) {
    if (name) throw new NotFoundError(`no source named "${name}"`, 'see "loom plugin sources list"');
    throw new NotFoundError('no enabled registry server among the sources', 'add one with "loom plugin sources add <name> <url> --type loom-registry"');
  }
  if (!maybeServer(config)) {
    throw new UsageError(`source ${config.name} (${config.url}) is not a registry server`, 'accounts, submissions, ratings and reviews live on a Loom registry server; pick one with --source');
  }
  return new ServerSource(config, installId);
}

export interface Failure {
  source: string;
  url: string;
  message: string;
  error: unknown;
}

export interface Gathered<T> {
  ok: { source: Source; value: T }[];
  failures: Failure[];
}

/** Asks every source at once; a failing source is reported, not fatal, unless every one fails. */
export async function gather<T>(sources: Source[], work: (source: Source) => Promise<T>): Promise<Gathered<T>> {
  if (sources.length === 0) {
    throw new CliError('no registry source is enabled', 'NO_SOURCES', 1, 'add one with "loom plugin sources add <name> <url>" or enable one with "loom plugin sources enable <name>"');
  }
  const settled = await Promise.allSettled(sources.map((s) => work(s)));
  const gathered: Gathered<T> = { ok: [], failures: [] };
  settled.forEach((result, i) => {
    const source = sources[i];
    if (result.status === 'fulfilled') gathered.ok.push({ source, value: result.value });
    else gathered.failures.push({ source: source.config.name, url: source.config.url, message: (result.reason as Error).message, error: result.reason });
  });
  if (gathered.ok.length === 0) throw allFailed(gathered.failures);
  return gathered;
}

function allFailed(failures: Failure[]): CliError {
  if (failures.length === 1 && failures[0].error instanceof CliError) return failures[0].error;
  const lines = failures.map((f) => `  ${f.message}`).join('\n');
  if (failures.every((f) => f.error instanceof AuthError)) return new AuthError(`every registry source refused the request:\n${lines}`, 'save an API key with "loom plugin login --source <name>"');
  return new CliError(`no registry source could be read:\n${lines}`, 'SOURCES_UNREACHABLE', 1, 'check your network and "loom plugin sources list"; a registry started with "npm start" listens on http://localhost:8080');
}

/** `source/id` names a source explicitly; a plain id means "the first source that has it". */
export function parseRef(ref: string, sources: Source[]): { source?: Source; id: string } {
  const slash = ref.indexOf('/');
  if (slash < 0) return { id: ref };
  const name = ref.slice(0, slash);
  const id = ref.slice(slash + 1);
  const source = sources.find((s) => s.config.name === name);
  if (!source) throw new NotFoundError(`no enabled source named "${name}"`, 'see "loom plugin sources list"');
  if (!id) throw new UsageError(`"${ref}" names a source but no plugin`, `write ${name}/<plugin-id>`);
  return { source, id };
}
