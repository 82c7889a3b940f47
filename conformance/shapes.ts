import { CAPABILITY_NAMES, type CapabilityName } from '../domain/capabilities.js';

/** What Loom's Go plugin client decodes, as checks that name each problem (LOOM_PLUGIN_FACTS.md, "The plugin HTTP protocol"). */

export const ERROR_CODES = ['authentication_failed', 'rate_limit_exceeded', 'invalid_request', 'model_not_found', 'provider_unavailable', 'timeout', 'internal_error'];

export type Capabilities = Partial<Record<CapabilityName, boolean>> & { custom_capabilities?: Record<string, boolean> };

export const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value as a short quote for a message. */
export function quote(value: unknown, max = 160): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `field` of `body` must have JSON type `type`. */
function typeProblem(body: Record<string, unknown>, field: string, type: 'string' | 'number' | 'boolean' | 'object'): string | undefined {
  const value = body[field];
  if (value === undefined) return `"${field}" is missing`;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return actual === type ? undefined : `"${field}" is ${actual === 'object' || actual === 'array' || actual === 'null' ? `${actual === 'array' ? 'an' : 'a'} ${actual}` : `a ${actual}`}, not ${type === 'object' ? 'an' : 'a'} ${type}`;
}

export function metadataProblems(body: unknown): string[] {
  if (!isObject(body)) return [`the answer is not a JSON object: ${quote(body)}`];
  const problems = (['name', 'version', 'provider_type'] as const).map((f) => typeProblem(body, f, 'string')).filter((p): p is string => p !== undefined);
  if (body.capabilities !== undefined) {
    if (!isObject(body.capabilities)) problems.push('"capabilities" is not an object');
    else for (const c of CAPABILITY_NAMES) if (body.capabilities[c] !== undefined && typeof body.capabilities[c] !== 'boolean') problems.push(`"capabilities.${c}" is not a boolean`);
  }
  if (body.config_schema !== undefined && !Array.isArray(body.config_schema)) problems.push('"config_schema" is not an array');
  return problems;
}

export function healthProblems(body: unknown): string[] {
  if (!isObject(body)) return [`the answer is not a JSON object: ${quote(body)}`];
  const problems = [typeProblem(body, 'healthy', 'boolean'), typeProblem(body, 'message', 'string'), typeProblem(body, 'latency_ms', 'number'), typeProblem(body, 'timestamp', 'string')].filter(
    (p): p is string => p !== undefined,
  );
  if (typeof body.timestamp === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(body.timestamp)) problems.push(`"timestamp" ${quote(body.timestamp)} is not an RFC 3339 time`);
  if (body.details !== undefined && body.details !== null && !isObject(body.details)) problems.push('"details" is not an object');
  return problems;
}

export function modelsProblems(body: unknown): string[] {
  if (isObject(body) && Array.isArray(body.data)) return ["the answer is OpenAI's {data: [...]}: Loom decodes a bare JSON array of models"];
  if (!Array.isArray(body)) return [`the answer is not a JSON array: ${quote(body)}`];
  if (body.length === 0) return ['the array is empty: Loom has no model to send requests to'];
  return body.flatMap((m, i) => (isObject(m) && typeof m.id === 'string' && m.id !== '' ? [] : [`model ${i} has no string "id"`]));
}

export interface FunctionCall {
  name: string;
  arguments: string;
}

/** The assistant's message of a chat answer, or the problems that keep Loom from reading one. */
export function chatAnswer(body: unknown): { problems: string[]; content?: string | null; call?: FunctionCall; finish?: string } {
  if (!isObject(body)) return { problems: [`the answer is not a JSON object: ${quote(body)}`] };
  if (!Array.isArray(body.choices) || body.choices.length === 0) return { problems: ['"choices" is missing or empty'] };
  const choice = body.choices[0];
  if (!isObject(choice) || !isObject(choice.message)) return { problems: ['"choices[0].message" is missing'] };
  const message = choice.message;
  const problems: string[] = [];
  if (message.role !== 'assistant') problems.push(`"choices[0].message.role" is ${quote(message.role)}, not "assistant"`);
  const raw = isObject(message.function_call) ? message.function_call : Array.isArray(message.tool_calls) && isObject(message.tool_calls[0]) ? message.tool_calls[0].function : undefined;
  const call = isObject(raw) && typeof raw.name === 'string' && typeof raw.arguments === 'string' ? { name: raw.name, arguments: raw.arguments } : undefined;
  if (raw !== undefined && !call) problems.push('the function call has no string "name" and "arguments"');
  if (message.content !== null && message.content !== undefined && typeof message.content !== 'string') problems.push('"choices[0].message.content" is not a string');
  if (!call && (typeof message.content !== 'string' || message.content === '')) problems.push('"choices[0].message.content" is empty');
  return { problems, content: message.content, call, finish: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined };
}

/** Reads an SSE body as Loom does: `data:` lines, each JSON chunk until `data: [DONE]`. */
export function streamProblems(text: string): { problems: string[]; warnings: string[]; chunks: number; content: string } {
  const payloads = text
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trim());
  const done = payloads.indexOf('[DONE]');
  const chunks = done === -1 ? payloads : payloads.slice(0, done);
  const problems: string[] = [];
  const warnings: string[] = [];
  let content = '';
  chunks.forEach((payload, i) => {
    let chunk: unknown;
    try {
      chunk = JSON.parse(payload);
    } catch {
      problems.push(`chunk ${i + 1} is not JSON: ${quote(payload, 80)}`);
      return;
    }
    const delta = isObject(chunk) && Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0].delta : undefined;
    if (!isObject(delta)) problems.push(`chunk ${i + 1} has no "choices[0].delta"`);
    else if (typeof delta.content === 'string') content += delta.content;
  });
  if (payloads.length === 0) problems.push('the stream holds no "data:" line');
  else if (done === -1) problems.push(`the stream ended after ${chunks.length} chunk${chunks.length === 1 ? '' : 's'} without "data: [DONE]"`);
  else if (done < payloads.length - 1) warnings.push('data follows "data: [DONE]"');
  if (problems.length === 0 && content === '') problems.push('no chunk carries "delta.content"');
  return { problems, warnings, chunks: chunks.length, content };
}

export function embeddingsProblems(body: unknown, inputs: number): string[] {
  if (!isObject(body) || !Array.isArray(body.data)) return [`the answer has no "data" array: ${quote(body)}`];
  if (body.data.length !== inputs) return [`${body.data.length} embeddings for ${inputs} inputs`];
  return body.data.flatMap((item, i) =>
    isObject(item) && Array.isArray(item.embedding) && item.embedding.length > 0 && item.embedding.every((x: unknown) => typeof x === 'number' && Number.isFinite(x))
      ? []
      : [`data[${i}].embedding is not a non-empty array of numbers`],
  );
}

/** Problems of a non-200 answer's body; the code it carries when it has one. */
export function errorProblems(body: unknown): { problems: string[]; code?: string } {
  if (!isObject(body)) return { problems: [`the error body is not a JSON object: ${quote(body)}`] };
  const problems = [typeProblem(body, 'code', 'string'), typeProblem(body, 'message', 'string'), typeProblem(body, 'transient', 'boolean')].filter((p): p is string => p !== undefined);
  if (!('details' in body)) problems.push('"details" is missing');
  else if (body.details !== null && !isObject(body.details)) problems.push('"details" is not an object');
  const code = typeof body.code === 'string' ? body.code : undefined;
  if (code !== undefined && !ERROR_CODES.includes(code)) problems.push(`"code" ${quote(code)} is not one of Loom's (${ERROR_CODES.join(', ')})`);
  return { problems, code };
}
