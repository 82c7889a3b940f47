import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError, pluginConfig } from '../../conformance/config.js';
import type { LoadRunner } from '../../conformance/load.js';
import type { CheckOutcome, ConformanceReport } from '../../conformance/report.js';
import { runConformance, type ManifestFacts } from '../../conformance/run.js';
import type { Context } from '../context.js';
import { EXIT, NotFoundError, UsageError } from '../errors.js';
import { out, paint, printJson, type Io } from '../output/io.js';
import { examples, jsonOption } from './common.js';

const MANIFEST_NAMES = ['plugin.yaml', 'plugin.yml', 'plugin.json'];
const MARK: Record<CheckOutcome['status'], [string, 'green' | 'yellow' | 'red' | 'dim']> = { pass: ['✓', 'green'], warn: ['!', 'yellow'], fail: ['✗', 'red'], skip: ['-', 'dim'] };

interface TestOptions {
  manifest?: string;
  config: string[];
  json?: boolean;
  load: boolean;
  loadChat?: boolean;
  requests: number;
  concurrency: number;
  timeout: number;
  chatTimeout: number;
  maxBytes: number;
  loadBudget: number;
}

const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, value];

/** The manifest named, or the one in the current folder; undefined when there is none. */
async function readManifest(ctx: Context, given: string | undefined): Promise<{ file: string; facts: ManifestFacts } | undefined> {
  const file = given ? path.resolve(ctx.cwd, given) : MANIFEST_NAMES.map((n) => path.join(ctx.cwd, n)).find((f) => fs.existsSync(f));
  if (!file) return undefined;
  if (!fs.existsSync(file)) throw new NotFoundError(`no such file: ${file}`);
  const { parseManifest, ManifestError } = await import('../../domain/manifest.js');
  try {
    const { metadata } = parseManifest(fs.readFileSync(file, 'utf8'));
    return { file, facts: { provider_type: metadata.provider_type, version: metadata.version, capabilities: metadata.capabilities, config_schema: metadata.config_schema } };
  } catch (err) {
    if (err instanceof ManifestError) throw new UsageError(`${path.relative(ctx.cwd, file) || file}: manifest ${err.message}`, 'fix the manifest first: the registry refuses it too');
    throw err;
  }
}

/** The load run as `ab -n -c` does it, with autocannon in this process. */
const autocannonRunner: LoadRunner = async (target, plan) => {
  let budget: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url: target.url,
      method: target.method,
      body: target.body,
      headers: target.body === undefined ? {} : { 'content-type': 'application/json' },
      amount: plan.requests,
      connections: Math.min(plan.concurrency, plan.requests),
      timeout: Math.max(1, Math.ceil(plan.timeoutMs / 1000)),
    };
    const instance = autocannon(options, (err, r) => (err ? reject(err) : resolve(r)));
    budget = setTimeout(() => instance.stop(), plan.budgetMs);
  }).finally(() => clearTimeout(budget));
  const completed = result['2xx'] + result.non2xx;
  return {
    target: target.label,
    requests: plan.requests,
    concurrency: plan.concurrency,
    completed,
    errors: result.errors,
    non_2xx: result.non2xx,
    timeouts: result.timeouts,
    duration_ms: Math.round(result.duration * 1000),
    throughput_rps: result.duration > 0 ? Math.round((completed / result.duration) * 100) / 100 : 0,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  };
};

function printCheck(io: Io, check: CheckOutcome): void {
  const [mark, style] = MARK[check.status];
  const c = io.color;
  out(io, `  ${paint(c, style, mark)} ${check.id.padEnd(20)} ${check.title}: ${check.status === 'skip' ? 'skipped, ' : ''}${check.message}`);
  if (check.fix) out(io, `      ${paint(c, 'dim', 'fix:')} ${check.fix}`);
}

function printSummary(io: Io, report: ConformanceReport): void {
  const { pass, warn, fail, skip } = report.summary;
  const verdict = report.passed ? paint(io.color, 'green', 'PASSED') : paint(io.color, 'red', 'FAILED');
  out(io);
  out(io, `${verdict}: ${pass} passed, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed, ${skip} skipped (${(report.duration_ms / 1000).toFixed(1)} s)`);
  if (!report.passed) out(io, `Required checks failed: ${report.checks.filter((c) => c.required && c.status === 'fail').map((c) => c.id).join(', ')}`);
}

export function registerTest(plugin: Command, ctx: Context): void {
  plugin
    .command('test')
    .description("run Loom's plugin protocol against a running plugin: every route, errors, a load run; exit 0 only when every required check passes")
    .argument('<endpoint>', 'the running plugin\'s base URL, e.g. http://localhost:8090')
    .option('--manifest <file>', 'the plugin\'s manifest (default: plugin.yaml, plugin.yml or plugin.json here, if any)')
    .option('--config <name=value>', 'a config value sent to /initialize (repeatable); sensitive ones only from LOOM_PLUGIN_<NAME>', collect, [])
    .option('--requests <n>', 'requests of the load run on /health', wholeNumber(1, 100_000), 1000)
    .option('--concurrency <c>', 'of them at a time', wholeNumber(1, 1000), 10)
    .option('--no-load', 'skip the load run')
    .option('--load-chat', 'load /chat/completions too, with a small request')
    .option('--timeout <ms>', 'deadline of /metadata, /health, /models and /cleanup', wholeNumber(1, 600_000), 1000)
    .option('--chat-timeout <ms>', "deadline of /initialize, chat and embeddings (Loom's client waits 30 s)", wholeNumber(1, 600_000), 30_000)
    .option('--load-budget <ms>', 'the load run stops sending after this long', wholeNumber(1, 3_600_000), 60_000)
    .option('--max-bytes <n>', 'largest answer read', wholeNumber(1024, 64 * 1024 * 1024), 1024 * 1024)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `${examples(
        'loom plugin test http://localhost:8090',
        'loom plugin test http://localhost:8090 --manifest plugin.yaml --config model=large',
        'LOOM_PLUGIN_API_KEY=sk-… loom plugin test http://localhost:8090   # a sensitive field, from the environment',
        'loom plugin test http://localhost:8090 --requests 1000 --concurrency 10 --json > report.json',
      )}
Each check prints one line; a failed one says why and how to fix it. Checks of capabilities the manifest (or
/metadata) does not declare are skipped. Exit codes: 0 every required check passed, 1 one failed, 2 usage.`,
    )
    .action(async (endpoint: string, options: TestOptions) => {
      if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) throw new UsageError(`not an http(s) URL: ${endpoint}`, 'give the running plugin\'s base URL, e.g. http://localhost:8090');
      const manifest = await readManifest(ctx, options.manifest);
      let config;
      try {
        config = pluginConfig(manifest?.facts.config_schema ?? [], options.config, ctx.env);
      } catch (err) {
        if (err instanceof ConfigError) throw new UsageError(err.message, err.hint);
        throw err;
      }
      const io = ctx.io;
      if (!options.json) out(io, `${paint(io.color, 'bold', 'loom plugin test')} ${endpoint}${manifest ? ` (manifest ${path.relative(ctx.cwd, manifest.file) || manifest.file})` : ' (no manifest: /metadata says what to test)'}`);
      const report = await runConformance({
        endpoint,
        fetch: (url, init) => fetch(url, init),
        manifest: manifest?.facts,
        config,
        timeoutMs: options.timeout,
        chatTimeoutMs: options.chatTimeout,
        maxBytes: options.maxBytes,
        missingConfig: 'fail',
        load: options.load ? { runner: autocannonRunner, requests: options.requests, concurrency: options.concurrency, budgetMs: options.loadBudget, chat: Boolean(options.loadChat) } : undefined,
        onCheck: options.json ? undefined : (check) => printCheck(io, check),
      });
      if (options.json) printJson(io, { report });
      else printSummary(io, report);
      if (!report.passed) ctx.exitCode = EXIT.FAILURE;
    });
}
