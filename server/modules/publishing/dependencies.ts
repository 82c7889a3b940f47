import semver from 'semver';
import type { Em } from '../../orm.js';
import { REGISTRY_KEY, type Manifest } from '../../../domain/manifest.js';
import { normalizeDependencies, satisfies, type Dependencies, type DependencyDeclaration } from '../../../domain/dependencies.js';
import type { CheckResult } from './submission.entity.js';
import type { SubmissionInput } from './submission.input.js';
import { PluginDependency, PluginVersion } from './version.entity.js';

/**
 * The rules of issue 19 over the published graph: what a submission declares, whether it can be installed (every
 * dependency a known plugin with a published, non-yanked version in range) and that it closes no cycle.
 *
 * A cycle: from the submitted version, follow each dependency to every published non-yanked version of it that
 * satisfies the range, and from those their dependencies the same way; reaching the submitted plugin again (at any
 * version, by any range) is a cycle. Since every version is checked so on its way in, the published graph has none.
 */

const CHECK = 'dependencies';

/** A version of a plugin as the graph sees it. */
export interface GraphVersion {
  version: string;
  yanked: boolean;
  dependencies: Record<string, string>;
}

/** The published versions of plugins by id; an id that names no plugin is absent from the answer. */
export type VersionsOf = (ids: string[]) => Promise<Map<string, GraphVersion[]>>;

export function versionsFromDatabase(em: Em): VersionsOf {
  return async (ids) => {
    const rows = ids.length === 0 ? [] : await em.find(PluginVersion, { plugin: { $in: ids } }, { fields: ['version', 'yankedReason', 'dependencies', 'plugin'] });
    const byId = new Map<string, GraphVersion[]>();
    for (const row of rows) {
      const list = byId.get(row.plugin.id) ?? [];
      list.push({ version: row.version, yanked: row.yankedReason != null, dependencies: row.dependencies ?? {} });
      byId.set(row.plugin.id, list);
    }
    return byId;
  };
}

/** The reverse-lookup rows of a version being published (approval, import): one per dependency. */
export function recordDependencies(em: Em, version: PluginVersion): void {
  for (const [dependencyId, range] of Object.entries(version.dependencies)) em.create(PluginDependency, { version, dependencyId, range });
}

const declares = (d: DependencyDeclaration | undefined): boolean => d !== undefined && (d.dependencies !== undefined || d.conflicts !== undefined || d.provides !== undefined);

const show = (d: Dependencies): string => JSON.stringify(d);

/**
 * What the submitted version declares: the submission's top-level fields or the manifest's `x-loom-registry`; given
 * in both, they must say the same (`disagreement` says how they differ).
 */
export function declaredDependencies(input: SubmissionInput, manifest: Manifest | undefined): { declared: Dependencies; disagreement?: string } {
  const submitted: DependencyDeclaration = { dependencies: input.dependencies, conflicts: input.conflicts, provides: input.provides };
  const inManifest = manifest?.[REGISTRY_KEY];
  const fromSubmission = normalizeDependencies(submitted);
  if (!declares(inManifest)) return { declared: fromSubmission };
  const fromManifest = normalizeDependencies(inManifest);
  if (!declares(submitted)) return { declared: fromManifest };
  if (show(fromSubmission) === show(fromManifest)) return { declared: fromSubmission };
  const parts = (['dependencies', 'conflicts', 'provides'] as const)
    .filter((key) => JSON.stringify(fromSubmission[key]) !== JSON.stringify(fromManifest[key]))
    .map((key) => `${key}: the submission says ${JSON.stringify(fromSubmission[key])}, the manifest's ${REGISTRY_KEY} says ${JSON.stringify(fromManifest[key])}`);
  return { declared: fromSubmission, disagreement: `${parts.join('; ')}: declare them in one place, or make both say the same` };
}

/** The newest-first published versions in `range`, neither yanked: those an install could pick. */
const candidates = (versions: GraphVersion[], range: string): GraphVersion[] => versions.filter((v) => !v.yanked && satisfies(v.version, range));

/**
 * The `dependencies` check of a submission of `pluginId`: fails on a self-dependency, a conflict with itself, an id
 * both needed and in conflict, an unknown id, a range no published non-yanked version satisfies, or a cycle; warns
 * of conflicts naming plugins the registry does not have (they may come later, or be a typo).
 */
export async function dependencyCheck(pluginId: string, version: string, declared: Dependencies, versionsOf: VersionsOf, disagreement?: string): Promise<CheckResult[]> {
  const fail = (message: string): CheckResult[] => [{ name: CHECK, status: 'fail', message }];
  if (disagreement) return fail(`the submission and the manifest disagree: ${disagreement}`);
  const needs = Object.entries(declared.dependencies);
  const problems: string[] = [];
  if (declared.dependencies[pluginId] !== undefined) problems.push(`"${pluginId}" ${declared.dependencies[pluginId]}: a plugin cannot depend on itself`);
  if (declared.conflicts[pluginId] !== undefined) problems.push(`conflicts: "${pluginId}" ${declared.conflicts[pluginId]}: a plugin cannot conflict with itself`);
  for (const [id, range] of needs) if (declared.conflicts[id] !== undefined) problems.push(`"${id}" is both a dependency (${range}) and a conflict (${declared.conflicts[id]})`);
  if (problems.length > 0) return fail(problems.join('; '));

  const known = await versionsOf([...new Set([...needs.map(([id]) => id), ...Object.keys(declared.conflicts)])]);
  for (const [id, range] of needs) {
    const versions = known.get(id);
    if (!versions) problems.push(`"${id}" ${range}: no plugin "${id}" is published in this registry`);
    else if (candidates(versions, range).length === 0) {
      const published = semver.rsort(versions.filter((v) => !v.yanked).map((v) => v.version));
      const shown = published.length > 10 ? `${published.slice(0, 10).join(', ')}, …` : published.join(', ');
      problems.push(`"${id}" ${range}: no published version satisfies the range (${published.length ? `not yanked: ${shown}` : 'every version is yanked'})`);
    }
  }
  if (problems.length > 0) return fail(problems.join('; '));

  const cycle = await findCycle(pluginId, version, needs, versionsOf, known);
  if (cycle) return fail(`a cycle: ${cycle}; a plugin cannot need, even through others, a plugin that needs it`);

  const unknownConflicts = Object.keys(declared.conflicts).filter((id) => !known.has(id));
  if (unknownConflicts.length > 0) {
    return [{ name: CHECK, status: 'warn', message: `conflicts name ${unknownConflicts.map((id) => `"${id}"`).join(', ')}, which this registry does not have: check the spelling` }];
  }
  return [{ name: CHECK, status: 'pass', message: needs.length === 0 ? 'no dependencies declared' : `${needs.length} ${needs.length === 1 ? 'dependency' : 'dependencies'}, each satisfiable, and no cycle` }];
}

/**
 * A path from the submitted plugin back to itself, as `a@1.0.0 → b ^1 (b@1.2.0) → a ^1`, or null. Breadth first,
 * a layer of plugin ids read at a time; each version is followed once.
 */
async function findCycle(root: string, rootVersion: string, needs: [string, string][], versionsOf: VersionsOf, known: Map<string, GraphVersion[]>): Promise<string | null> {
  type Step = { id: string; range: string; path: string };
  const seen = new Set<string>();
  const graph = new Map(known);
  let layer: Step[] = needs.map(([id, range]) => ({ id, range, path: `${root}@${rootVersion} → ${id} ${range}` }));
  while (layer.length > 0) {
    const next: Step[] = [];
    const missing = [...new Set(layer.map((s) => s.id).filter((id) => !graph.has(id) && id !== root))];
    if (missing.length > 0) for (const [id, versions] of await versionsOf(missing)) graph.set(id, versions);
    for (const step of layer) {
      if (step.id === root) return step.path;
      for (const v of candidates(graph.get(step.id) ?? [], step.range)) {
        const key = `${step.id}@${v.version}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const [id, range] of Object.entries(v.dependencies)) next.push({ id, range, path: `${step.path} (${key}) → ${id} ${range}` });
      }
    }
    layer = next;
  }
  return null;
}
