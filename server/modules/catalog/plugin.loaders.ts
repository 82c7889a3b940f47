import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { Plugin } from './plugin.entity.js';

export function createPluginLoaders(em: Em) {
  return {
    /** Plugins by id (the ones a version's dependencies name, a dependent's), null for an id with none. */
    byId: new DataLoader<string, Plugin | null>(async (ids) => {
      const rows = await em.find(Plugin, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
