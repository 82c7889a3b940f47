import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const INTROSPECTION = '{ __schema { queryType { name } } }';

/** An app built the way `NODE_ENV=production npm start` builds it (Apollo reads NODE_ENV when it is constructed). */
async function productionApp(overrides: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    return await createTestApp({ seed: false, ...overrides });
  } finally {
    process.env.NODE_ENV = before;
  }
}

describe('GraphQL over HTTP in production mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await productionApp();
  });
  afterAll(() => t.close());

  it('passes every MUST of the GraphQL-over-HTTP audit (graphql-http)', async () => {
    const results = await auditServer({ url: `${t.url}/graphql` });
    const failed = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    expect(failed.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });

  it('answers introspection, which codegen and GraphiQL read', async () => {
    const res = await t.graphql<{ __schema: { queryType: { name: string } } }>(INTROSPECTION);
    expect(res.status).toBe(200);
    expect(res.body.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('GRAPHQL_INTROSPECTION=false', () => {
  it('refuses introspection with a validation error, and still answers queries', async () => {
    const t = await productionApp({ graphqlIntrospection: false });
    try {
      const res = await t.graphql(INTROSPECTION);
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await t.graphql('{ __typename }')).body.data).toEqual({ __typename: 'Query' });
    } finally {
      await t.close();
    }
  });
});
