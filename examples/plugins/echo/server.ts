// A Loom provider plugin speaking Loom's plugin HTTP protocol with node:http and nothing else.
// Its model "echo" answers deterministically, so every route can be tested without a provider account:
// replace `complete` and `embed` with calls to your provider and keep the rest.
// Runs as is on Node 24 (`node server.ts`: Node strips the types). PORT (default 8090) and HOST (default 0.0.0.0).
import { createHash } from 'node:crypto';
import http from 'node:http';

const METADATA = {
  name: "Echo",
  version: "1.0.0",
  plugin_api_version: '1.0.0',
  provider_type: "echo",
  description: "A deterministic echo model, the reference plugin of the Loom Plugin Registry",
  author: "Loom Plugin Registry",
  homepage: "https://github.com/loom/plugin-echo",
  license: 'MIT',
  capabilities: { streaming: true, function_calling: true, vision: true, embeddings: true, fine_tuning: false },
  config_schema: [
    { name: 'prefix', type: 'string', required: false, default: 'echo: ', description: 'text put before every answer' },
    { name: 'api_key', type: 'string', required: false, sensitive: true, description: "your provider's API key (echo needs none; Loom sends it in /initialize)" },
  ],
};

const MODELS = [{ id: 'echo', name: 'Echo', description: 'repeats the last user message', context_window: 8192, max_output_tokens: 8192 }];
const EMBEDDING_DIMENSIONS = 8;
const MAX_BODY_BYTES = 1024 * 1024;

/** Loom's error codes, and the HTTP status each one answers with. */
const STATUS: Record<string, number> = {
  invalid_request: 400,
  authentication_failed: 401,
  model_not_found: 404,
  rate_limit_exceeded: 429,
  internal_error: 500,
  provider_unavailable: 503,
  timeout: 504,
};

class PluginError extends Error {
  code: string;
  details: Record<string, unknown>;
  transient: boolean;
  constructor(code: string, message: string, details: Record<string, unknown> = {}, transient = false) {
    super(message);
    this.code = code;
    this.details = details;
    this.transient = transient;
  }
}

interface Message {
  role: string;
  content?: string | { type: string; text?: string; image_url?: { url: string } }[] | null;
  name?: string;
  function_call?: { name: string; arguments: string };
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

interface ChatRequest {
  model: string;
  messages: Message[];
  stream?: boolean;
  functions?: { name: string; description?: string; parameters?: unknown }[];
  function_call?: 'auto' | 'none' | { name: string };
  tools?: { type: 'function'; function: { name: string; description?: string; parameters?: unknown } }[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
}

const state = { config: { prefix: 'echo: ' } as { prefix: string; api_key?: string }, initialized: false, started: Date.now(), requests: 0 };

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, err: PluginError): void {
  send(res, STATUS[err.code] ?? 500, { code: err.code, message: err.message, details: err.details, transient: err.transient });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PluginError('invalid_request', `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PluginError('invalid_request', `request body is not valid JSON: ${(err as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Loom posts the config map; `{config: {...}}` is accepted too. Unknown keys are ignored, wrong types refused. */
function initialize(body: unknown): void {
  const config = isObject(body) && isObject(body.config) ? body.config : body;
  if (!isObject(config)) throw new PluginError('invalid_request', 'the /initialize body must be a JSON object of config values');
  for (const field of ['prefix', 'api_key']) {
    if (config[field] !== undefined && typeof config[field] !== 'string') throw new PluginError('invalid_request', `config field "${field}" must be a string`, { field });
  }
  state.config = { prefix: (config.prefix as string | undefined) ?? 'echo: ', api_key: config.api_key as string | undefined };
  state.initialized = true;
}

function chatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw new PluginError('invalid_request', 'the body must be a JSON object');
  if (typeof body.model !== 'string' || body.model === '') throw new PluginError('invalid_request', '"model" must be a model id from GET /models', { field: 'model' });
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw new PluginError('invalid_request', '"messages" must be a non-empty array', { field: 'messages' });
  body.messages.forEach((m, i) => {
    if (!isObject(m) || typeof m.role !== 'string') throw new PluginError('invalid_request', `messages[${i}] must be an object with a "role"`, { field: `messages.${i}` });
  });
  if (!MODELS.some((m) => m.id === body.model)) throw new PluginError('model_not_found', `no model "${body.model}": this plugin serves ${MODELS.map((m) => m.id).join(', ')}`, { model: body.model });
  return body as unknown as ChatRequest;
}

function textOf(message: Message): string {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content.map((part) => (part.type === 'text' ? (part.text ?? '') : part.type === 'image_url' ? '[image]' : '')).filter(Boolean).join(' ');
}

/** The function to call, when the request offers functions and the last message is the user's. */
function functionToCall(request: ChatRequest): string | undefined {
  const last = request.messages[request.messages.length - 1];
  if (last.role !== 'user') return undefined;
  const offered = [...(request.functions ?? []).map((f) => f.name), ...(request.tools ?? []).map((t) => t.function.name)];
  const choice = request.function_call ?? request.tool_choice;
  if (offered.length === 0 || choice === 'none') return undefined;
  if (isObject(choice)) return 'name' in choice ? (choice.name as string) : (choice as { function: { name: string } }).function.name;
  return offered[0];
}

/** The echo model: replace this with your provider's call. */
function complete(request: ChatRequest): { content: string | null; call?: { name: string; arguments: string } } {
  const last = request.messages[request.messages.length - 1];
  const name = functionToCall(request);
  if (name) return { content: null, call: { name, arguments: JSON.stringify({ text: textOf(last) }) } };
  if (last.role === 'function' || last.role === 'tool') return { content: `${state.config.prefix}${last.name ?? 'the function'} returned ${textOf(last)}` };
  const user = [...request.messages].reverse().find((m) => m.role === 'user');
  return { content: `${state.config.prefix}${user ? textOf(user) : ''}` };
}

const words = (text: string) => (text.match(/\S+/g) ?? []).length;

function chatCompletion(request: ChatRequest, id: string, created: number) {
  const answer = complete(request);
  const viaTools = answer.call && request.tools !== undefined && request.functions === undefined;
  const message: Message = { role: 'assistant', content: answer.content };
  if (answer.call && viaTools) message.tool_calls = [{ id: 'call_0', type: 'function', function: answer.call }];
  else if (answer.call) message.function_call = answer.call;
  const promptTokens = request.messages.reduce((n, m) => n + words(textOf(m)), 0);
  const completionTokens = words(answer.content ?? answer.call?.arguments ?? '');
  return {
    id,
    object: 'chat.completion',
    created,
    model: request.model,
    choices: [{ index: 0, message, finish_reason: answer.call ? (viaTools ? 'tool_calls' : 'function_call') : 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** Server-sent events: a role chunk, the answer word by word, a finish chunk, then `data: [DONE]`. */
function stream(res: http.ServerResponse, request: ChatRequest, id: string, created: number): void {
  const completion = chatCompletion(request, id, created);
  const choice = completion.choices[0];
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  chunk({ role: 'assistant' }, null);
  if (choice.message.function_call) chunk({ function_call: choice.message.function_call }, null);
  if (choice.message.tool_calls) chunk({ tool_calls: choice.message.tool_calls.map((call, index) => ({ index, ...call })) }, null);
  for (const piece of (choice.message.content as string | null)?.match(/\S+\s*/g) ?? []) chunk({ content: piece }, null);
  chunk({}, choice.finish_reason);
  res.end('data: [DONE]\n\n');
}

/** A deterministic unit vector per text. */
function embed(text: string): number[] {
  const digest = createHash('sha256').update(text).digest();
  const vector = Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => digest.readInt16BE(i * 2) / 32768);
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => Number((x / norm).toFixed(6)));
}

function embeddings(body: unknown) {
  if (!isObject(body)) throw new PluginError('invalid_request', 'the body must be a JSON object');
  if (typeof body.model !== 'string') throw new PluginError('invalid_request', '"model" must be a model id from GET /models', { field: 'model' });
  if (!MODELS.some((m) => m.id === body.model)) throw new PluginError('model_not_found', `no model "${body.model}"`, { model: body.model });
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((i) => typeof i === 'string')) {
    throw new PluginError('invalid_request', '"input" must be a string or a non-empty array of strings', { field: 'input' });
  }
  const tokens = inputs.reduce((n, text) => n + words(text), 0);
  return {
    object: 'list',
    model: body.model,
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

let sequence = 0;

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  state.requests++;
  const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
  switch (route) {
    case 'GET /metadata':
      return send(res, 200, METADATA);
    case 'POST /initialize':
      initialize(await readJson(req));
      return send(res, 200, { success: true, message: 'initialized' });
    case 'GET /health':
      return send(res, 200, {
        healthy: true,
        message: state.initialized ? 'ok' : 'ok (not initialized yet: using defaults)',
        latency_ms: 0,
        timestamp: new Date().toISOString(),
        details: { initialized: state.initialized, uptime_s: Math.round((Date.now() - state.started) / 1000), requests: state.requests },
      });
    case 'GET /models':
      return send(res, 200, MODELS);
    case 'POST /chat/completions': {
      const request = chatRequest(await readJson(req));
      const id = `chatcmpl-${++sequence}`;
      const created = Math.floor(Date.now() / 1000);
      if (request.stream) return stream(res, request, id, created);
      return send(res, 200, chatCompletion(request, id, created));
    }
    case 'POST /embeddings':
      return send(res, 200, embeddings(await readJson(req)));
    case 'POST /cleanup':
      state.initialized = false;
      state.config = { prefix: 'echo: ' };
      return send(res, 200, { success: true, message: 'cleaned up' });
    default:
      throw new PluginError('invalid_request', `no route ${route}: this plugin serves GET /metadata, POST /initialize, GET /health, GET /models, POST /chat/completions, POST /embeddings, POST /cleanup`, { route });
  }
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    const known = err instanceof PluginError ? err : new PluginError('internal_error', 'the plugin failed; see its log', {}, true);
    if (!(err instanceof PluginError)) console.error(err);
    if (res.headersSent) res.destroy();
    else sendError(res, known);
  });
});

server.listen(Number(process.env.PORT ?? 8090), process.env.HOST ?? '0.0.0.0', () => {
  const address = server.address() as { address: string; port: number };
  console.log(`${METADATA.name} plugin listening on http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
