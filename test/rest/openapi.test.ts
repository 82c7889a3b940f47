import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_CREDENTIALS } from '../../server/modules/accounts/auth.js';
import { MAX_TELEMETRY_REQUESTS } from '../../server/modules/stats/stats.service.js';
import { detailQuery, listQuery, reviewsQuery } from '../../server/rest/plugins.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { restClient, type RestClient } from '../helpers/rest.js';

let t: TestApp;
let rest: RestClient;
beforeAll(async () => {
  t = await createTestApp();
  rest = await restClient(t.url);
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await rest.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(res.body);
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');

    const broken = structuredClone(res.body);
    delete broken.paths['/api/v1/plugins'].get.responses['200'].description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('describes routes the server really has', () => {
    for (const template of Object.keys(rest.checker.document.paths)) {
      const url = template.replace(/\{([^}]+)\}/g, ':$1');
      expect(t.app.server.hasRoute({ method: 'GET', url }), url).toBe(true);
    }
  });

  it('documents exactly the query parameters each route validates', () => {
    const queryNames = (path: string) =>
      (rest.checker.document.paths[path].get.parameters as { name: string; in: string }[])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
    expect(queryNames('/api/v1/plugins')).toEqual(Object.keys(listQuery.shape).sort());
    expect(queryNames('/api/v1/plugins/{id}')).toEqual(Object.keys(detailQuery.shape).sort());
    expect(queryNames('/api/v1/plugins/{id}/reviews')).toEqual(Object.keys(reviewsQuery.shape).sort());
  });

  it('is generated from the route table: every route the table registers, with the schemas it validates', () => {
    const operations = Object.entries(rest.checker.document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(operations).toContain('POST /api/v1/telemetry reportTelemetry');
    expect(operations).toContain('POST /api/v1/submissions/{id}/approve approveSubmission');
    expect(new Set(operations.map((o) => o.split(' ')[2])).size).toBe(operations.length);
    const telemetry = rest.checker.document.paths['/api/v1/telemetry'].post.requestBody.content['application/json'].schema;
    expect(telemetry).toMatchObject({ type: 'object', required: ['plugin_id', 'version', 'requests', 'errors'], additionalProperties: false });
    expect(telemetry.properties.requests).toMatchObject({ type: 'integer', minimum: 0, maximum: MAX_TELEMETRY_REQUESTS });
  });

  // Issue 14: the REST reads skipped the request context, so a bad key got 200 there and 401 on GraphQL.
  it('answers 401 to a bad key on every documented operation, in the one error shape', async () => {
    for (const [template, methods] of Object.entries(rest.checker.document.paths as Record<string, Record<string, unknown>>)) {
      const path = template.replace('{id}', 'openai-plugin').replace('{version}', '1.3.0');
      for (const method of Object.keys(methods)) {
        const res = await rest.request(method.toUpperCase(), path, { headers: { authorization: 'Bearer loom_invalid', 'content-type': 'application/json' }, body: method === 'get' ? undefined : '{}' });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body, `${method} ${path}`).toEqual({ error: { code: 'UNAUTHENTICATED', message: BAD_CREDENTIALS } });
      }
    }
  });

  it('refuses a body the document refuses, naming the field', async () => {
    const { auth } = await t.user();
    const send = (body: unknown) => rest.request('POST', '/api/v1/plugins/openai-plugin/reviews', { headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await send({ rating: '5' })).body.error).toEqual({ code: 'BAD_USER_INPUT', message: 'rating: must be a number', details: { field: 'rating' } });
    expect((await send({ rating: 5, comment: 7 })).body.error).toMatchObject({ message: 'comment: must be a string', details: { field: 'comment' } });
    expect((await send({ rating: 5, stars: 3 })).body.error).toMatchObject({ message: 'stars: unknown field', details: { field: 'stars' } });
    expect((await send([5])).body.error).toMatchObject({ message: 'body: must be a JSON object', details: { field: 'body' } });
    expect((await send({})).body.error).toMatchObject({ message: 'rating: required', details: { field: 'rating' } });
  });

  it('answers 304 to a current ETag', async () => {
    const first = await rest.get('/api/v1/openapi.json');
    const again = await rest.get('/api/v1/openapi.json', { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
  });
});

describe('the response checker the REST tests use', () => {
  const ok = { status: 200, headers: new Headers({ 'content-type': 'application/json', etag: '"x"', 'cache-control': 'public, max-age=60' }), text: '{}' };

  it('refuses a body of the wrong JSON type, an undocumented status and a missing header', async () => {
    const page = (await rest.get('/api/v1/plugins?limit=1')).body;
    expect(() => rest.checker.check('GET', '/api/v1/plugins', { ...ok, body: page })).not.toThrow();
    const wrong = { ...page, plugins: [{ ...page.plugins[0], downloads: String(page.plugins[0].downloads) }] };
    expect(() => rest.checker.check('GET', '/api/v1/plugins', { ...ok, body: wrong })).toThrow(/downloads.*must be integer/);
    expect(() => rest.checker.check('GET', '/api/v1/plugins', { ...ok, status: 404, body: { error: { code: 'NOT_FOUND', message: 'x' } } })).toThrow(
      /must be documented/,
    );
    expect(() => rest.checker.check('GET', '/api/v1/plugins', { ...ok, headers: new Headers({ 'content-type': 'application/json' }), body: page })).toThrow(
      /required header ETag/,
    );
  });
});
