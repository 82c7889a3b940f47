import semver from 'semver';
import { affects, type AdvisoryJson } from '../../domain/advisories.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { VersionInfo } from '../sources/types.js';

export interface Pick {
  version: VersionInfo;
  /** Set when the pick was explicitly asked for although it was yanked. */
  yanked?: string;
}

/**
 * The version to install: exactly `requested` when it is a version (even a yanked one, with a warning: a pin is
 * a pin), the highest match of `requested` when it is a range, else the highest release; yanked versions and
 * pre-releases only when asked for (`--pre`).
 */
export function pickVersion(id: string, versions: VersionInfo[], requested: string | null, pre: boolean): Pick {
  const usable = versions.filter((v) => semver.valid(v.version));
  const shown = () => usable.slice(0, 8).map((v) => v.version).join(', ') + (usable.length > 8 ? ', …' : '');
  if (requested && semver.valid(requested)) {
    const found = usable.find((v) => semver.eq(v.version, requested));
    if (!found) throw new NotFoundError(`${id} has no version ${requested}`, usable.length ? `available: ${shown()}` : undefined);
    return found.yanked_reason ? { version: found, yanked: found.yanked_reason } : { version: found };
  }
  if (requested && !semver.validRange(requested)) throw new UsageError(`"${requested}" is not a version or a version range`, `e.g. ${id}@1.2.0 or ${id}@^1.2`);
  const best = newest(usable, pre, requested ?? '*');
  if (!best) {
    const what = requested ? `no version of ${id} matches ${requested}` : `${id} has no release yet`;
    const onlyPre = usable.some((v) => v.prerelease && !v.yanked_reason) && !pre;
    throw new NotFoundError(what, onlyPre ? 'add --pre to consider pre-releases' : usable.length ? `available: ${shown()}` : undefined);
  }
  return { version: usable.find((v) => v.version === best)! };
}

/**
 * Automatic updates: the newest version in `range` that no advisory affects (so a patched one when there is), or,
 * when every newer one is affected, the newest of them only if `current` is affected too; a safe `current` stays.
 */
function safest(versions: VersionInfo[], pre: boolean, range: string, current: string, advisories: AdvisoryJson[]): string | null {
  const best = newest(versions, pre, range);
  if (!best || advisories.length === 0) return best;
  const safe = newest(versions.filter((v) => isNewer(v.version, current) && !advisories.some((a) => affects(a, v.version))), pre, range);
  return safe ?? (advisories.some((a) => affects(a, current)) ? best : current);
}

/** The newest version in `range` that is neither yanked nor, unless `pre`, a pre-release; null when none is. */
export function newest(versions: VersionInfo[], pre: boolean, range = '*'): string | null {
  const candidates = versions.filter((v) => semver.valid(v.version) && !v.yanked_reason && (pre || !v.prerelease));
  return semver.maxSatisfying(candidates.map((v) => v.version), range, { includePrerelease: pre });
}

export function isNewer(candidate: string, installed: string): boolean {
  return semver.valid(candidate) !== null && semver.valid(installed) !== null ? semver.gt(candidate, installed) : candidate !== installed;
}

/** How far automatic updates may move a plugin: within its minor version, its major version, or anywhere. */
export type Policy = 'patch' | 'minor' | 'latest';
export const POLICIES = ['patch', 'minor', 'latest'] as const satisfies readonly Policy[];

/** The versions a policy allows from `current`, as a semver range. */
export function policyRange(policy: Policy, current: string): string {
  const v = semver.parse(current);
  if (!v || policy === 'latest') return '*';
  return policy === 'patch' ? `>=${v.version} <${v.major}.${v.minor + 1}.0` : `>=${v.version} <${v.major + 1}.0.0`;
}

/** What a source offers an installed plugin. */
export interface Offer {
  /** The version its pin or range (and policy) allows: what `update` installs; the installed one when nothing newer is. */
  wanted: string;
  /** The newest release, pins and ranges aside; null when the source has none. */
  latest: string | null;
  /** Why `latest` is not what update installs, with the way past it; absent when nothing holds the plugin back. */
  held?: string;
}

/**
 * The version `update` moves a plugin to: an exact pin stays; a range (and an automatic-update policy) gives its
 * newest release; a plugin installed without a pin follows the newest release. A newer release outside the pin,
 * range or policy is named in `held`, saying how to get it.
 */
export function offer(id: string, current: string, versions: VersionInfo[], requested: string | null, options: { pre?: boolean; policy?: Policy; advisories?: AdvisoryJson[] } = {}): Offer {
  const pre = options.pre ?? false;
  const latest = newest(versions, pre);
  const beyond = (wanted: string) => latest !== null && isNewer(latest, wanted);
  if (requested && semver.valid(requested)) {
    return { wanted: current, latest, ...(beyond(requested) ? { held: `pinned at ${requested}; --latest moves it to ${latest}` } : {}) };
  }
  const range = requested ?? '*';
  const allowed = options.policy
    ? safest(versions, pre, semver.validRange(`${range} ${policyRange(options.policy, current)}`) ?? range, current, options.advisories ?? [])
    : pickVersion(id, versions, requested, pre).version.version;
  const wanted = allowed && isNewer(allowed, current) ? allowed : current;
  const flagged = (options.advisories ?? []).find((a) => latest !== null && affects(a, latest));
  if (flagged && latest !== wanted) return { wanted, latest, held: `${latest} is affected by advisory ${flagged.id} (${flagged.summary})` };
  if (!beyond(wanted)) return { wanted, latest };
  if (requested) return { wanted, latest, held: `${latest} is outside ${requested}; "loom plugin update ${id} --latest" moves past the range` };
  return { wanted, latest, held: `${latest} is outside the ${options.policy} policy of automatic updates; "loom plugin update ${id}" installs it` };
}
