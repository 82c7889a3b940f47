import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { User } from './user.entity.js';

export function createUserLoaders(em: Em) {
  return {
    byId: new DataLoader<number, User | null>(async (ids) => {
      const rows = await em.find(User, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((u) => [u.id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
