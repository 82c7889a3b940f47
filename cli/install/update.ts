import fs from 'node:fs';
import type { AdvisoryJson } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { warn } from '../output/io.js';
import { step } from '../output/progress.js';
import { UnreachableError } from '../sources/http.js';
import type { Source, VersionInfo } from '../sources/types.js';
import semver from 'semver';
import { GraphReader, loadGraph, planSteps, resolveGraph, type Offered, type Step } from './graph.js';
import { commit, prepareDirect, prepareFromSource, validate, type Prepared } from './install.js';
import { checkInstalled, fileStatus, pluginFile, readLock, warnSharedProviderTypes, writeLock, type Installed } from './lock.js';
import { satisfiesRange, type Requirement, type Resolution } from './resolve.js';
import { isNewer, offer, type Policy } from './versions.js';

export interface UpdateRow {
  id: string;
  /** The version installed before; null for a dependency a newer version brought in. */
  from: string | null;
  /** The version now installed when it changed (with --dry-run: the one it would install), else null. */
  to: string | null;
  /** The newest version the source offers (pins and ranges aside), null when it could not be told. */
  latest: string | null;
  /** available: --dry-run found a newer version to install. */
  status: 'updated' | 'available' | 'current' | 'pinned' | 'failed';
  /** Why it failed, or what holds it back from `latest` and how to move past that (a pin, a range, a dependent's range). */
  message?: string;
  /** Its plugin.yaml, written by an older CLI, was rewritten as plugin.json (Loom loads that one). */
  converted?: true;
}

export interface UpdateOptions {
  /** Move past an explicit @version pin or a range (and forget it). */
  latest?: boolean;
  pre?: boolean;
  /** Say what would change, changing nothing. */
  dryRun?: boolean;
  /** Automatic updates: move no further than the policy allows. */
  policy?: Policy;
  /** Automatic updates: the advisories of a source about a plugin, whose affected versions the policy avoids. */
  advisories?: (source: string, id: string) => AdvisoryJson[];
}

/** What a source lists of a plugin; a source that could not be reached once is not asked again in this run. */
export class VersionReader {
  private readonly down = new Map<string, Error>();

  constructor(private readonly sources: Source[]) {}

  source(name: string): Source | undefined {
    return this.sources.find((s) => s.config.name === name);
  }

  versions(source: Source, id: string): Promise<VersionInfo[] | null> {
    return this.read(source, () => source.versions(id));
  }

  /** The versions with what each declares about other plugins (Source.requirements). */
  requirements(source: Source, id: string): Promise<VersionInfo[] | null> {
    return this.read(source, () => source.requirements(id));
  }

  private async read(source: Source, work: () => Promise<VersionInfo[] | null>): Promise<VersionInfo[] | null> {
    const failed = this.down.get(source.config.name);
    if (failed) throw failed;
    try {
      return await work();
    } catch (err) {
      if (err instanceof UnreachableError) this.down.set(source.config.name, err);
      throw err;
    }
  }
}

/** What the update of one registry plugin may move it to, before the graph has its say. */
interface Wanted {
  entry: Installed;
  source: Source;
  versions: VersionInfo[];
  wanted: string;
  latest: string | null;
  held?: string;
  requested: string | null;
}

/** A plugin from a manifest URL or file offers one version, whatever it holds now; its update is its own. */
async function updateDirect(ctx: Context, entry: Installed, options: UpdateOptions): Promise<UpdateRow> {
  const row = { id: entry.id, from: entry.version };
  const spec = entry.source === 'url' ? ({ kind: 'url', url: entry.source_url } as const) : ({ kind: 'path', file: entry.source_url } as const);
  const { record, manifest, bytes } = await prepareDirect(ctx, spec, { id: entry.id });
  if (!isNewer(record.version, entry.version)) return { ...row, to: null, latest: record.version, status: 'current' };
  if (options.dryRun) return { ...row, to: record.version, latest: record.version, status: 'available' };
  await commit(ctx, { ...record, dependencies: entry.dependencies, explicit: entry.explicit }, manifest, bytes);
  return { ...row, to: record.version, latest: record.version, status: 'updated' };
}

/** The newest version the plugin's pin, range, policy and advisories allow (`offer`), read from its source. */
async function wantedOf(ctx: Context, entry: Installed, reader: VersionReader, options: UpdateOptions): Promise<Wanted | UpdateRow> {
  const row = { id: entry.id, from: entry.version };
  const source = reader.source(entry.source);
  if (!source) return { ...row, to: null, latest: null, status: 'failed', message: `source ${entry.source} is not configured or is disabled ("loom plugin sources list")` };
  const versions = await reader.requirements(source, entry.id);
  if (!versions) return { ...row, to: null, latest: null, status: 'failed', message: `source ${entry.source} no longer has ${entry.id}` };
  const yanked = versions.find((v) => v.version === entry.version)?.yanked_reason;
  if (yanked) warn(ctx.io, `${entry.id} ${entry.version} (installed) was yanked: ${yanked}`);
  const requested = options.latest ? null : entry.requested;
  const { wanted, latest, held } = offer(entry.id, entry.version, versions, requested, { pre: options.pre, policy: options.policy, advisories: options.advisories?.(entry.source, entry.id) });
  return { entry, source, versions, wanted, latest, requested, ...(held ? { held } : {}) };
}

/** What keeps a plugin below `latest` in the resolved graph: the ranges of the plugins that need it. */
function heldBy(resolution: Resolution, id: string, latest: string): string | undefined {
  const blockers = (resolution.constraints.get(id) ?? []).filter((r) => r.by.includes('@') && !satisfiesRange(latest, r.range, true));
  if (blockers.length === 0) return undefined;
  return `${latest} is outside what ${blockers.map((r) => `${r.by} needs (${r.range})`).join(' and ')}; update or remove ${blockers.length === 1 ? 'it' : 'them'} first`;
}

/**
 * Of the prepared changes, those that can be written without breaking a range of the installed graph while the
 * others (which failed) stay as they are: a change is dropped while some plugin's range fails with it, until none does.
 */
function consistent(lock: Installed[], steps: Step[], ready: Set<string>): Set<string> {
  const kept = new Set(ready);
  for (;;) {
    const version = new Map(lock.map((p) => [p.id, p.version]));
    const needs = new Map(lock.map((p) => [p.id, p.dependencies]));
    for (const s of steps) if (kept.has(s.id)) [version.set(s.id, s.version), needs.set(s.id, s.dependencies)];
    let dropped = false;
    for (const [id, deps] of needs) {
      if (!version.has(id)) continue;
      for (const [dep, range] of Object.entries(deps)) {
        const got = version.get(dep);
        if (got !== undefined && satisfiesRange(got, range, true)) continue;
        for (const culprit of [id, dep]) if (kept.delete(culprit)) dropped = true;
      }
    }
    if (!dropped) return kept;
  }
}

/** Updates the registry plugins in `wanted` together: one resolution of the graph, then each change in order, dependencies first. */
async function updateGraph(ctx: Context, wanted: Wanted[], options: UpdateOptions): Promise<UpdateRow[]> {
  if (wanted.length === 0) return [];
  const lock = readLock(ctx.paths.lock);
  const reader = new GraphReader(ctx, ctx.sources());
  const known = new Map<string, Offered | null>(wanted.map((w) => [w.entry.id, { id: w.entry.id, source: w.source, versions: w.versions }]));
  const failAll = (message: string) => wanted.map((w) => ({ id: w.entry.id, from: w.entry.version, to: null, latest: w.latest, status: 'failed' as const, message }));
  let graph: Map<string, Offered | null>;
  let resolution: Resolution;
  try {
    graph = await loadGraph(reader, wanted.map((w) => ({ id: w.entry.id, source: w.entry.source })), lock, known);
    const roots: Requirement[] = wanted.flatMap((w) => {
      const { id, version } = w.entry;
      const range = w.wanted === version ? version : `>=${version} <=${w.wanted}`;
      const pin = w.requested !== null && semver.validRange(w.requested) !== null ? [{ id, range: w.requested, by: 'pinned' }] : [];
      return [{ id, range, by: 'you', ...(options.pre ? { pre: true } : {}) }, ...pin];
    });
    resolution = resolveGraph(lock, graph, roots, new Set(wanted.map((w) => w.entry.id)));
  } catch (err) {
    return failAll((err as Error).message);
  }
  const steps = planSteps(ctx, resolution, graph, lock, new Set());
  const byId = new Map(steps.map((s) => [s.id, s]));
  const targets = new Set(wanted.map((w) => w.entry.id));
  const rows = new Map<string, UpdateRow>();
  for (const w of wanted) {
    const s = byId.get(w.entry.id)!;
    const row = { id: s.id, from: w.entry.version, latest: w.latest };
    const held = w.held ?? (w.latest && isNewer(w.latest, s.version) ? heldBy(resolution, s.id, w.latest) : undefined);
    const message = held ? { message: held } : {};
    if (s.action === 'keep') rows.set(s.id, { ...row, to: null, status: held ? 'pinned' : 'current', ...message });
    else rows.set(s.id, { ...row, to: s.version, status: options.dryRun ? 'available' : 'updated', ...message });
  }
  // what the new versions bring in or move besides
  for (const s of steps) {
    if (targets.has(s.id) || s.action === 'keep') continue;
    rows.set(s.id, { id: s.id, from: s.from, to: s.version, latest: null, status: options.dryRun ? 'available' : 'updated', message: `${s.from ? 'moved' : 'a new dependency'} for ${s.required_by.join(', ')}` });
  }
  const changing = steps.filter((s) => s.action !== 'keep');
  if (!options.dryRun && changing.length > 0) {
    const prepared = new Map<string, { source: Source; prepared: Prepared }>();
    for (const s of changing) {
      const offered = graph.get(s.id)!;
      const version = offered.versions.find((v) => v.version === s.version)!;
      const entry = lock.find((p) => p.id === s.id);
      // --latest drops the pin it moves past
      const requested = targets.has(s.id) ? (wanted.find((w) => w.entry.id === s.id)!.requested) : (entry?.requested ?? null);
      try {
        prepared.set(s.id, { source: offered.source!, prepared: await step(ctx.io, `Downloading ${s.id} ${s.version}`, prepareFromSource(ctx, offered.source!, s.id, version, { requested, dependencies: s.dependencies, explicit: s.explicit })) });
      } catch (err) {
        rows.set(s.id, { ...rows.get(s.id)!, to: null, latest: null, status: 'failed', message: (err as Error).message });
      }
    }
    const writable = consistent(lock, changing, new Set(prepared.keys()));
    for (const s of changing) {
      const p = prepared.get(s.id);
      if (!p) continue;
      if (!writable.has(s.id)) {
        rows.set(s.id, { ...rows.get(s.id)!, to: null, status: 'failed', message: 'not updated: it goes with a change that failed, and alone it would break a range of the installed graph' });
        continue;
      }
      await commit(ctx, p.prepared.record, p.prepared.manifest, p.prepared.bytes);
      await p.source.reportInstall(s.id, s.version);
    }
  }
  // --latest on a plugin already at its newest version still drops its pin
  if (!options.dryRun) {
    const after = readLock(ctx.paths.lock);
    const unpinned = after.map((p) => {
      const w = wanted.find((x) => x.entry.id === p.id);
      return w && rows.get(p.id)?.status !== 'failed' && p.requested !== w.requested && byId.get(p.id)?.action === 'keep' ? { ...p, requested: w.requested } : p;
    });
    if (unpinned.some((p, i) => p !== after[i])) writeLock(ctx.paths.lock, unpinned);
  }
  return [...wanted.map((w) => rows.get(w.entry.id)!), ...[...rows.values()].filter((r) => !targets.has(r.id))];
}

/**
 * Rewrites the intact plugin.yaml an older CLI wrote (the published bytes, which Loom cannot load) as plugin.json,
 * from the bytes installed.json vouches for: no source needed, the version stays.
 */
async function convertLegacy(ctx: Context, entry: Installed): Promise<void> {
  const bytes = fs.readFileSync(pluginFile(ctx.paths.plugins, entry));
  const manifest = await validate(bytes, pluginFile(ctx.paths.plugins, entry));
  await commit(ctx, { ...entry, installed_at: new Date().toISOString() }, manifest, bytes);
}

/** The installed plugins `id` names (all without one); NOT_FOUND when it names none. */
export function chosen(ctx: Context, id: string | undefined, only?: string[]): Installed[] {
  const lock = readLock(ctx.paths.lock);
  if (id && !lock.some((p) => p.id === id)) throw new NotFoundError(`${id} is not installed`, `install it with "loom plugin install ${id}"`);
  return lock.filter((p) => (id ? p.id === id : !only || only.includes(p.id)));
}

/** Updates one installed plugin or all of them (or those `only` names); a failure of one never stops the others. */
export async function update(ctx: Context, id: string | undefined, options: UpdateOptions, only?: string[]): Promise<UpdateRow[]> {
  const converted = new Set<string>();
  for (const entry of options.dryRun ? [] : chosen(ctx, id, only)) {
    if (fileStatus(ctx.paths.plugins, entry) !== 'legacy') continue;
    try {
      await convertLegacy(ctx, entry);
      converted.add(entry.id);
    } catch (err) {
      warn(ctx.io, `${entry.id}: cannot rewrite its plugin.yaml as plugin.json: ${(err as Error).message}`);
    }
  }
  const targets = chosen(ctx, id, only);
  // Versions are compared with the lock's: say so when the file Loom loads is not the one it records.
  checkInstalled(ctx.io, ctx.paths.plugins, targets);
  const reader = new VersionReader(ctx.sources());
  const rows = new Map<string, UpdateRow>();
  const wanted: Wanted[] = [];
  for (const entry of targets) {
    try {
      if (entry.source === 'url' || entry.source === 'path') rows.set(entry.id, await step(ctx.io, `Checking ${entry.id}`, updateDirect(ctx, entry, options)));
      else {
        const w = await step(ctx.io, `Checking ${entry.id}`, wantedOf(ctx, entry, reader, options));
        if ('entry' in w) wanted.push(w);
        else rows.set(entry.id, w);
      }
    } catch (err) {
      rows.set(entry.id, { id: entry.id, from: entry.version, to: null, latest: null, status: 'failed', message: (err as Error).message });
    }
  }
  for (const r of await updateGraph(ctx, wanted, options)) rows.set(r.id, r);
  const ordered = [...targets.map((t) => rows.get(t.id)!), ...[...rows.values()].filter((r) => !targets.some((t) => t.id === r.id))];
  if (!options.dryRun) warnSharedProviderTypes(ctx.io, readLock(ctx.paths.lock), targets.map((t) => t.id));
  return ordered.map((r) => (converted.has(r.id) ? { ...r, converted: true } : r));
}

export interface OutdatedRow {
  id: string;
  current: string;
  /** What `update` would install (the current version when nothing newer is allowed); null when unknown. */
  wanted: string | null;
  latest: string | null;
  /** The pin or range it was installed with. */
  requested: string | null;
  source: string;
  status: 'current' | 'outdated' | 'failed';
  message?: string;
}

/** npm's outdated: each installed plugin's current, wanted and latest version, changing nothing. */
export async function outdated(ctx: Context, id: string | undefined, options: { pre?: boolean }): Promise<OutdatedRow[]> {
  const lock = chosen(ctx, id);
  const rows = await update(ctx, id, { pre: options.pre, dryRun: true });
  // the installed plugins (not the dependencies an update would add)
  return rows.flatMap((r) => {
    const entry = lock.find((e) => e.id === r.id);
    return entry ? [{ ...r, from: entry.version }] : [];
  }).map((r) => {
    const entry = lock.find((e) => e.id === r.id)!;
    const base = { id: r.id, current: r.from, requested: entry.requested, source: entry.source };
    if (r.status === 'failed') return { ...base, wanted: null, latest: null, status: 'failed', message: r.message };
    const behind = r.latest !== null && isNewer(r.latest, r.from);
    return { ...base, wanted: r.to ?? r.from, latest: r.latest, status: behind ? 'outdated' : 'current', ...(r.message ? { message: r.message } : {}) };
  });
}
