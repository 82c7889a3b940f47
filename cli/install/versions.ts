import semver from 'semver';
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

/** The newest version in `range` that is neither yanked nor, unless `pre`, a pre-release; null when none is. */
export function newest(versions: VersionInfo[], pre: boolean, range = '*'): string | null {
  const candidates = versions.filter((v) => semver.valid(v.version) && !v.yanked_reason && (pre || !v.prerelease));
  return semver.maxSatisfying(candidates.map((v) => v.version), range, { includePrerelease: pre });
}

export function isNewer(candidate: string, installed: string): boolean {
  return semver.valid(candidate) !== null && semver.valid(installed) !== null ? semver.gt(candidate, installed) : candidate !== installed;
}
