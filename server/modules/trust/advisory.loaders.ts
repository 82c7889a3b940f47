import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { Advisory } from './advisory.entity.js';

export function createAdvisoryLoaders(em: Em) {
  return {
    /** Each plugin's advisories, newest first. */
    byPlugin: new DataLoader<string, Advisory[]>(async (ids) => {
      const rows = await em.find(Advisory, { plugin: { $in: [...ids] } }, { orderBy: { publishedAt: 'desc', id: 'desc' } });
      const grouped = new Map<string, Advisory[]>(ids.map((id) => [id, []]));
      for (const row of rows) grouped.get(row.plugin.id)!.push(row);
      return ids.map((id) => grouped.get(id)!);
    }),
  };
}
