import semver from 'semver';
import type { Em } from '../../orm.js';
import { PluginTag, type Plugin } from '../catalog/plugin.entity.js';
import type { InstallDetails, PluginVersion } from './version.entity.js';

type VersionState = Pick<PluginVersion, 'version' | 'prerelease' | 'yankedReason'>;
type Snapshot = Pick<PluginVersion, 'sha256' | 'quality' | 'dependencies' | 'conflicts' | 'provides'>;

const installable = (v: VersionState) => !v.prerelease && !v.yankedReason;

/** The version a plugin's entry is built from: the highest that is neither yanked nor a pre-release (else the highest). */
export function currentVersion<V extends VersionState>(versions: V[]): V | undefined {
  const sorted = [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
  return sorted.find(installable) ?? sorted[0];
}

/** Why no version of a plugin can be installed by `loom plugin install <id>`; null when one can. */
export function notInstallableReason(versions: VersionState[]): string | null {
  if (versions.some(installable)) return null;
  if (versions.length === 0) return 'no version is published';
  const releases = versions.filter((v) => !v.prerelease);
  const preleases = versions.filter((v) => v.prerelease && !v.yankedReason);
  if (releases.length === 0) return 'only pre-releases are published: install one by its exact version (id@version)';
  if (preleases.length > 0) return 'every release is yanked; only pre-releases remain: install one by its exact version (id@version)';
  return 'every version is yanked';
}

/**
 * Points the plugin at its current version and copies that version's install details onto it (with its tag rows),
 * so every read of the plugin (registry.json, REST, GraphQL, search) describes the version Loom would install.
 * Called by every write that adds a version or changes whether one is installable.
 */
export async function applyCurrentVersion(em: Em, plugin: Plugin, versions: (VersionState & Snapshot & InstallDetails)[]): Promise<void> {
  const current = currentVersion(versions);
  if (!current) return;
  const previousTags = plugin.tags;
  em.assign(plugin, {
    version: current.version,
    installable: notInstallableReason(versions) === null,
    description: current.description,
    tags: current.tags,
    capabilities: current.capabilities,
    installType: current.installType,
    manifestUrl: current.manifestUrl,
    dockerImage: current.dockerImage ?? null,
    manifestSha256: current.sha256,
    qualityScore: current.quality?.score ?? null,
    tested: Boolean(current.quality?.items.some((i) => i.id === 'conformance' && i.passed)),
    dependencies: current.dependencies,
    conflicts: current.conflicts,
    provides: current.provides,
  });
  if (previousTags.join('\n') === current.tags.join('\n')) return;
  // a plugin without tags has no rows to delete (a new one is not even written yet)
  if (previousTags.length > 0) await em.nativeDelete(PluginTag, { plugin: plugin.id });
  for (const tag of new Set(current.tags)) em.create(PluginTag, { plugin, tag });
}
