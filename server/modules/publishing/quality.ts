import { Field, Int, ObjectType } from 'type-graphql';
import type { CheckResult, Conformance } from './submission.entity.js';
import type { SubmissionInput } from './submission.input.js';

@ObjectType({ description: 'One quality standard of the registry, as far as the registry can establish it' })
export class QualityItem {
  @Field({ description: 'conformance, error-codes, health-check, license, no-secrets, docker-pinned, documentation, repository, change-notes' }) id!: string;
  @Field() label!: string;
  @Field() passed!: boolean;
  @Field({ description: 'How the registry knows, or what is missing' }) detail!: string;
}

@ObjectType({ description: "The registry's Required and Recommended items it can establish for a version, at its approval" })
export class VersionQuality {
  @Field(() => Int, { description: 'Percentage of the items passed' }) score!: number;
  @Field(() => [QualityItem]) items!: QualityItem[];
  @Field({ description: 'When the version was assessed (its approval, RFC 3339)' }) assessedAt!: string;
}

const checkPassed = (checks: CheckResult[], name: string) => checks.some((c) => c.name === name && c.status === 'pass');

/** The quality of a version from what its submission's checks established. */
export function versionQuality(input: SubmissionInput, checks: CheckResult[], conformance: Conformance | null | undefined, at: Date): VersionQuality {
  const report = conformance?.report;
  const reportPassed = (...ids: string[]) => Boolean(report && ids.every((id) => report.checks.some((c) => c.id === id && c.status === 'pass')));
  const by = conformance ? (conformance.source === 'registry' ? `the registry's run against ${conformance.endpoint}` : 'a self-reported run') : '';
  const none = 'no conformance run (give submission.test_endpoint)';
  const image = input.plugin.install.docker_image;
  const items: QualityItem[] = [
    { id: 'conformance', label: 'Passes automated tests', passed: Boolean(conformance?.passed), detail: conformance ? `${conformance.passed ? 'passed' : 'failed'} ${by} at ${conformance.finishedAt}` : none },
    { id: 'error-codes', label: 'Returns proper error codes', passed: reportPassed('error-malformed', 'error-unknown-model'), detail: report ? `per ${by}` : none },
    { id: 'health-check', label: 'Includes health check', passed: reportPassed('health'), detail: report ? `per ${by}` : none },
    { id: 'license', label: 'Open source license', passed: true, detail: `${input.plugin.license} (OSI-approved, checked at submission)` },
    { id: 'no-secrets', label: 'No secrets in the manifest', passed: checkPassed(checks, 'secrets') && checkPassed(checks, 'secret-defaults'), detail: 'per the security scan' },
    { id: 'docker-pinned', label: 'Docker image available, pinned', passed: Boolean(image) && checkPassed(checks, 'docker-image-pinned'), detail: image ?? 'no docker_image' },
    { id: 'documentation', label: 'Documentation link', passed: Boolean(input.plugin.documentation_url), detail: input.plugin.documentation_url ?? 'no documentation_url' },
    { id: 'repository', label: 'Public repository', passed: Boolean(input.plugin.repository), detail: input.plugin.repository },
    { id: 'change-notes', label: 'Versioned release with change notes', passed: Boolean(input.submission.notes?.trim()), detail: input.submission.notes?.trim() ? 'the submission notes' : 'no submission notes' },
  ];
  return { score: Math.round((100 * items.filter((i) => i.passed).length) / items.length), items, assessedAt: at.toISOString() };
}
