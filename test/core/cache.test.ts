import { afterAll, beforeAll, expect, it } from 'vitest';
import { Plugin } from '../../server/modules/plugin/plugin.entity.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const statements: string[] = [];
beforeAll(async () => {
  t = await createTestApp({}, (sql) => statements.push(sql));
});
afterAll(() => t.close());

const QUERY = '{ plugin(id: "groq-plugin") { name stats { downloads } } }';

it('serves a repeated anonymous query from the response cache, and a write invalidates it at once', async () => {
  const first = await t.data<{ plugin: { name: string } }>(QUERY);
  expect(first.plugin.name).toBe('Groq Provider');

  statements.length = 0;
  expect(await t.data(QUERY)).toEqual(first);
  // only the data-version lookup ran: the answer came from the cache
  expect(statements).toEqual([expect.stringMatching(/registry_meta/)]);

  await t.em().nativeUpdate(Plugin, { id: 'groq-plugin' }, { name: 'Groq Cloud Provider', downloads: 9 });
  const after = await t.data<{ plugin: { name: string; stats: { downloads: number } } }>(QUERY);
  expect(after.plugin).toEqual({ name: 'Groq Cloud Provider', stats: { downloads: 9 } });
});

it('never caches a response that carries errors, nor an authenticated request', async () => {
  const bad = '{ plugin(id: "no-such") { name } }';
  await t.graphql(bad);
  statements.length = 0;
  await t.graphql(bad);
  expect(statements.length).toBeGreaterThan(1);

  await t.data(QUERY);
  statements.length = 0;
  const res = await t.graphql(QUERY, undefined, (await t.user()).auth);
  expect(res.status).toBe(200);
  expect(statements.some((s) => /from `plugin`/.test(s))).toBe(true);
});
