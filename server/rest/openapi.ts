import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ERROR_RESPONSES, HEADERS, OTHER_RESPONSES } from './answers.js';
import type { Answer, Route } from './route.js';
import { errorBody } from './schemas.js';

/**
 * The OpenAPI 3.1 description of the REST layer, served at `/api/v1/openapi.json`: generated from the route table,
 * each route's path, query, header and body schemas and its answers' schemas turned into JSON Schema by zod, so what
 * the document says a route takes is what the route validates. A schema named by `meta({ id })` is written once,
 * under `components.schemas`.
 */

type Json = Record<string, any>;

const INFO = {
  title: 'Loom Plugin Registry REST API',
  version: '1.0.0',
  description: [
    'The REST face of the registry (the GraphQL API at /graphql covers the same catalog).',
    '',
    'Every error is `{"error": {"code", "message", "details"}}`: 400 names the bad parameter or body field, 401 a bad, expired or revoked API key',
    '(on every route, reads too, as on GraphQL), 404 an unknown plugin or version, 405 a method the path does not take (with `Allow`),',
    '413 an oversized body, 415 a body that is not JSON.',
    'Every successful GET carries a strong ETag; If-None-Match answers 304. CORS is open to every origin.',
  ].join('\n'),
  license: { name: 'MIT', identifier: 'MIT' },
};

const TAGS = ['plugins', 'publishing', 'usage', 'registry.json', 'meta'];

/** `/api/v1/plugins/:id` → `/api/v1/plugins/{id}` */
const templateOf = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

/** `if-none-match` → `If-None-Match` */
const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

class SchemaWriter {
  readonly components: Json = {};

  /** A zod schema as JSON Schema: named schemas (a root one too) go to the components, once, and are referenced. */
  write(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema: _, $defs, ...body } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
    const local = (value: Json): Json => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
    for (const [id, def] of Object.entries(($defs ?? {}) as Json)) this.name(id, local(def));
    return local(body);
  }

  private name(id: string, schema: Json): void {
    const text = JSON.stringify(schema);
    const kept = this.components[id];
    if (kept && JSON.stringify(kept) !== text) throw new Error(`OpenAPI: two different schemas are named ${id}`);
    this.components[id] = schema;
  }
}

/** Each property of an object schema as an OpenAPI parameter in `where`, its description lifted onto the parameter. */
function parameters(writer: SchemaWriter, shape: z.ZodObject | undefined, where: 'path' | 'query' | 'header'): Json[] {
  if (!shape) return [];
  const object = writer.write(shape, 'input');
  const required = new Set<string>(object.required ?? []);
  return Object.entries((object.properties ?? {}) as Json).map(([name, { description, ...schema }]) => {
    // a default is the parsed value (a number for `limit`), which JSON Schema of the input leaves out
    const field = shape.shape[name];
    if (field instanceof z.ZodDefault) schema.default = field.def.defaultValue;
    return { name: where === 'header' ? headerName(name) : name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema };
  });
}

function response(writer: SchemaWriter, answer: Answer): Json {
  const content = answer.schema ? { content: { [answer.contentType ?? 'application/json']: { schema: writer.write(answer.schema, 'output') } } } : {};
  return { description: answer.description, ...(answer.headers ? { headers: answer.headers } : {}), ...content };
}

function operation(writer: SchemaWriter, spec: Route): Json {
  return {
    operationId: spec.operationId,
    tags: spec.tags,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    // `key`: a key is needed; elsewhere one is optional (and a bad one still 401)
    security: spec.access === 'key' ? [{ bearer: [] }] : [{}, { bearer: [] }],
    parameters: [...parameters(writer, spec.params, 'path'), ...parameters(writer, spec.query, 'query'), ...parameters(writer, spec.headers, 'header')],
    ...(spec.body ? { requestBody: { required: spec.bodyRequired ?? false, content: { 'application/json': { schema: writer.write(spec.body, 'input') } } } } : {}),
    responses: Object.fromEntries(Object.entries(spec.responses).map(([status, answer]) => [status, '$ref' in answer ? answer : response(writer, answer as Answer)])),
  };
}

/** The document of a route table. */
export function openApiDocument(routes: Route[]): Json {
  const writer = new SchemaWriter();
  const paths: Json = {};
  for (const spec of routes) {
    if (spec.undocumented) continue;
    (paths[templateOf(spec.path)] ??= {})[spec.method.toLowerCase()] = operation(writer, spec);
  }
  const error = writer.write(errorBody, 'output');
  const responses: Json = Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([name, description]) => [name, { description, content: { 'application/json': { schema: error } } }]));
  for (const [name, { error: isError, ...rest }] of Object.entries(OTHER_RESPONSES) as [string, Json][]) {
    responses[name] = isError ? { ...rest, content: { 'application/json': { schema: error } } } : rest;
  }
  return {
    openapi: '3.1.0',
    info: INFO,
    tags: TAGS.map((name) => ({ name })),
    paths,
    components: { schemas: writer.components, headers: HEADERS, responses, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key: loom_…' } } },
  };
}

/** Names the shape of every REST representation: part of their ETags, so a changed API never matches an old ETag. */
export function revisionOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}
