import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CatalogPageDocument } from '../gql/graphql.js';

let t: TestApp;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ responseCacheSize: 0 }, (sql) => statements.push(sql));
});
afterAll(() => t.close());

async function countFor(first: number): Promise<{ count: number; plugins: number }> {
  statements.length = 0;
  const data = await t.data(CatalogPageDocument, { first });
  // not the data-version lookup nor the search index's change-log read: they run per moment, not per page
  return { count: statements.filter((s) => !/registry_meta|plugin_change/.test(s)).length, plugins: data.plugins.nodes.length };
}

it('runs the same small number of SQL statements for a page of 2, 5 or 20 plugins', async () => {
  const two = await countFor(2);
  const five = await countFor(5);
  const twenty = await countFor(20);
  expect([two.plugins, five.plugins, twenty.plugins]).toEqual([2, 5, 20]);
  expect(five.count).toBe(two.count);
  expect(twenty.count).toBe(two.count);
  // plugin rows, versions, reviews, review authors, owners, 30-day totals, daily series (the search index is in memory)
  expect(twenty.count).toBeLessThanOrEqual(7);
});
