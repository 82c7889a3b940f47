import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CatalogDependentsDocument, CatalogPageDocument } from '../gql/graphql.js';

let t: TestApp;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ responseCacheSize: 0 }, (sql) => statements.push(sql));
});
afterAll(() => t.close());

async function countFor(first: number): Promise<{ statements: string[]; plugins: number }> {
  statements.length = 0;
  const data = await t.data(CatalogPageDocument, { first });
  // Not what runs per moment rather than per page: the data-version lookup, the search index's change-log read, the
  // submission checks' queue (its own 2 s clock: on a loaded machine a turn can fall inside a page).
  const page = statements.filter((s) => !/registry_meta|plugin_change|checks_state/.test(s)).map((s) => s.slice(0, 60));
  return { statements: page, plugins: data.plugins.nodes.length };
}

it('runs the same small number of SQL statements for a page of 2, 5 or 20 plugins', async () => {
  const two = await countFor(2);
  const five = await countFor(5);
  const twenty = await countFor(20);
  expect([two.plugins, five.plugins, twenty.plugins]).toEqual([2, 5, 20]);
  // the statements themselves, so that a difference names the one that differs
  expect(five.statements).toHaveLength(two.statements.length);
  expect(twenty.statements).toHaveLength(two.statements.length);
  // plugin rows, versions, reviews, review authors, owners, 30-day totals, daily series (the search index is in memory)
  expect(twenty.statements.length).toBeLessThanOrEqual(7);
});

it('answers the dependents of a page of plugins in the same two statements for 2 or all of them', async () => {
  const dependents = async (first: number) => {
    statements.length = 0;
    const data = await t.data(CatalogDependentsDocument, { first });
    return { statements: statements.filter((s) => /plugin_dependency/.test(s)), pages: data.plugins.nodes.map((n) => n.dependents) };
  };
  const two = await dependents(2);
  const all = await dependents(100);
  expect(all.pages.length).toBeGreaterThan(20);
  expect(all.pages.slice(0, 2)).toEqual(two.pages);
  // the sample catalog's one dependency (azure-openai-plugin needs openai-plugin) lands on its plugin's page
  expect(all.pages.flatMap((p) => p.nodes)).toEqual([{ pluginId: 'azure-openai-plugin', range: '^1.2.0' }]);
  // one page of dependents and one count, whatever the number of plugins
  expect(two.statements).toHaveLength(2);
  expect(all.statements).toHaveLength(2);
});
