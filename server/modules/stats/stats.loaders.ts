import DataLoader from 'dataloader';
import type { Em } from '../../orm.js';
import { lastDays } from './days.js';

export const RECENT_DAYS = 30;

interface DayRow {
  plugin_id: string;
  day: string;
  n: number | string;
}

/** Per-day download counts of many plugins over the last `days` UTC days, in one query. */
async function dailyCounts(em: Em, ids: readonly string[], days: number): Promise<Map<string, Map<string, number>>> {
  const since = lastDays(days)[0];
  const rows = await em.getConnection().execute<DayRow[]>(
    `select plugin_id, day, sum(count) as n from download_daily where plugin_id in (${ids.map(() => '?').join(', ')}) and day >= ? group by plugin_id, day`,
    [...ids, since],
  );
  const out = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let perDay = out.get(row.plugin_id);
    if (!perDay) out.set(row.plugin_id, (perDay = new Map()));
    perDay.set(row.day, Number(row.n));
  }
  return out;
}

export function createStatsLoaders(em: Em) {
  const daily = new Map<number, DataLoader<string, { day: string; count: number }[]>>();
  return {
    /** Downloads in the last 30 UTC days, today included. */
    recentDownloads: new DataLoader<string, number>(async (ids) => {
      const counts = await dailyCounts(em, ids, RECENT_DAYS);
      return ids.map((id) => [...(counts.get(id)?.values() ?? [])].reduce((a, b) => a + b, 0));
    }),
    /** A zero-filled series of the last `days` days per plugin; one loader (one query) per distinct `days`. */
    daily(days: number): DataLoader<string, { day: string; count: number }[]> {
      let loader = daily.get(days);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const counts = await dailyCounts(em, ids, days);
          const series = lastDays(days);
          return ids.map((id) => series.map((day) => ({ day, count: counts.get(id)?.get(day) ?? 0 })));
        });
        daily.set(days, loader);
      }
      return loader;
    },
  };
}
