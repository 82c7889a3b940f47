import { CatalogService } from '../modules/catalog/catalog.service.js';
import { withDatabase } from './cli-app.js';

/** `npm run export > registry.json`: the whole catalog in Loom's registry.json format, on stdout. */
await withDatabase(async (em) => {
  process.stdout.write(`${JSON.stringify(await new CatalogService().export(em), null, 2)}\n`);
});
