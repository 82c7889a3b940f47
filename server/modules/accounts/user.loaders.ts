import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { PluginMaintainer } from '../catalog/plugin.entity.js';
import { Star } from '../community/community.entity.js';
import { User } from './user.entity.js';

export function createUserLoaders(em: Em) {
  return {
    byId: new DataLoader<number, User | null>(async (ids) => {
      const rows = await em.find(User, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The maintainers of many plugins, in one query. */
    maintainers: new DataLoader<string, User[]>(async (ids) => {
      const rows = await em.find(PluginMaintainer, { plugin: { $in: [...ids] } }, { populate: ['user'], orderBy: { addedAt: 'asc' } });
      return ids.map((id) => rows.filter((r) => r.plugin.id === id).map((r) => r.user));
    }),
    starred: new DataLoader<{ pluginId: string; userId: number }, boolean, string>(
      async (keys) => {
        const rows = await em.find(Star, { user: { $in: [...new Set(keys.map((k) => k.userId))] }, plugin: { $in: [...new Set(keys.map((k) => k.pluginId))] } });
        const found = new Set(rows.map((r) => `${r.plugin.id}|${r.user.id}`));
        return keys.map((k) => found.has(`${k.pluginId}|${k.userId}`));
      },
      { cacheKeyFn: (k) => `${k.pluginId}|${k.userId}` },
    ),
  };
}
