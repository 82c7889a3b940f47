import semver from 'semver';
import { z } from 'zod';
import { PLUGIN_ID_PATTERN, PLUGIN_ID_RULE } from './plugin.js';

/**
 * What a version says about other plugins, the one vocabulary of the submission, the manifest (under
 * `x-loom-registry`, a key Loom ignores), REST, GraphQL, registry.json and the CLI's resolver:
 * - `dependencies`: plugin id → semver range the version needs installed (e.g. `{"openai-plugin": "^1.2.0"}`);
 * - `conflicts`: plugin id → range of versions that cannot be installed beside it;
 * - `provides`: names this plugin stands in for (virtual names, such as `embeddings`), shown to users; a dependency
 *   always names a real plugin id.
 */
export const MAX_DEPENDENCIES = 64;

/** A semver range as npm reads it (`^1.2.0`, `>=2 <3`, `1.x`, `*`), at most 256 characters. */
export const semverRange = () =>
  z
    .string()
    .max(256)
    .refine((range) => semver.validRange(range) !== null, 'must be a semver range (e.g. ^1.2.0, >=2.0.0 <3.0.0, 1.x, *)');

const pluginRef = () => z.string().regex(PLUGIN_ID_PATTERN, `a plugin id: ${PLUGIN_ID_RULE}`);

export const dependencyMapSchema = z
  .record(pluginRef(), semverRange())
  .refine((map) => Object.keys(map).length <= MAX_DEPENDENCIES, `at most ${MAX_DEPENDENCIES} entries`);
export type DependencyMap = z.infer<typeof dependencyMapSchema>;

export const dependencyDeclarationSchema = z.strictObject({
  dependencies: dependencyMapSchema.optional(),
  conflicts: dependencyMapSchema.optional(),
  provides: z.array(pluginRef()).max(MAX_DEPENDENCIES).optional(),
});
export type DependencyDeclaration = z.infer<typeof dependencyDeclarationSchema>;

/** A declaration with every part present (empty when not declared), keys sorted: how it is stored and served. */
export interface Dependencies {
  dependencies: DependencyMap;
  conflicts: DependencyMap;
  provides: string[];
}

const sortedMap = (map: DependencyMap | undefined): DependencyMap =>
  Object.fromEntries(Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export function normalizeDependencies(declared: DependencyDeclaration | undefined): Dependencies {
  return { dependencies: sortedMap(declared?.dependencies), conflicts: sortedMap(declared?.conflicts), provides: [...new Set(declared?.provides ?? [])].sort() };
}

/** Whether `version` satisfies `range`, pre-releases included only when the range names one (npm's rule). */
export const satisfies = (version: string, range: string): boolean => semver.satisfies(version, range);
