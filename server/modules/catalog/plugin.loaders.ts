import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { dependentsOfEach, type DependentsPage } from './dependents.js';
import { Plugin } from './plugin.entity.js';

/** A page of one plugin's dependents, as `Plugin.dependents` asks for it. */
interface DependentsKey {
  pluginId: string;
  limit: number;
  after: string | null;
}

const dependentsKey = (key: DependentsKey) => `${key.pluginId}\n${key.limit}\n${key.after ?? ''}`;

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
          const group = shapes.get(shape);
          if (group) group.push(key);
          else shapes.set(shape, [key]);
        }
        const pages = new Map<string, DependentsPage>();
        for (const group of shapes.values()) {
          const { limit, after } = group[0];
          const found = await dependentsOfEach(em, group.map((k) => k.pluginId), limit, after);
          for (const key of group) pages.set(dependentsKey(key), found.get(key.pluginId)!);
        }
        return keys.map((key) => pages.get(dependentsKey(key))!);
      },
      { cacheKeyFn: dependentsKey },
    ),
  };
}
