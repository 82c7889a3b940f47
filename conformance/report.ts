import { z } from 'zod';

/** The version of the report's shape: `loom plugin test --json` prints it, the registry stores and reads it. */
export const REPORT_FORMAT = 'loom-plugin-test/1';

const checkOutcome = z.object({
  id: z.string().max(64),
  title: z.string().max(200),
  status: z.enum(['pass', 'warn', 'fail', 'skip']),
  /** A failing required check fails the run; an optional one (a capability the plugin does not declare) is skipped. */
  required: z.boolean(),
  message: z.string().max(2000),
  /** What to change, when it did not pass. */
  fix: z.string().max(2000).optional(),
  duration_ms: z.number().min(0),
});

const loadResult = z.object({
  target: z.string().max(200),
  requests: z.number().int().min(0),
  concurrency: z.number().int().min(1),
  completed: z.number().int().min(0),
  errors: z.number().int().min(0),
  non_2xx: z.number().int().min(0),
  timeouts: z.number().int().min(0),
  duration_ms: z.number().min(0),
  throughput_rps: z.number().min(0),
  latency_ms: z.object({ p50: z.number().min(0), p90: z.number().min(0), p99: z.number().min(0), max: z.number().min(0) }),
});

export const reportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  endpoint: z.string().max(2048),
  started_at: z.string().max(64),
  finished_at: z.string().max(64),
  duration_ms: z.number().min(0),
  passed: z.boolean(),
  plugin: z.object({ name: z.string().max(256), version: z.string().max(128), provider_type: z.string().max(128) }).nullable(),
  summary: z.object({ pass: z.number().int(), warn: z.number().int(), fail: z.number().int(), skip: z.number().int() }),
  checks: z.array(checkOutcome).max(100),
  load: z.array(loadResult).max(10),
});

export type CheckOutcome = z.infer<typeof checkOutcome>;
export type CheckStatus = CheckOutcome['status'];
export type LoadResult = z.infer<typeof loadResult>;
export type ConformanceReport = z.infer<typeof reportSchema>;

/** Whether a run passed: no required check failed. */
export const passed = (checks: CheckOutcome[]) => !checks.some((c) => c.required && c.status === 'fail');

export function summarize(checks: CheckOutcome[]): ConformanceReport['summary'] {
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) summary[c.status]++;
  return summary;
}
