import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import type { Window } from '../../pagination.js';
import { ReviewFlag } from './community.entity.js';
import { Review } from './review.entity.js';

interface PageKey extends Window {
  pluginId: string;
}

export function createReviewLoaders(em: Em) {
  return {
    /** A page of visible reviews (newest first) for many plugins: one query per distinct page window. */
    page: new DataLoader<PageKey, Review[], string>(
      async (keys) => {
        const windows = new Map<string, PageKey[]>();
        for (const key of keys) {
          const w = `${key.offset}:${key.limit}`;
          windows.set(w, [...(windows.get(w) ?? []), key]);
        }
        const found = new Map<string, Review[]>();
        for (const group of windows.values()) {
          const { offset, limit } = group[0];
          const ids = group.map((k) => k.pluginId);
          const rows = await em.getConnection().execute<Record<string, unknown>[]>(
            `select * from (select r.*, row_number() over (partition by r.plugin_id order by r.created_at desc, r.id desc) as rn
               from review r where r.hidden = ? and r.plugin_id in (${ids.map(() => '?').join(', ')})) ranked
             where rn > ? and rn <= ? order by plugin_id, rn`,
            [false, ...ids, offset, offset + limit],
          );
          for (const row of rows) {
            delete row.rn;
            const review = em.map(Review, row);
            const k = `${review.plugin.id}|${offset}:${limit}`;
            found.set(k, [...(found.get(k) ?? []), review]);
          }
        }
        return keys.map((k) => found.get(`${k.pluginId}|${k.offset}:${k.limit}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.pluginId}|${k.offset}:${k.limit}` },
    ),
    /** Whether each (plugin, user) pair has an install report, in one query. */
    installed: new DataLoader<{ pluginId: string; userId: number }, boolean, string>(
      async (keys) => {
        const users = [...new Set(keys.map((k) => k.userId))];
        const rows = await em.getConnection().execute<{ plugin_id: string; user_id: number }[]>(
          `select distinct plugin_id, user_id from installation where user_id in (${users.map(() => '?').join(', ')})`,
          users,
        );
        const found = new Set(rows.map((r) => `${r.plugin_id}|${Number(r.user_id)}`));
        return keys.map((k) => found.has(`${k.pluginId}|${k.userId}`));
      },
      { cacheKeyFn: (k) => `${k.pluginId}|${k.userId}` },
    ),
    /** Each (plugin, user) pair's review, hidden or not, in one query: a user always sees their own. */
    byUser: new DataLoader<{ pluginId: string; userId: number }, Review | null, string>(
      async (keys) => {
        const rows = await em.find(Review, { user: { $in: [...new Set(keys.map((k) => k.userId))] }, plugin: { $in: [...new Set(keys.map((k) => k.pluginId))] } });
        const found = new Map(rows.map((r) => [`${r.plugin.id}|${r.user.id}`, r]));
        return keys.map((k) => found.get(`${k.pluginId}|${k.userId}`) ?? null);
      },
      { cacheKeyFn: (k) => `${k.pluginId}|${k.userId}` },
    ),
    /** Each review's open reports with who made them, oldest first, in one query. */
    openReports: new DataLoader<number, ReviewFlag[]>(async (ids) => {
      const rows = await em.find(ReviewFlag, { review: { $in: [...ids] }, resolved: false }, { populate: ['user'], orderBy: { createdAt: 'asc' } });
      return ids.map((id) => rows.filter((f) => f.review.id === id));
    }),
  };
}
