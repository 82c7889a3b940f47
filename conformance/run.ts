import semver from 'semver';
import { CAPABILITY_NAMES } from '../domain/capabilities.js';
import type { ConfigField, PluginConfig } from './config.js';
import { jsonOf, ProbeError, request, type Answer, type FetchLike } from './http.js';
import type { LoadRunner } from './load.js';
import { passed, REPORT_FORMAT, summarize, type CheckOutcome, type CheckStatus, type ConformanceReport, type LoadResult } from './report.js';
import {
  chatAnswer,
  embeddingsProblems,
  errorProblems,
  healthProblems,
  isObject,
  metadataProblems,
  modelsProblems,
  quote,
  streamProblems,
  type Capabilities,
} from './shapes.js';

/** What the manifest says the plugin is; the run checks the plugin against it. */
export interface ManifestFacts {
  provider_type: string;
  version: string;
  capabilities?: Capabilities;
  config_schema?: ConfigField[];
}

export interface ConformanceOptions {
  endpoint: string;
  fetch: FetchLike;
  manifest?: ManifestFacts;
  config: PluginConfig;
  /** Deadline of /metadata, /health, /models and /cleanup: Loom health-checks plugins, and a slow one is unhealthy. */
  timeoutMs: number;
  /** Deadline of /initialize, chat and embeddings: a provider's answer takes a while (Loom's client waits 30 s). */
  chatTimeoutMs: number;
  /** Largest answer read. */
  maxBytes: number;
  /** Required fields without a value: `fail` for an author, `skip` for the registry, which holds no secrets. */
  missingConfig: 'fail' | 'skip';
  load?: { runner: LoadRunner; requests: number; concurrency: number; budgetMs: number; chat: boolean };
  /** Each check as it finishes (progress). */
  onCheck?: (check: CheckOutcome) => void;
}

interface Verdict {
  status: CheckStatus;
  message: string;
  fix?: string;
}

const pass = (message: string): Verdict => ({ status: 'pass', message });
const warn = (message: string, fix: string): Verdict => ({ status: 'warn', message, fix });
const fail = (message: string, fix: string): Verdict => ({ status: 'fail', message, fix });
const skip = (message: string): Verdict => ({ status: 'skip', message });

const FIX: Record<ProbeError['kind'], string> = {
  timeout: 'answer sooner: the deadline is the run\'s --timeout (quick routes) or --chat-timeout (chat, embeddings, /initialize)',
  unreachable: 'start the plugin and give its base URL (conventionally http://localhost:8090)',
  too_large: 'keep answers small: the run reads at most --max-bytes',
  network: 'answer with a complete HTTP response; see the plugin\'s log',
};

const FUNCTION = {
  name: 'loom_conformance_weather',
  description: 'The weather in a city (a function the conformance run offers)',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const NO_SUCH_MODEL = 'loom-conformance-no-such-model';
// a 1×1 transparent PNG
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** An unexpected answer, briefly: `HTTP 500: {"code":"internal_error",…}`. */
function says(answer: Answer): string {
  const error = jsonOf(answer);
  const detail = isObject(error) && typeof error.message === 'string' ? `${typeof error.code === 'string' ? `${error.code}: ` : ''}${error.message}` : quote(answer.text, 120);
  return `HTTP ${answer.status}${detail ? ` (${detail})` : ''}`;
}

const ok = (answer: Answer) => answer.status >= 200 && answer.status <= 299;

class Run {
  readonly checks: CheckOutcome[] = [];
  private readonly secretsSeen = new Set<string>();
  unreachable = false;

  constructor(private readonly options: ConformanceOptions) {}

  url(path: string): string {
    return `${this.options.endpoint.replace(/\/+$/, '')}${path}`;
  }

  /** A request to the plugin; every answer is searched for the secrets sent. */
  async call(path: string, options: { method?: 'GET' | 'POST'; body?: unknown; raw?: string; slow?: boolean } = {}): Promise<Answer> {
    const answer = await request(this.options.fetch, this.url(path), {
      method: options.method ?? (options.body === undefined && options.raw === undefined ? 'GET' : 'POST'),
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      timeoutMs: options.slow ? this.options.chatTimeoutMs : this.options.timeoutMs,
      maxBytes: this.options.maxBytes,
    });
    for (const secret of this.options.config.secrets) if (answer.text.includes(secret)) this.secretsSeen.add(path);
    return answer;
  }

  async check(id: string, title: string, required: boolean, body: () => Promise<Verdict>): Promise<Verdict> {
    const started = performance.now();
    let verdict: Verdict;
    if (this.unreachable) verdict = skip('not run: the plugin is not reachable');
    else {
      try {
        verdict = await body();
      } catch (err) {
        if (!(err instanceof ProbeError)) throw err;
        // a first request that fails for any reason but time means nothing answers there
        if (err.kind === 'unreachable' || (this.checks.length === 0 && err.kind !== 'timeout')) this.unreachable = true;
        verdict = fail(err.message, FIX[err.kind]);
      }
    }
    const outcome: CheckOutcome = { id, title, status: verdict.status, required: required && verdict.status !== 'skip', message: this.redact(verdict.message), duration_ms: Math.round(performance.now() - started) };
    if (verdict.fix && verdict.status !== 'pass') outcome.fix = verdict.fix;
    this.checks.push(outcome);
    this.options.onCheck?.(outcome);
    return verdict;
  }

  /** Messages quote the plugin's answers, which must not carry a secret into the report. */
  private redact(text: string): string {
    return this.options.config.secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
  }

  get secretsEchoed(): string[] {
    return [...this.secretsSeen];
  }
}

/** A chat request must answer as an assistant; the verdict, and the answer when it is one. */
async function chat(run: Run, body: Record<string, unknown>, what: string) {
  const answer = await run.call('/chat/completions', { body, slow: true });
  if (!ok(answer)) return { verdict: fail(`${what} answered ${says(answer)}`, 'answer 200 with an OpenAI-style chat completion') };
  const read = chatAnswer(jsonOf(answer) ?? answer.text);
  if (read.problems.length) return { verdict: fail(`${what}: ${read.problems.join('; ')}`, 'answer {choices: [{message: {role: "assistant", content}}]} as OpenAI does') };
  return { read, ms: answer.ms };
}

/** An error answer must be non-200 and `{code, message, details, transient}`, ideally with `expected` as its code. */
function errorVerdict(answer: Answer, what: string, expected: string, status: string): Verdict {
  const shape = `answer ${status} with {"code": "${expected}", "message": …, "details": {…}, "transient": false}`;
  if (ok(answer)) return fail(`${what} answered HTTP ${answer.status}, as if it had worked`, shape);
  const { problems, code } = errorProblems(jsonOf(answer) ?? answer.text);
  if (problems.length) return fail(`${what} answered HTTP ${answer.status}, but ${problems.join('; ')}`, shape);
  if (code !== expected) return warn(`${what} answered HTTP ${answer.status} with code "${code}", where "${expected}" says what went wrong`, shape);
  if (answer.status >= 500) return warn(`${what} answered HTTP ${answer.status}: a 5xx tells Loom the provider failed (it may retry)`, shape);
  return pass(`HTTP ${answer.status} with code "${code}" and Loom's error shape`);
}

/** Runs Loom's plugin protocol against a running plugin, one check after another, and reports each. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const run = new Run(options);
  const startedAt = new Date();
  const t0 = performance.now();
  let plugin: ConformanceReport['plugin'] = null;
  let declared: Capabilities = options.manifest?.capabilities ?? {};
  let metadata: Record<string, any> | undefined;

  await run.check('metadata', 'GET /metadata', true, async () => {
    const answer = await run.call('/metadata');
    if (!ok(answer)) return fail(`answered ${says(answer)}`, 'serve GET /metadata with the manifest\'s metadata (name, version, provider_type, capabilities)');
    const body = jsonOf(answer);
    const problems = metadataProblems(body ?? answer.text);
    if (problems.length) return fail(problems.join('; '), 'answer {name, version, provider_type, capabilities, config_schema} as strings, booleans and an array');
    metadata = body as Record<string, any>;
    plugin = { name: metadata.name, version: metadata.version, provider_type: metadata.provider_type };
    if (!semver.valid(metadata.version)) return fail(`"version" ${quote(metadata.version)} is not a semantic version`, 'use a version such as 1.2.0, the manifest\'s');
    return pass(`${metadata.name} ${metadata.version}, provider_type "${metadata.provider_type}" (${answer.ms} ms)`);
  });

  if (!options.manifest && isObject(metadata?.capabilities)) declared = metadata.capabilities;
  await run.check('metadata-manifest', '/metadata agrees with the manifest', true, async () => {
    if (!options.manifest) return skip('no manifest given (--manifest plugin.yaml)');
    if (!metadata) return skip('not run: GET /metadata gave nothing to compare');
    const m = options.manifest;
    const mismatches: string[] = [];
    if (metadata.provider_type !== m.provider_type) mismatches.push(`provider_type is "${metadata.provider_type}", the manifest says "${m.provider_type}" (Loom keys plugins by it and refuses the plugin)`);
    if (metadata.version !== m.version) mismatches.push(`version is "${metadata.version}", the manifest says "${m.version}"`);
    if (mismatches.length) return fail(mismatches.join('; '), 'serve the same provider_type and version as plugin.yaml');
    const served: Capabilities = isObject(metadata.capabilities) ? metadata.capabilities : {};
    const differ = CAPABILITY_NAMES.filter((c) => Boolean(served[c]) !== Boolean(m.capabilities?.[c]));
    if (differ.length) return warn(`capabilities differ from the manifest's: ${differ.join(', ')}`, 'declare the same capabilities in GET /metadata and plugin.yaml');
    return pass(`provider_type "${m.provider_type}" and version ${m.version} as in the manifest`);
  });

  await run.check('initialize', 'POST /initialize', true, async () => {
    const { config } = options;
    if (config.missing.length) {
      const what = `required config ${config.missing.map((n) => `"${n}"`).join(', ')} has no value`;
      if (options.missingConfig === 'skip') return skip(`not run: ${what} here (the running instance must be initialized already)`);
      return fail(what, 'give it with --config name=value, or a sensitive one in LOOM_PLUGIN_<NAME>');
    }
    const answer = await run.call('/initialize', { body: config.values, slow: true });
    const sent = Object.entries(config.sources).map(([name, source]) => `${name} (${source})`);
    if (!ok(answer)) return fail(`answered ${says(answer)} to the config ${sent.join(', ') || '{}'}`, 'accept the config map of the manifest\'s config_schema and answer 200');
    return pass(`accepted ${sent.length ? sent.join(', ') : 'an empty config'} (${answer.ms} ms)`);
  });

  let healthy = false;
  await run.check('health', 'GET /health', true, async () => {
    const answer = await run.call('/health');
    if (!ok(answer)) return fail(`answered ${says(answer)}`, 'serve GET /health with {healthy, message, latency_ms, timestamp, details}');
    const body = jsonOf(answer);
    const problems = healthProblems(body ?? answer.text);
    if (problems.length) return fail(problems.join('; '), 'answer {"healthy": true, "message": "ok", "latency_ms": 12, "timestamp": "2026-01-01T00:00:00Z", "details": {}}');
    const health = body as Record<string, any>;
    if (health.healthy !== true) return fail(`the plugin says it is unhealthy: ${quote(health.message)}`, 'fix what the message says; Loom sends no requests to an unhealthy plugin');
    healthy = true;
    return pass(`healthy, "${health.message}" (${answer.ms} ms)`);
  });

  let model: string | undefined;
  await run.check('models', 'GET /models', true, async () => {
    const answer = await run.call('/models');
    if (!ok(answer)) return fail(`answered ${says(answer)}`, 'serve GET /models with a JSON array of models');
    const body = jsonOf(answer);
    const problems = modelsProblems(body ?? answer.text);
    if (problems.length) return fail(problems.join('; '), 'answer a bare array: [{"id": "my-model", "name": "My model"}]');
    const models = body as { id: string }[];
    model = models[0].id;
    return pass(`${models.length} model${models.length === 1 ? '' : 's'}: ${models.slice(0, 5).map((m) => m.id).join(', ')}${models.length > 5 ? ', …' : ''}`);
  });

  const needsModel = () => (model ? undefined : skip('not run: GET /models named no model'));
  const user = (content: unknown) => ({ role: 'user', content });

  await run.check('chat', 'POST /chat/completions', true, async () => {
    const noModel = needsModel();
    if (noModel) return noModel;
    const { verdict, read, ms } = await chat(run, { model, messages: [user('Say hello to Loom.')] }, `a chat request to "${model}"`);
    return verdict ?? pass(`"${model}" answered ${quote(read!.content ?? '', 60)} (${ms} ms)`);
  });

  await run.check('chat-stream', 'streaming (SSE ending in data: [DONE])', Boolean(declared.streaming), async () => {
    if (!declared.streaming) return skip('the plugin does not declare capabilities.streaming');
    const noModel = needsModel();
    if (noModel) return noModel;
    const answer = await run.call('/chat/completions', { body: { model, stream: true, messages: [user('Say hello to Loom.')] }, slow: true });
    if (!ok(answer)) return fail(`a streaming request answered ${says(answer)}`, 'answer "stream": true with text/event-stream');
    if (!answer.contentType.includes('text/event-stream')) return fail(`a streaming request answered ${answer.contentType || 'no content type'}, not text/event-stream`, 'send Content-Type: text/event-stream and "data: {chunk}" lines');
    const stream = streamProblems(answer.text);
    if (stream.problems.length) return fail(stream.problems.join('; '), 'send each chunk as "data: {json}\\n\\n" with choices[0].delta, then "data: [DONE]\\n\\n"');
    if (stream.warnings.length) return warn(stream.warnings.join('; '), 'end the stream with "data: [DONE]"');
    return pass(`${stream.chunks} chunks then [DONE], ${quote(stream.content, 60)} (${answer.ms} ms)`);
  });

  await run.check('function-calling', 'a function call round trip', Boolean(declared.function_calling), async () => {
    if (!declared.function_calling) return skip('the plugin does not declare capabilities.function_calling');
    const noModel = needsModel();
    if (noModel) return noModel;
    const question = user('What is the weather in Paris?');
    const first = await chat(run, { model, messages: [question], functions: [FUNCTION], function_call: { name: FUNCTION.name } }, 'a request forcing a function call');
    if (first.verdict) return first.verdict;
    const call = first.read!.call;
    if (!call) return fail(`a request forcing function_call {"name": "${FUNCTION.name}"} got no function call, but ${quote(first.read!.content ?? '', 60)}`, 'answer message.function_call {name, arguments} (or tool_calls) when functions are offered');
    if (call.name !== FUNCTION.name) return fail(`the plugin called "${call.name}", not the offered "${FUNCTION.name}"`, 'call the function the request names');
    try {
      if (!isObject(JSON.parse(call.arguments))) throw new Error('not an object');
    } catch {
      return fail(`the call's arguments ${quote(call.arguments, 60)} are not a JSON object in a string`, 'send arguments as a JSON-encoded object, as OpenAI does');
    }
    const result = { role: 'function', name: FUNCTION.name, content: '{"temperature_c": 21}' };
    const second = await chat(run, { model, messages: [question, { role: 'assistant', content: null, function_call: call }, result], functions: [FUNCTION] }, 'the request carrying the function\'s result');
    if (second.verdict) return second.verdict;
    if (second.read!.call) return warn('given the function\'s result, the plugin called a function again', 'answer the function\'s result with content');
    return pass(`called ${call.name}(${quote(call.arguments, 40)}), then answered ${quote(second.read!.content ?? '', 40)}`);
  });

  await run.check('vision', 'an image part', Boolean(declared.vision), async () => {
    if (!declared.vision) return skip('the plugin does not declare capabilities.vision');
    const noModel = needsModel();
    if (noModel) return noModel;
    const content = [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: PIXEL } }];
    const { verdict, read } = await chat(run, { model, messages: [user(content)] }, 'a message with an image_url part');
    return verdict ?? pass(`answered ${quote(read!.content ?? '', 60)}`);
  });

  await run.check('embeddings', 'POST /embeddings', Boolean(declared.embeddings), async () => {
    if (!declared.embeddings) return skip('the plugin does not declare capabilities.embeddings');
    const noModel = needsModel();
    if (noModel) return noModel;
    const answer = await run.call('/embeddings', { body: { model, input: ['Loom', 'plugin'] }, slow: true });
    if (!ok(answer)) return fail(`answered ${says(answer)}`, 'serve POST /embeddings, or do not declare capabilities.embeddings');
    const problems = embeddingsProblems(jsonOf(answer) ?? answer.text, 2);
    if (problems.length) return fail(problems.join('; '), 'answer {"data": [{"embedding": [0.1, …], "index": 0}, …]} as OpenAI does');
    return pass(`2 embeddings of ${(jsonOf(answer) as { data: { embedding: number[] }[] }).data[0].embedding.length} dimensions (${answer.ms} ms)`);
  });

  await run.check('error-malformed', 'a malformed request', true, async () => {
    const answer = await run.call('/chat/completions', { raw: '{"model": ', slow: true });
    return errorVerdict(answer, 'a body that is not JSON', 'invalid_request', '400');
  });

  await run.check('error-unknown-model', 'an unknown model', true, async () => {
    const answer = await run.call('/chat/completions', { body: { model: NO_SUCH_MODEL, messages: [user('Say hello to Loom.')] }, slow: true });
    return errorVerdict(answer, `model "${NO_SUCH_MODEL}"`, 'model_not_found', '404');
  });

  const load: LoadResult[] = [];
  if (options.load) {
    const plan = { requests: options.load.requests, concurrency: options.load.concurrency, budgetMs: options.load.budgetMs };
    const loadCheck = (id: string, title: string, result: () => Promise<LoadResult>) =>
      run.check(id, title, true, async () => {
        if (!healthy) return skip('not run: GET /health did not pass');
        const r = await result();
        load.push(r);
        const stats = `${r.completed} of ${r.requests} requests, ${r.concurrency} at a time: ${r.throughput_rps} req/s, p50 ${r.latency_ms.p50} ms, p99 ${r.latency_ms.p99} ms`;
        const failedCount = r.errors + r.non_2xx;
        if (failedCount > 0) return fail(`${stats}; ${failedCount} failed (${r.non_2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts)`, 'answer every request, concurrent ones too');
        if (r.completed < r.requests) return fail(`${stats}: the run's ${plan.budgetMs / 1000} s budget ran out`, 'answer faster');
        return pass(`${stats}, 0 errors`);
      });
    await loadCheck('load-health', `load: GET /health × ${plan.requests}`, () => options.load!.runner({ url: run.url('/health'), method: 'GET', label: 'GET /health' }, { ...plan, timeoutMs: options.timeoutMs }));
    if (options.load.chat && model) {
      const body = JSON.stringify({ model, messages: [user('ping')] });
      await loadCheck('load-chat', `load: POST /chat/completions × ${plan.requests}`, () =>
        options.load!.runner({ url: run.url('/chat/completions'), method: 'POST', body, label: 'POST /chat/completions' }, { ...plan, timeoutMs: options.chatTimeoutMs }),
      );
    }
  }

  await run.check('cleanup', 'POST /cleanup', true, async () => {
    const answer = await run.call('/cleanup', { method: 'POST', raw: '{}' });
    if (!ok(answer)) return fail(`answered ${says(answer)}`, 'serve POST /cleanup and answer 200 (Loom calls it when it unloads the plugin)');
    return pass(`answered HTTP ${answer.status} (${answer.ms} ms)`);
  });

  const secrets = options.config.secrets.length > 0;
  await run.check('no-secret-echo', 'sensitive config never echoed', secrets, async () => {
    if (!secrets) return skip('no sensitive config was sent (set LOOM_PLUGIN_<NAME> to send one)');
    const echoed = run.secretsEchoed;
    if (echoed.length) return fail(`a sensitive config value came back in the answer of ${echoed.join(', ')}`, 'never put API keys in answers, error messages or details');
    return pass('no answer contained a sensitive value');
  });

  return {
    format: REPORT_FORMAT,
    endpoint: options.endpoint,
    started_at: startedAt.toISOString(),
    finished_at: new Date().toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    passed: passed(run.checks),
    plugin,
    summary: summarize(run.checks),
    checks: run.checks,
    load,
  };
}
