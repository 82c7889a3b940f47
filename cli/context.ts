import { loadConfig, type LoadedConfig, type SourceConfig } from './config/config.js';
import { tokenFor } from './config/credentials.js';
import { loomHome, paths, type Paths } from './config/home.js';
import { installId } from './config/install-id.js';
import { createIo, warn, type Io } from './output/io.js';
import type { ServerSource } from './sources/server.js';
import { openSource, registryServer, withLocalRegistries, type SourceEnv } from './sources/sources.js';
import type { Source } from './sources/types.js';
import type { AdvisorySeverityName } from '../domain/advisories.js';

/** What every command works with, built lazily so a command pays only for what it touches. */
export class Context {
  readonly io: Io;
  readonly paths: Paths;
  /** Set by commands that finish with a partial failure (e.g. one of several updates). */
  exitCode: number = 0;
  /** `--require-signatures`: refuse sources that offer no signed metadata (cli/install/trust.ts). */
  requireSignatures = false;
  /** `--audit-level`: refuse a version under an advisory at least this severe (cli/install/trust.ts); malware always is. */
  auditLevel?: AdvisorySeverityName;
  private loaded?: LoadedConfig;
  private id?: string;
  private warnedUnset = false;

  constructor(
    readonly env: NodeJS.ProcessEnv = process.env,
    readonly cwd: string = process.cwd(),
    /** The terminal UI passes one whose streams it collects, so warnings never scribble over its screen. */
    io?: Io,
  ) {
    this.io = io ?? createIo(env);
    this.paths = paths(loomHome(env));
  }

  config(): LoadedConfig {
    this.loaded ??= loadConfig(this.paths.config, this.paths.configCache, this.env, this.paths.home);
    return this.loaded;
  }

  installId(): string {
    this.id ??= installId(this.paths.installId);
    return this.id;
  }

  private sourceEnv(): SourceEnv {
    return {
      cwd: this.cwd,
      env: this.env,
      localRegistry: this.paths.localRegistry,
      installId: () => this.installId(),
      onSkipped: (source, count) => warn(this.io, `source ${source}: skipped ${count} entr${count === 1 ? 'y' : 'ies'} without an id`),
    };
  }

  /** Every source in precedence order, enabled or not, with local registry folders found on disk. */
  allSources(): SourceConfig[] {
    const all = withLocalRegistries(this.config().sources, this.sourceEnv()).map((s) => {
      const saved = s.token || !/^https?:/.test(s.url) ? undefined : tokenFor(this.paths.credentials, s.name, s.url);
      return saved ? { ...s, token: saved, tokenFrom: 'login' as const } : s;
    });
    this.warnUnset(all);
    return all;
  }

  /** Once per command: an unset variable silently empties a URL or token, which fails later in a puzzling way. */
  private warnUnset(sources: SourceConfig[]): void {
    if (this.warnedUnset) return;
    this.warnedUnset = true;
    for (const s of sources) {
      // A key saved by login stands in for an empty token: nothing is missing then.
      const missing = (s.unset ?? []).filter((u) => s.enabled && !(u.field === 'auth.token' && s.tokenFrom === 'login'));
      for (const u of missing) warn(this.io, `source ${s.name}: \${${u.name}} is not set, so its ${u.field} ${u.field === 'url' ? `is "${s.url}"` : 'is empty'}`);
    }
  }

  open(config: SourceConfig): Source {
    return openSource(config, this.sourceEnv());
  }

  /** The registry server for accounts, submissions and reviews (see `registryServer`). */
  server(name?: string): ServerSource {
    return registryServer(this.allSources(), name, () => this.installId());
  }

  /** The enabled sources, opened, in precedence order. */
  sources(): Source[] {
    return this.allSources()
      .filter((s) => s.enabled)
      .map((s) => this.open(s));
  }
}
