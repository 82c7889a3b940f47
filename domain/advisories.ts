import semver from 'semver';

/**
 * Security advisories as the registry publishes them (REST /api/v1/advisories and the signed advisories.json
 * target), shared by the server and the CLI.
 */
export const ADVISORY_SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
export type AdvisorySeverityName = (typeof ADVISORY_SEVERITIES)[number];
export const ADVISORY_KINDS = ['vulnerability', 'malware', 'deprecated-dependency'] as const;
export type AdvisoryKindName = (typeof ADVISORY_KINDS)[number];

export interface AdvisoryJson {
  id: string;
  plugin_id: string;
  affected: string;
  patched: string | null;
  severity: AdvisorySeverityName;
  kind: AdvisoryKindName;
  summary: string;
  details: string;
  references: string[];
  published_at: string;
}

/** advisories.json: every published advisory, by id. */
export interface AdvisoriesDocument {
  version: 1;
  advisories: AdvisoryJson[];
}

/** Whether `version` is one the advisory names and no patched range covers. */
export function affects(advisory: { affected: string; patched?: string | null }, version: string): boolean {
  const options = { includePrerelease: true };
  return semver.satisfies(version, advisory.affected, options) && !(advisory.patched && semver.satisfies(version, advisory.patched, options));
}
