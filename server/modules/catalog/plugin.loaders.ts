import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { dependentsOfEach, type DependentsPage } from './dependents.js';
import { Plugin } from './plugin.entity.js';

/** A page of one plugin's dependents, as `Plugin.dependents` asks for it. */
export interface DependentsKey {
  pluginId: string;
  limit: number;
  after: string | null;
}

export function createPluginLoaders(em: Em) {
  return {
    /** Plugins by id (the ones a version's dependencies name, a dependent's), null for an id with none. */
    byId: new DataLoader<string, Plugin | null>(async (ids) => {
      const rows = await em.find(Plugin, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((p) => [p.id, p]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Pages of dependents: the plugins of a list that ask for the same page are answered by one pair of statements. */
    dependents: new DataLoader<DependentsKey, DependentsPage, string>(
      async (keys) => {
        const shapes = new Map<string, DependentsKey[]>();
        for (const key of keys) {
          const shape = `${key.limit}\n${key.after ?? ''}`;
          shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
        }
        const pages = new Map<string, DependentsPage>();
        for (const group of shapes.values()) {
          const { limit, after } = group[0];
          for (const [id, page] of await dependentsOfEach(em, group.map((k) => k.pluginId), limit, after)) pages.set(`${id}\n${limit}\n${after ?? ''}`, page);
        }
        return keys.map((k) => pages.get(`${k.pluginId}\n${k.limit}\n${k.after ?? ''}`)!);
      },
      { cacheKeyFn: (k) => `${k.pluginId}\n${k.limit}\n${k.after ?? ''}` },
    ),
  };
}
