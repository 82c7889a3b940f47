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
  };
}
