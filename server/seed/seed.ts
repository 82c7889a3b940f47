import type { Em } from '../orm.js';
import { CatalogService, type ImportResult } from '../modules/catalog/catalog.service.js';
import { Plugin } from '../modules/catalog/plugin.entity.js';
import catalog from './catalog.json' with { type: 'json' };

/** On first run (no plugins yet) loads the bundled sample catalog, with believable recent download history. */
export async function seedIfEmpty(em: Em): Promise<ImportResult | null> {
  if ((await em.count(Plugin)) > 0) return null;
  return new CatalogService().import(em, catalog, { synthesizeHistory: true });
}
