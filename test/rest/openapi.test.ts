import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
