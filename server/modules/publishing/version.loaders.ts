import DataLoader from 'dataloader';
import semver from 'semver';
import type { Em } from '../../orm.js';
import { PluginVersion } from './version.entity.js';

export function compareVersionsDesc(a: PluginVersion, b: PluginVersion): number {
  return semver.rcompare(a.version, b.version);
}

export function createVersionLoaders(em: Em) {
  return {
    /** Every version of each plugin, newest semver first (the manifest text stays unloaded). */
    byPlugin: new DataLoader<string, PluginVersion[]>(async (ids) => {
      const rows = await em.find(PluginVersion, { plugin: { $in: [...ids] } });
      const grouped = new Map<string, PluginVersion[]>(ids.map((id) => [id, []]));
      for (const row of rows) grouped.get(row.plugin.id)!.push(row);
      return ids.map((id) => grouped.get(id)!.sort(compareVersionsDesc));
    }),
    /** Manifest texts by version row id (the lazy column, only when asked for). */
    manifest: new DataLoader<number, string | null>(async (ids) => {
      const rows = await em.getConnection().execute<{ id: number; manifest: string }[]>(
        `select id, manifest from plugin_version where id in (${ids.map(() => '?').join(', ')})`,
        [...ids],
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r.manifest]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
