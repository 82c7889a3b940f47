import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * REST calls over real HTTP whose every answer is checked against the served OpenAPI document: the status
 * must be documented for the operation (or be `default`), required headers present, and the body valid
 * against the documented schema. A mismatch fails the test with the request and the schema errors.
 */

export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text for other media types; undefined when there is no body. */
  body: T;
  text: string;
}

type Json = Record<string, any>;

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; params: number }[];

  constructor(readonly document: Json) {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
    this.templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }));
  }

  /** The documented path template a concrete path falls under (literal templates first). */
  template(path: string): string | undefined {
    return this.templates.filter((t) => t.pattern.test(path)).sort((a, b) => a.params - b.params)[0]?.template;
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.getSchema(ref);
      if (!validate) throw new Error(`no schema at ${ref}`);
      this.validators.set(ref, validate);
    }
    return validate;
  }

  private resolve(object: Json, at: string): { object: Json; at: string } {
    if (typeof object.$ref !== 'string') return { object, at };
    const path = (object.$ref as string).slice(2).split('/');
    return { object: path.reduce((o: Json, key) => o[key.replaceAll('~1', '/').replaceAll('~0', '~')], this.document), at: (object.$ref as string).slice(1) };
  }

  /** Throws when a response does not match the document. */
  check(method: string, url: string, res: { status: number; headers: Headers; body: unknown; text: string }): void {
    const where = `${method} ${url} → ${res.status}`;
    const path = new URL(url, 'http://x').pathname;
    const template = this.template(path);
    const operation = template ? this.document.paths[template][method.toLowerCase()] : undefined;
    if (!operation) {
      // Not an operation of the document: only the documented error answers may come back.
      if (![404, 405, 413, 415].includes(res.status)) throw new Error(`${where}: undocumented operation answered ${res.status}`);
      this.validate('#/components/schemas/Error', res.body, where);
      if (res.status === 405 && !res.headers.get('allow')) throw new Error(`${where}: 405 without Allow`);
      return;
    }
    const responses = operation.responses as Json;
    const key = String(res.status) in responses ? String(res.status) : 'default';
    if (!(key in responses)) throw new Error(`${where}: status not documented`);
    if (key === 'default' && res.status < 500) throw new Error(`${where}: a ${res.status} must be documented explicitly, not left to default`);
    const { object: response, at } = this.resolve(responses[key], `/${pointer('paths', template!, method.toLowerCase(), 'responses', key)}`);
    for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
      const { object } = this.resolve(header as Json, '');
      if (object.required && !res.headers.has(name)) throw new Error(`${where}: required header ${name} missing`);
    }
    if (!response.content) {
      if (res.text !== '') throw new Error(`${where}: documented without a body, but one came`);
      return;
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!(mediaType in response.content)) throw new Error(`${where}: content type ${mediaType} not documented (${Object.keys(response.content).join(', ')})`);
    this.validate(`#${at}/${pointer('content', mediaType, 'schema')}`, res.body, where);
  }

  private validate(ref: string, body: unknown, where: string): void {
    const validate = this.validator(`openapi.json${ref}`);
    if (!validate(body)) {
      throw new Error(`${where}: body does not match ${ref}:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(body).slice(0, 800)}`);
    }
  }
}

export interface RestClient {
  checker: OpenApiChecker;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<RestResponse<T>>;
  request<T = any>(method: string, path: string, init?: { headers?: Record<string, string>; body?: string }): Promise<RestResponse<T>>;
}

/** A client for the REST layer at `baseUrl`, checking every answer against the document the server serves. */
export async function restClient(baseUrl: string): Promise<RestClient> {
  const checker = new OpenApiChecker((await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as Json);
  const request = async <T>(method: string, path: string, init: { headers?: Record<string, string>; body?: string } = {}): Promise<RestResponse<T>> => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').startsWith('application/json') && text !== '';
    const out = { status: res.status, headers: res.headers, text, body: (json ? JSON.parse(text) : text || undefined) as T };
    // HEAD answers carry a GET's headers without its body: check what can be checked through the GET.
    if (method !== 'HEAD') checker.check(method, path, out);
    return out;
  };
  return { checker, request, get: (path, headers) => request('GET', path, { headers }) };
}
