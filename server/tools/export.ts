import fs from 'node:fs/promises';
import { CatalogService } from '../modules/catalog/catalog.service.js';
import { withDatabase } from './with-database.js';

/**
 * `npm run export -- registry.json`: the whole catalog in Loom's registry.json format, into that file (written to a
 * temporary file, then renamed, so a failed export never leaves half a catalog), or on stdout without a path.
 */
const target = process.argv[2];
await withDatabase(async (em) => {
  const text = `${JSON.stringify(await new CatalogService().export(em), null, 2)}\n`;
  if (!target) return void process.stdout.write(text);
  await fs.writeFile(`${target}.tmp`, text);
  await fs.rename(`${target}.tmp`, target);
  console.error(`exported the catalog to ${target}`);
});
