import { pluginConfig } from '../../../conformance/config.js';
import { fetchLoadRunner } from '../../../conformance/load.js';
import type { ConformanceReport } from '../../../conformance/report.js';
import { runConformance } from '../../../conformance/run.js';
import type { Manifest } from '../../../domain/manifest.js';
import { guardedFetch, type FetchPolicy } from './safe-fetch.js';
import type { CheckResult, Conformance } from './submission.entity.js';
import type { SubmissionInput } from './submission.input.js';

/**
 * What the registry's own run may cost a plugin and a worker: short deadlines, small answers, a small load run.
 * The worst case (every step at its deadline, then the load budget) stays well inside the checks' 120 s lease.
 */
export const CONFORMANCE_LIMITS = { timeoutMs: 2000, chatTimeoutMs: 8000, maxBytes: 256 * 1024, requests: 50, concurrency: 5, loadBudgetMs: 10_000 };

/** Why a run failed, in one line: the required checks that failed, each with its reason. */
function failures(report: ConformanceReport): string {
  return report.checks
    .filter((c) => c.required && c.status === 'fail')
    .map((c) => `${c.id} (${c.message})`)
    .join('; ');
}

/**
 * The `conformance` check: the registry runs `loom plugin test` itself against `submission.test_endpoint`, through the
 * SSRF guard; without one, a report the author attached is shown as self-reported; without either, nothing.
 */
export async function conformanceCheck(
  input: SubmissionInput,
  manifest: Manifest | undefined,
  policy: FetchPolicy,
): Promise<{ result: CheckResult; conformance: Conformance } | undefined> {
  const endpoint = input.submission.test_endpoint;
  if (endpoint) {
    const report = await runConformance({
      endpoint,
      fetch: guardedFetch(policy),
      manifest: manifest?.metadata ?? { provider_type: input.plugin.provider_type, version: input.plugin.version, capabilities: input.plugin.capabilities },
      // the registry holds no secrets: a required one leaves /initialize to the instance's operator
      config: pluginConfig(manifest?.metadata.config_schema ?? [], [], {}),
      timeoutMs: CONFORMANCE_LIMITS.timeoutMs,
      chatTimeoutMs: CONFORMANCE_LIMITS.chatTimeoutMs,
      maxBytes: CONFORMANCE_LIMITS.maxBytes,
      missingConfig: 'skip',
      load: { runner: fetchLoadRunner(guardedFetch(policy)), requests: CONFORMANCE_LIMITS.requests, concurrency: CONFORMANCE_LIMITS.concurrency, budgetMs: CONFORMANCE_LIMITS.loadBudgetMs, chat: false },
    });
    const { pass, warn, skip } = report.summary;
    const result: CheckResult = report.passed
      ? { name: 'conformance', status: 'pass', message: `loom plugin test against ${endpoint} passed: ${pass} passed, ${warn} warnings, ${skip} skipped` }
      : { name: 'conformance', status: 'fail', message: `loom plugin test against ${endpoint} failed: ${failures(report)}` };
    return { result, conformance: { source: 'registry', passed: report.passed, finishedAt: report.finished_at, endpoint, report } };
  }
  const report = input.submission.test_report;
  if (!report) return undefined;
  const conformance: Conformance = { source: 'self-reported', passed: report.passed, finishedAt: report.finished_at, endpoint: report.endpoint, report };
  const about = report.plugin && (report.plugin.provider_type !== input.plugin.provider_type || report.plugin.version !== input.plugin.version);
  if (about) {
    const message = `the attached report is of ${report.plugin!.provider_type} ${report.plugin!.version}, not ${input.plugin.provider_type} ${input.plugin.version}: run loom plugin test against this version`;
    return { result: { name: 'conformance', status: 'warn', message }, conformance };
  }
  const result: CheckResult = report.passed
    ? { name: 'conformance', status: 'pass', message: `self-reported: loom plugin test passed at ${report.finished_at} (not run by the registry: give submission.test_endpoint for that)` }
    : { name: 'conformance', status: 'fail', message: `self-reported: loom plugin test failed: ${failures(report)}` };
  return { result, conformance };
}
