import { Writable } from 'node:stream';
import type { PluginCommunityQuery } from '../../client/gql/graphql.js';
import { Context } from '../context.js';
import { affects, type AdvisoryJson } from '../../domain/advisories.js';
import type { Finding } from '../install/audit.js';
import { readLock, type Installed } from '../install/lock.js';
import semver from 'semver';
import { isNewer } from '../install/versions.js';
import type { Io } from '../output/io.js';
import { findPlugin, searchAll, type Cursors, type Listed } from '../sources/catalog.js';
import { ServerSource } from '../sources/server.js';
import { maybeServer } from '../sources/sources.js';
import type { DependentsPage, PluginDetails, SearchQuery, VersionInfo } from '../sources/types.js';
import type { Local } from './logic/query.js';
import { copy, openUrl } from './system.js';

/** A result row: the plugin, its source, and the version installed (null when it is not). */
export interface Row extends Listed {
  installed: string | null;
  /** Installed, and the source has a newer version (whatever a pin or range allows). */
  outdated: boolean;
  /** The most severe advisory of its source affecting the installed version ("LOOM-… (high)"), else null. */
  advisory: string | null;
}

export interface Results {
  rows: Row[];
  /** Matches across the sources that answered (may exceed rows). */
  total: number;
  /** Sources that could not be read, as one line each. */
  failures: string[];
  /** The query with its misspelt words corrected, when the results are those of the correction. */
  didYouMean?: string;
  /** Where each source's next page starts (none when nothing is left to read): see `more`. */
  next?: Cursors;
}

export type Community = NonNullable<PluginCommunityQuery['plugin']>;
export type OwnReview = NonNullable<Community['viewerReview']>;

export interface Detail {
  row: Row;
  details: PluginDetails;
  /** Null for sources that are not registry servers (a static registry.json has no reviews). */
  community: Community | null;
  communityError: string | null;
  installed: Installed | null;
  /** The newer version an update would install, when there is one. */
  update: string | null;
  /** A newer version than the installed one's pin or range allows (`U` installs it), when there is one. */
  pastPin: string | null;
  /** What the current version declares about other plugins; null when the source could not say. */
  requires: Pick<VersionInfo, 'dependencies' | 'conflicts' | 'provides'> | null;
  /** The first plugins that depend on this one ("used by"); null when the source could not say. */
  dependents: DependentsPage | null;
  /** The installed version of each plugin the dependencies name (absent: not installed). */
  installedVersions: Record<string, string>;
  /** The source's advisories about the plugin, newest first, and whether each affects the installed version. */
  advisories: (AdvisoryJson & { affectsInstalled: boolean })[];
}

/** How many dependents the detail lists. */
const USED_BY = 5;

/** Text the CLI's shared code writes (warnings, slow-step notes), kept for the status line instead of the screen. */
class Notes extends Writable {
  lines: string[] = [];
  isTTY = false;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      const plain = line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/^\r/, '').trim();
      if (plain) this.lines.push(plain);
    }
    done();
  }
}

/**
 * Everything the terminal UI asks of the world, on the CLI's own code: sources and config through Context,
 * search and details through the catalog, install/update/remove through cli/install, reviews and stars through
 * the registry server's generated client.
 */
const hasMore = (cursors: Cursors) => Object.values(cursors).some((c) => c !== null);

export class Registry {
  readonly ctx: Context;
  private readonly notes = new Notes();
  private advisoryCache?: { at: number; findings: Finding[] };

  constructor(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()) {
    const sink = this.notes as unknown as NodeJS.WriteStream;
    const io: Io = { stdin: process.stdin, stdout: sink, stderr: sink, color: false, colorErr: false, columns: 80, interactive: false };
    this.ctx = new Context(env, cwd, io);
  }

  /** Warnings written since the last call. */
  takeNotes(): string[] {
    const lines = this.notes.lines;
    this.notes.lines = [];
    return lines;
  }

  sourceNames(): string[] {
    return this.ctx.allSources().filter((s) => s.enabled).map((s) => s.name);
  }

  private lock(): Installed[] {
    return readLock(this.ctx.paths.lock);
  }

  /** `source` undefined: every enabled source; `local` keeps the plugins installed here (or those with a newer version). */
  async search(query: SearchQuery, source: string | undefined, local?: Local): Promise<Results> {
    // Plugins installed here may be anywhere in the catalog: those filters read it whole, the others page by page.
    const merged = await searchAll(this.ctx, query, source, local ? undefined : {});
    const all = this.rows(merged.plugins, await this.findings());
    const rows = local ? all.filter((r) => (local === 'installed' ? r.installed : r.outdated)) : all;
    return {
      rows,
      total: local ? rows.length : merged.sources.reduce((n, s) => n + (s.matches ?? 0), 0),
      failures: merged.sources.filter((s) => s.error).map((s) => `${s.name}: ${s.error}`),
      ...(merged.didYouMean ? { didYouMean: merged.didYouMean } : {}),
      ...(merged.next && hasMore(merged.next) ? { next: merged.next } : {}),
    };
  }

  /** `results` with the next matches of the same query appended (`limit` undefined: all that are left). */
  async more(query: SearchQuery, source: string | undefined, results: Results): Promise<Results> {
    if (!results.next) return results;
    const merged = await searchAll(this.ctx, query, source, results.next);
    const seen = new Set(results.rows.map((r) => r.id));
    return {
      ...results,
      rows: [...results.rows, ...this.rows(merged.plugins.filter((p) => !seen.has(p.id)), await this.findings())],
      next: merged.next && hasMore(merged.next) ? merged.next : undefined,
    };
  }

  /** The advisories affecting installed versions (as `loom plugin audit` finds them), read once a minute at most. */
  private async findings(): Promise<Finding[]> {
    if (this.advisoryCache && Date.now() - this.advisoryCache.at < 60_000) return this.advisoryCache.findings;
    const lock = this.lock();
    const { findingsIn, readAdvisories } = await import('../install/audit.js');
    const findings = lock.length ? findingsIn(lock, (await readAdvisories(this.ctx, lock)).lists) : [];
    this.advisoryCache = { at: Date.now(), findings };
    return findings;
  }

  private rows(plugins: Listed[], findings: Finding[]): Row[] {
    const installed = new Map(this.lock().map((p) => [p.id, p.version]));
    return plugins.map((p) => {
      const version = installed.get(p.id) ?? null;
      // findings are most severe first
      const hit = findings.find((f) => f.id === p.id && f.version === version);
      const advisory = hit ? `${hit.advisory.id} (${hit.advisory.kind === 'malware' ? 'malware' : hit.advisory.severity})` : null;
      return { ...p, installed: version, outdated: version !== null && isNewer(p.version, version), advisory };
    });
  }

  /** The registry server behind a source, for what only servers offer; null for static and folder sources. */
  private server(sourceName: string): ServerSource | null {
    const config = this.ctx.allSources().find((s) => s.name === sourceName);
    if (!config || !maybeServer(config)) return null;
    return new ServerSource(config, () => this.ctx.installId());
  }

  /** A plugin's details, with its newest `reviews` reviews. */
  async detail(row: Row, reviews = 3): Promise<Detail> {
    const server = this.server(row.source);
    const config = this.ctx.allSources().find((s) => s.name === row.source);
    const { advisoriesOf } = await import('../install/audit.js');
    const [found, community, known] = await Promise.all([
      findPlugin(this.ctx, `${row.source}/${row.id}`),
      server ? server.community(row.id, reviews).then((c) => ({ c, error: null }), (err: Error) => ({ c: null, error: err.message })) : Promise.resolve({ c: null, error: null }),
      config && /^https?:\/\//.test(config.url) ? advisoriesOf(this.ctx, config).then((a) => a.list) : Promise.resolve([]),
    ]);
    // the graph around it, read with the details (and cached with them): best-effort, an older registry has none
    const [declared, dependents] = await Promise.all([
      found.source.requirements(row.id).then((all) => all?.find((v) => v.version === found.details.entry.version) ?? null, () => null),
      found.source.dependents(row.id, USED_BY).catch(() => null),
    ]);
    const lock = this.lock();
    const installed = lock.find((p) => p.id === row.id) ?? null;
    const latest = found.details.entry.version;
    const newer = installed && isNewer(latest, installed.version) ? latest : null;
    const allowed = newer && installed?.requested ? this.allowed(installed.requested, found.details.versions.map((v) => v.version)) : newer;
    const update = allowed && installed && isNewer(allowed, installed.version) ? allowed : null;
    return {
      row,
      details: found.details,
      community: community.c,
      communityError: community.error,
      installed,
      update,
      pastPin: newer && newer !== update ? newer : null,
      requires: declared ? { dependencies: declared.dependencies ?? {}, conflicts: declared.conflicts ?? {}, provides: declared.provides ?? [] } : null,
      dependents,
      installedVersions: Object.fromEntries(lock.map((p) => [p.id, p.version])),
      advisories: known.filter((a) => a.plugin_id === row.id).map((a) => ({ ...a, affectsInstalled: installed !== null && affects(a, installed.version) })),
    };
  }

  /** The newest of `versions` that a pin or range allows. */
  private allowed(requested: string, versions: string[]): string | null {
    return semver.maxSatisfying(versions.filter((v) => semver.valid(v) && !semver.prerelease(v)), requested);
  }

  /** Installs the newest version, or the one given. */
  async install(row: Row, version: string | null = null): Promise<string> {
    const { install } = await import('../install/install.js');
    const { installed: result, dependencies } = await install(this.ctx, { kind: 'registry', ref: `${row.source}/${row.id}`, requested: version }, { force: version !== null });
    const extra = dependencies.length ? ` (and ${dependencies.map((d) => `${d.id} ${d.version}`).join(', ')})` : '';
    return result.changed ? `Installed ${result.id} ${result.version}${extra} from ${result.source} → ${result.path}` : `${result.id} ${result.version} is already installed`;
  }

  /** Updates within the installed pin or range; `latest` moves past it to the newest version. */
  async update(row: Row, latest = false): Promise<string> {
    const { update } = await import('../install/update.js');
    const [r] = await update(this.ctx, row.id, { latest });
    // held back by the range or pin it was installed with, with a newer version past it
    if ((r.status === 'current' || r.status === 'pinned') && r.latest && r.to === null && r.from !== null && isNewer(r.latest, r.from)) return `${r.id} ${r.from} is the newest its range allows: U updates past it to ${r.latest}`;
    if (r.status === 'updated') return `Updated ${r.id} ${r.from} → ${r.to}`;
    if (r.status === 'current') return `${r.id} ${r.from} is up to date`;
    if (r.status === 'pinned') return `${r.id} ${r.message?.replace('--latest', 'U')}`;
    throw new Error(`${r.id}: ${r.message}`);
  }

  async remove(row: Row): Promise<string> {
    const { remove } = await import('../install/remove.js');
    const removed = await remove(this.ctx, row.id);
    return `Removed ${removed.id}${removed.version ? ` ${removed.version}` : ''}`;
  }

  /** Null when writes to this plugin's source can go ahead; else what to do first. */
  writeBlocker(row: Row): string | null {
    const config = this.ctx.allSources().find((s) => s.name === row.source);
    if (!this.server(row.source) || !config) return `source ${row.source} is not a registry server: reviews and stars live on registry servers`;
    if (!config.token) return `this needs an API key: run "loom plugin login --source ${row.source}"`;
    return null;
  }

  /** The caller's review of a plugin, to start the review form from; null when they have none. */
  async ownReview(row: Row): Promise<OwnReview | null> {
    return (await this.server(row.source)!.community(row.id))?.viewerReview ?? null;
  }

  /** Writes the caller's review; the server keeps one per person, so `editing` only changes what is said. */
  async review(row: Row, rating: number, comment: string, editing: boolean): Promise<string> {
    await this.server(row.source)!.review(row.id, rating, comment);
    return `${editing ? 'Updated' : 'Saved'} your ${rating}★ review of ${row.id}`;
  }

  /** The manifest a plugin's newest version publishes, as its lines. */
  async manifest(row: Row): Promise<{ version: string; lines: string[] }> {
    const { readManifest } = await import('../install/install.js');
    const { version, text } = await readManifest(this.ctx, `${row.source}/${row.id}`, null);
    return { version, lines: text.replace(/\n$/, '').split('\n') };
  }

  /** Opens a plugin's homepage in the browser. */
  async open(row: Row): Promise<string> {
    if (!row.homepage) throw new Error(`${row.id} names no homepage`);
    return openUrl(row.homepage, this.ctx.env);
  }

  /** Puts the command that installs a plugin on the clipboard. */
  copyInstall(row: Row, terminal: NodeJS.WritableStream): string {
    return copy(`loom plugin install ${row.id}`, this.ctx.env, terminal);
  }

  async star(row: Row, on: boolean): Promise<string> {
    const starred = await this.server(row.source)!.star(row.id, on);
    return starred ? `Starred ${row.id}` : `Unstarred ${row.id}`;
  }
}
