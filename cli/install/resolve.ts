import semver from 'semver';
import type { DependencyMap } from '../../domain/dependencies.js';

/**
 * The dependency resolver: pure, synchronous and deterministic. Given what each plugin offers (its versions and what
 * each version declares) and what is asked for, it picks one version per plugin, the newest that satisfies every
 * range on it (an installed version first when it is preferred and satisfies them), honouring conflicts, by
 * backtracking over the candidate versions in that order. Pre-releases only when a range names one (npm's rule) or
 * a requirement asks for them; a yanked version only when a range pins it exactly. When no choice satisfies
 * everything, the error names the constraints in the way and who imposes each.
 */

/** One version of a plugin as the resolver sees it. */
export interface Candidate {
  version: string;
  prerelease: boolean;
  yanked: boolean;
  dependencies: DependencyMap;
  conflicts: DependencyMap;
}

/** A range on a plugin, and who imposes it: `id@version` of a plugin, or a label such as "you" for the user. */
export interface Requirement {
  id: string;
  range: string;
  by: string;
  /** Pre-releases count for this range (`--pre`). */
  pre?: boolean;
}

export interface ResolveInput {
  /** What must be installed: the user's requests and, for plugins already installed, their own requirement. */
  roots: Requirement[];
  /** A plugin's versions (any order), or undefined when no source has it. */
  versions: (id: string) => readonly Candidate[] | undefined;
  /** Versions to try first when they satisfy every range (what is installed: kept unless something asks for newer). */
  prefer?: ReadonlyMap<string, string>;
  /** Gives up after this many candidate tries (a pathological graph), default 200 000. */
  budget?: number;
}

export interface Chosen extends Candidate {
  id: string;
}

export interface Resolution {
  /** The chosen version of each plugin in the graph. */
  chosen: Map<string, Chosen>;
  /** Every plugin, each after the plugins it depends on (a cycle in id order); ties in id order. */
  order: string[];
  /** Per plugin, the ranges on it in the solution and who imposes each. */
  constraints: Map<string, Requirement[]>;
}

/** No version choice satisfies every constraint: `message` names them. */
export class ResolveError extends Error {
  constructor(
    message: string,
    /** The plugin no version could be found for. */
    readonly id: string,
    readonly constraints: Requirement[],
  ) {
    super(message);
  }
}

/** A range's semver object, parsed once (and null when the range is not one). */
const ranges = new Map<string, semver.Range | null>();
function rangeOf(range: string, pre: boolean): semver.Range | null {
  const key = `${pre ? 'p' : ''}${range}`;
  let parsed = ranges.get(key);
  if (parsed === undefined) {
    try {
      parsed = new semver.Range(range, { includePrerelease: pre });
    } catch {
      parsed = null;
    }
    ranges.set(key, parsed);
  }
  return parsed;
}

const parsedVersions = new Map<string, semver.SemVer | null>();
function versionOf(version: string): semver.SemVer | null {
  let parsed = parsedVersions.get(version);
  if (parsed === undefined) {
    parsed = semver.parse(version);
    parsedVersions.set(version, parsed);
  }
  return parsed;
}

export function satisfiesRange(version: string, range: string, pre = false): boolean {
  const r = rangeOf(range, pre);
  const v = versionOf(version);
  return r !== null && v !== null && r.test(v);
}

/** A range that names exactly one version (`1.2.0`, `=1.2.0`): the only way to get a yanked one. */
function pins(range: string, version: string): boolean {
  const exact = semver.valid(range.trim().replace(/^=/, ''));
  return exact !== null && semver.eq(exact, version);
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedNewestFirst(versions: readonly Candidate[]): Candidate[] {
  return versions.filter((v) => versionOf(v.version) !== null).sort((a, b) => semver.rcompare(versionOf(a.version)!, versionOf(b.version)!));
}

/**
 * Who imposes a range, in words: `router-plugin@2.0.0 needs openai-plugin ^2`; the labels `you` (asked for now),
 * `pinned` (installed with this pin) and `installed` (kept at the installed version) read as such.
 */
export function describe(r: Requirement): string {
  if (r.by === 'you') return `you asked for ${r.id} ${r.range}`;
  if (r.by === 'pinned') return `${r.id} is pinned to ${r.range}`;
  if (r.by === 'installed') return `${r.id} ${r.range} is installed`;
  return `${r.by} needs ${r.id} ${r.range}`;
}

function describeConflict(r: Requirement): string {
  return `${r.by} conflicts with ${r.id} ${r.range}`;
}

export function resolve(input: ResolveInput): Resolution {
  const prefer = input.prefer ?? new Map<string, string>();
  let budget = input.budget ?? 200_000;
  const chosen = new Map<string, Chosen>();
  const constraints = new Map<string, Requirement[]>();
  const conflicts = new Map<string, Requirement[]>();
  const ordered = new Map<string, Candidate[] | undefined>();
  const pending: string[] = [];
  let failure: ResolveError | undefined;

  const candidatesOf = (id: string): Candidate[] | undefined => {
    if (!ordered.has(id)) {
      const all = input.versions(id);
      if (!all) ordered.set(id, undefined);
      else {
        const sorted = sortedNewestFirst(all);
        const wanted = prefer.get(id);
        const first = sorted.findIndex((c) => c.version === wanted);
        if (first > 0) sorted.unshift(...sorted.splice(first, 1));
        ordered.set(id, sorted);
      }
    }
    return ordered.get(id);
  };

  const fits = (c: Candidate, on: Requirement[], against: Requirement[]): boolean =>
    on.every((r) => satisfiesRange(c.version, r.range, r.pre)) &&
    !against.some((r) => satisfiesRange(c.version, r.range, true)) &&
    (!c.yanked || on.some((r) => pins(r.range, c.version)));

  /** Keeps the first failure met (on the most preferred choices), worked out only then. */
  const fail = (err: () => ResolveError): void => {
    failure ??= err();
  };

  /** Why nothing fits `id` under these ranges, naming the ranges that clash (a pair when two alone do). */
  const explain = (id: string, on: Requirement[], against: Requirement[]): ResolveError => {
    const all = candidatesOf(id) ?? [];
    const pool = all.filter((c) => !c.yanked);
    if (all.length === 0) {
      const need = on.map(describe).join(' and ');
      return new ResolveError(`${need}, but no enabled source has ${id}`, id, on);
    }
    const some = (rs: Requirement[]) => pool.some((c) => rs.every((r) => satisfiesRange(c.version, r.range, r.pre)) && !against.some((r) => satisfiesRange(c.version, r.range, true)));
    for (const r of on) {
      if (!some([r])) {
        const blocked = against.filter((a) => pool.some((c) => satisfiesRange(c.version, r.range, r.pre) && satisfiesRange(c.version, a.range, true)));
        if (blocked.length > 0) return new ResolveError(`${describe(r)} but ${blocked.map(describeConflict).join(' and ')}`, id, [r, ...blocked]);
        const available = pool.slice(0, 8).map((c) => c.version).join(', ');
        return new ResolveError(`${describe(r)}, but no version of ${id} satisfies it (available: ${available || 'none that is not yanked'})`, id, [r]);
      }
    }
    for (let i = 0; i < on.length; i++) for (let j = i + 1; j < on.length; j++) if (!some([on[i], on[j]])) return new ResolveError(`${describe(on[i])} but ${describe(on[j])}`, id, [on[i], on[j]]);
    return new ResolveError(`no version of ${id} satisfies ${on.map(describe).join(', ')}${against.length ? `, ${against.map(describeConflict).join(', ')}` : ''} together`, id, [...on, ...against]);
  };

  /**
   * Checks the ranges `c` (about to be chosen for `id`) imposes: true when each can still be met, else the plugins
   * whose choices stand in the way (the failure is kept, for the message, when it is the first).
   */
  const impose = (id: string, c: Candidate): true | Set<string> => {
    const by = `${id}@${c.version}`;
    for (const [dep, range] of Object.entries(c.dependencies)) {
      const r: Requirement = { id: dep, range, by };
      const on = [...(constraints.get(dep) ?? []), r];
      const against = conflicts.get(dep) ?? [];
      const picked = chosen.get(dep);
      if (picked ? !satisfiesRange(picked.version, range) : !(candidatesOf(dep) ?? []).some((x) => fits(x, on, against))) {
        fail(() => explain(dep, on, against));
        return culprits(picked ? new Set([dep]) : new Set<string>(), on, against);
      }
    }
    for (const [other, range] of Object.entries(c.conflicts)) {
      const picked = chosen.get(other);
      if (picked && satisfiesRange(picked.version, range, true)) {
        const on = constraints.get(other) ?? [];
        const clash = { id: other, range, by };
        fail(() => new ResolveError(`${on.length ? on.map(describe).join(' and ') : `${other}@${picked.version} is chosen`} but ${describeConflict(clash)}`, other, [...on, clash]));
        return culprits(new Set([other]), on);
      }
    }
    return true;
  };

  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const pop = <T>(map: Map<string, T[]>, key: string) => {
    const list = map.get(key)!;
    if (list.length === 1) map.delete(key);
    else map.set(key, list.slice(0, -1));
  };

  /** The plugins whose choices put these ranges in place (a root's requirement is nobody's choice). */
  const culprits = (into: Set<string>, ...lists: Requirement[][]) => {
    for (const list of lists) for (const r of list) if (r.by.includes('@')) into.add(r.by.slice(0, r.by.lastIndexOf('@')));
    return into;
  };

  /**
   * Decides the next undecided plugin in the order requirements arrived, trying its candidates in preference order.
   * Resolves to true when everything below is decided, else to the plugins whose choices caused the failure: a
   * failure that this plugin's choice played no part in is passed straight up (conflict-directed backjumping), so
   * unrelated choices are not tried again in vain.
   */
  const step = (from: number): true | Set<string> => {
    let i = from;
    while (i < pending.length && chosen.has(pending[i])) i++;
    if (i === pending.length) return true;
    const id = pending[i];
    const on = constraints.get(id) ?? [];
    const against = conflicts.get(id) ?? [];
    const candidates = candidatesOf(id);
    const blame = culprits(new Set<string>(), on, against);
    if (!candidates || candidates.length === 0) {
      fail(() => explain(id, on, against));
      return blame;
    }
    let tried = false;
    for (const c of candidates) {
      if (--budget < 0) throw new ResolveError(`the dependency graph is too tangled to resolve (gave up after ${input.budget ?? 200_000} tries)`, id, on);
      if (!fits(c, on, against)) continue;
      tried = true;
      const clash = impose(id, c);
      if (clash !== true) {
        for (const who of clash) if (who !== id) blame.add(who);
        continue;
      }
      chosen.set(id, { id, ...c });
      const deps = Object.keys(c.dependencies).sort(byId);
      const others = Object.keys(c.conflicts).sort(byId);
      for (const dep of deps) push(constraints, dep, { id: dep, range: c.dependencies[dep], by: `${id}@${c.version}` });
      for (const other of others) push(conflicts, other, { id: other, range: c.conflicts[other], by: `${id}@${c.version}` });
      const length = pending.length;
      pending.push(...deps);
      const below = step(i + 1);
      if (below === true) return true;
      pending.length = length;
      for (const dep of deps) pop(constraints, dep);
      for (const other of others) pop(conflicts, other);
      chosen.delete(id);
      if (!below.has(id)) return below;
      for (const who of below) if (who !== id) blame.add(who);
    }
    if (!tried) fail(() => explain(id, on, against));
    return blame;
  };

  // what the user asks for first, so an error names the new requirement before the ones already installed
  const asked = (r: Requirement) => (r.by === 'you' ? 0 : 1);
  for (const root of [...input.roots].sort((a, b) => asked(a) - asked(b) || byId(a.id, b.id) || byId(a.by, b.by))) {
    push(constraints, root.id, root);
    if (!pending.includes(root.id)) pending.push(root.id);
  }
  if (step(0) !== true) throw failure ?? new ResolveError('no version choice satisfies every constraint', pending[0] ?? '', []);
  return { chosen, order: topological(chosen), constraints };
}

/** Dependencies before their dependents; ids in order where nothing else decides, a cycle broken at its first id. */
export function topological(chosen: ReadonlyMap<string, Pick<Chosen, 'dependencies'>>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !chosen.has(id)) return;
    seen.add(id);
    for (const dep of Object.keys(chosen.get(id)!.dependencies).sort(byId)) visit(dep);
    order.push(id);
  };
  for (const id of [...chosen.keys()].sort(byId)) visit(id);
  return order;
}
