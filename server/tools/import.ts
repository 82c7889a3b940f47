import fs from 'node:fs/promises';
import { CatalogService } from '../modules/catalog/catalog.service.js';
import { withDatabase } from './with-database.js';

/** `npm run import -- <registry.json path or URL>`: merges a whole catalog in Loom's format. */
const source = process.argv[2];
if (!source || source === '--help' || source === '-h') {
  console.error('usage: npm run import -- <registry.json path or http(s) URL>   (database: DATABASE_URL, default ./data/registry.db)');
  process.exit(source ? 0 : 2);
}

async function read(from: string): Promise<unknown> {
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`GET ${from} answered ${res.status}`);
    return res.json();
  }
  return JSON.parse(await fs.readFile(from, 'utf8'));
}

await withDatabase(async (em, _orm, config) => {
  const result = await new CatalogService().import(em, await read(source));
  console.log(`imported ${source}: ${result.created} created, ${result.updated} updated, ${result.versions} versions, ${result.reviews} reviews`);
  // The planner's statistics, for the tables just filled: autovacuum would get to it, if it is on.
  if (config.database.kind === 'postgresql') await em.execute('analyze');
});
