import semver from 'semver';
import type { DependencyMap } from '../../domain/dependencies.js';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { warn } from '../output/io.js';
import { gather } from '../sources/sources.js';
import type { Source, VersionInfo } from '../sources/types.js';
import { fileStatus, type Installed } from './lock.js';
import { resolve, ResolveError, type Candidate, type Requirement, type Resolution } from './resolve.js';

/**
 * The dependency graph across the configured sources, around the pure resolver (resolve.ts): reading what each
 * plugin offers (from the source that installed it, or the first source in precedence order that has it), which
 * installed plugins may move, and the plan of what to install in which order.
 */

/** A plugin's versions with what each declares, and where they come from (null: only what installed.json records). */
export interface Offered {
  id: string;
  source: Source | null;
  versions: VersionInfo[];
}

export function candidate(v: VersionInfo): Candidate {
  return { version: v.version, prerelease: v.prerelease, yanked: v.yanked_reason !== null, dependencies: v.dependencies ?? {}, conflicts: v.conflicts ?? {} };
}

/** An installed plugin as installed.json records it: the one version it offers when no source is asked. */
export function recorded(entry: Installed): Offered {
  const version: VersionInfo = { version: entry.version, prerelease: entry.version.includes('-'), yanked_reason: null, sha256: entry.sha256, published_at: null, changes: null, dependencies: entry.dependencies, conflicts: {}, provides: [] };
  return { id: entry.id, source: null, versions: [version] };
}

const direct = (entry: Installed | undefined) => entry?.source === 'url' || entry?.source === 'path';

/** Reads what the sources offer of each plugin once per run. */
export class GraphReader {
  private readonly cache = new Map<string, Promise<Offered | null>>();

  constructor(
    private readonly ctx: Context,
    private readonly sources: Source[],
  ) {}

  /** The plugin from the named source (null when it is not enabled or lacks it), else from the first source in precedence order that has it. */
  offered(id: string, sourceName?: string): Promise<Offered | null> {
    const key = `${sourceName ?? ''}/${id}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.read(id, sourceName);
      this.cache.set(key, found);
    }
    return found;
  }

  private async read(id: string, sourceName: string | undefined): Promise<Offered | null> {
    if (sourceName !== undefined) {
      const source = this.sources.find((s) => s.config.name === sourceName);
      const versions = source ? await source.requirements(id) : null;
      return source && versions ? { id, source, versions } : null;
    }
    const { ok, failures } = await gather(this.sources, (s) => s.requirements(id));
    const hit = ok.find((o) => o.value !== null);
    if (!hit && failures.length > 0) {
      throw new CliError(`cannot tell which versions of ${id} exist: ${failures.map((f) => f.message).join('; ')}`, 'SOURCES_UNREACHABLE', 1, 'check your network and "loom plugin sources list"');
    }
    for (const f of failures) warn(this.ctx.io, `${f.message} (looking for ${id} in the other sources)`);
    return hit ? { id, source: hit.source, versions: hit.value! } : null;
  }
}

/**
 * Everything the targets' graph can reach, read breadth-first (each layer at once): every plugin some version of a
 * plugin already read depends on. An installed plugin is read from the source that installed it (what installed.json
 * records when that source is gone, and for plugins installed from a URL or file). `known` holds plugins read already.
 */
export async function loadGraph(reader: GraphReader, targets: { id: string; source?: string }[], installed: Installed[], known = new Map<string, Offered | null>()): Promise<Map<string, Offered | null>> {
  const byId = new Map(installed.map((p) => [p.id, p]));
  const graph = new Map<string, Offered | null>();
  let layer = targets;
  while (layer.length > 0) {
    const read = await Promise.all(
      layer.map(async ({ id, source }) => {
        const entry = byId.get(id);
        let offered = known.has(id) ? known.get(id)! : direct(entry) ? recorded(entry!) : await reader.offered(id, source ?? entry?.source);
        if (!offered && entry) offered = recorded(entry);
        // the installed version can always stay, though a static index lists only its newest
        if (offered && entry && !offered.versions.some((v) => v.version === entry.version)) offered = { ...offered, versions: [...offered.versions, recorded(entry).versions[0]] };
        return [id, offered] as const;
      }),
    );
    const next = new Map<string, { id: string }>();
    for (const [id, offered] of read) {
      graph.set(id, offered);
      for (const v of offered?.versions ?? []) for (const dep of Object.keys(v.dependencies ?? {})) if (!graph.has(dep) && !layer.some((l) => l.id === dep)) next.set(dep, { id: dep });
    }
    layer = [...next.values()].filter((l) => !graph.has(l.id));
  }
  return graph;
}

/** The graph could not be satisfied: the resolver's message, as a CLI failure (exit 1). */
export function conflictError(err: ResolveError): CliError {
  return new CliError(err.message, 'DEPENDENCY_CONFLICT', 1, '"loom plugin tree" shows who needs what; update or remove the plugin in the way, or ask for another version');
}

/**
 * Resolves `roots` together with what is installed: installed plugins the graph reached (`graph`) may move, preferring
 * their installed version (and their pin, unless they are among `free`); the others stay as installed, their recorded
 * dependencies still binding.
 */
export function resolveGraph(installed: Installed[], graph: Map<string, Offered | null>, roots: Requirement[], free: Set<string>): Resolution {
  const offered = new Map(graph);
  const prefer = new Map<string, string>();
  const all = [...roots];
  for (const entry of installed) {
    if (free.has(entry.id)) continue;
    if (graph.has(entry.id)) {
      prefer.set(entry.id, entry.version);
      const pinned = entry.requested !== null && semver.validRange(entry.requested) !== null;
      all.push({ id: entry.id, range: pinned ? entry.requested! : '*', by: pinned ? 'pinned' : 'installed' });
    } else {
      // what it needs that is neither installed nor reached is unmet already ("loom plugin tree" says so): not this run's to mend
      const kept = recorded(entry);
      const known = (dep: string) => graph.has(dep) || installed.some((p) => p.id === dep);
      kept.versions[0].dependencies = Object.fromEntries(Object.entries(entry.dependencies).filter(([dep]) => known(dep)));
      offered.set(entry.id, kept);
      all.push({ id: entry.id, range: entry.version, by: 'installed' });
    }
  }
  try {
    return resolve({ roots: all, versions: (id) => offered.get(id)?.versions.map(candidate), prefer });
  } catch (err) {
    if (err instanceof ResolveError) throw conflictError(err);
    throw err;
  }
}

/** One plugin of a plan, in the order it is installed (dependencies first). */
export interface Step {
  id: string;
  version: string;
  /** The version installed now; null when it is not installed. */
  from: string | null;
  /** The source it comes from; null when only installed.json knows it. */
  source: string | null;
  action: 'install' | 'upgrade' | 'downgrade' | 'reinstall' | 'keep';
  /** Asked for by the user (as opposed to installed as a dependency). */
  explicit: boolean;
  dependencies: DependencyMap;
  /** Who needs it in the resolved graph, as `id@version`. */
  required_by: string[];
}

/** The resolution as steps; `asked` are the user's plugins (explicit, reinstalled when `force` or their file is not intact). */
export function planSteps(ctx: Context, resolution: Resolution, graph: Map<string, Offered | null>, installed: Installed[], asked: Set<string>, force = false): Step[] {
  const byId = new Map(installed.map((p) => [p.id, p]));
  return resolution.order.map((id) => {
    const chosen = resolution.chosen.get(id)!;
    const entry = byId.get(id);
    const source = graph.get(id)?.source?.config.name ?? null;
    const isAsked = asked.has(id);
    let action: Step['action'] = 'keep';
    if (!entry) action = 'install';
    else if (entry.version !== chosen.version && source) action = semver.valid(entry.version) && semver.lt(chosen.version, entry.version) ? 'downgrade' : 'upgrade';
    else if (isAsked && source && (force || entry.source !== source || fileStatus(ctx.paths.plugins, entry) !== 'ok')) action = 'reinstall';
    const required_by = [...resolution.chosen.values()].filter((c) => c.dependencies[id] !== undefined).map((c) => `${c.id}@${c.version}`).sort();
    return { id, version: chosen.version, from: entry?.version ?? null, source: source ?? entry?.source ?? null, action, explicit: isAsked || (entry?.explicit ?? false), dependencies: chosen.dependencies, required_by };
  });
}

/** The steps `root` needs, itself included (what a plan shows of the graph), in plan order, and every step that changes something. */
export function planFor(plan: Step[], root: string): Step[] {
  const byId = new Map(plan.map((s) => [s.id, s]));
  const needed = new Set<string>();
  const visit = (id: string) => {
    if (needed.has(id) || !byId.has(id)) return;
    needed.add(id);
    for (const dep of Object.keys(byId.get(id)!.dependencies)) visit(dep);
  };
  visit(root);
  return plan.filter((s) => needed.has(s.id) || s.action !== 'keep');
}
