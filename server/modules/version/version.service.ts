import { NotFoundError } from '../../errors.js';
import type { Em } from '../../orm.js';
import { PluginVersion } from './version.entity.js';

/** The published manifest snapshot of one version, with its sha256 (yanked versions too: explicit pins still install). */
export async function findManifest(em: Em, pluginId: string, version: string): Promise<{ manifest: string; sha256: string }> {
  const row = await em.findOne(PluginVersion, { plugin: pluginId, version }, { populate: ['manifest'] });
  if (!row) throw new NotFoundError('version', `${pluginId}@${version}`);
  return { manifest: row.manifest, sha256: row.sha256 };
}
