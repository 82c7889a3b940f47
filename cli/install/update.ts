import fs from 'node:fs';
import semver from 'semver';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { warn } from '../output/io.js';
import type { Source } from '../sources/types.js';
import { commit, installFromSource, prepareDirect, validate } from './install.js';
import { checkInstalled, fileStatus, pluginFile, readLock, warnSharedProviderTypes, type Installed } from './lock.js';
import { isNewer, newest, pickVersion } from './versions.js';

export interface UpdateRow {
  id: string;
  from: string;
  /** The version now installed when it changed, else null. */
  to: string | null;
  /** The newest version the source offers (pins and ranges aside), null when it could not be told. */
  latest: string | null;
  status: 'updated' | 'current' | 'pinned' | 'failed';
  message?: string;
  /** Its plugin.yaml, written by an older CLI, was rewritten as plugin.json (Loom loads that one). */
  converted?: true;
}

export interface UpdateOptions {
  /** Move past an explicit @version pin (and forget it). */
  latest?: boolean;
  pre?: boolean;
}

async function updateOne(ctx: Context, entry: Installed, sources: Source[], options: UpdateOptions): Promise<UpdateRow> {
  const row = { id: entry.id, from: entry.version };
  if (entry.source === 'url' || entry.source === 'path') {
    // A manifest URL or file offers one version: whatever it holds now.
    const spec = entry.source === 'url' ? ({ kind: 'url', url: entry.source_url } as const) : ({ kind: 'path', file: entry.source_url } as const);
    const { record, manifest, bytes } = await prepareDirect(ctx, spec, { id: entry.id });
    if (!isNewer(record.version, entry.version)) return { ...row, to: null, latest: record.version, status: 'current' };
    await commit(ctx, record, manifest, bytes);
    return { ...row, to: record.version, latest: record.version, status: 'updated' };
  }
  const source = sources.find((s) => s.config.name === entry.source);
  if (!source) return { ...row, to: null, latest: null, status: 'failed', message: `source ${entry.source} is not configured or is disabled ("loom plugin sources list")` };
  const versions = await source.versions(entry.id);
  if (!versions) return { ...row, to: null, latest: null, status: 'failed', message: `source ${entry.source} no longer has ${entry.id}` };
  const yanked = versions.find((v) => v.version === entry.version)?.yanked_reason;
  if (yanked) warn(ctx.io, `${entry.id} ${entry.version} (installed) was yanked: ${yanked}`);
  const latest = newest(versions, options.pre ?? false);
  const requested = options.latest ? null : entry.requested;
  if (requested && semver.valid(requested)) {
    const newer = latest && isNewer(latest, requested) ? ` to ${latest}` : '';
    return { ...row, to: null, latest, status: 'pinned', message: `pinned at ${requested}; --latest moves it${newer}` };
  }
  const pick = pickVersion(entry.id, versions, requested, options.pre ?? false);
  if (!isNewer(pick.version.version, entry.version)) {
    // --latest on a plugin already at the newest version still drops its pin from the lock.
    if (requested !== entry.requested) await installFromSource(ctx, source, entry.id, pick.version, requested);
    return { ...row, to: null, latest, status: 'current' };
  }
  const result = await installFromSource(ctx, source, entry.id, pick.version, requested);
  return { ...row, to: result.version, latest, status: 'updated' };
}

/**
 * Rewrites the intact plugin.yaml an older CLI wrote (the published bytes, which Loom cannot load) as plugin.json,
 * from the bytes installed.json vouches for: no source needed, the version stays.
 */
async function convertLegacy(ctx: Context, entry: Installed): Promise<void> {
  const bytes = fs.readFileSync(pluginFile(ctx.paths.plugins, entry));
  const manifest = await validate(bytes, pluginFile(ctx.paths.plugins, entry));
  await commit(ctx, { ...entry, installed_at: new Date().toISOString() }, manifest, bytes);
}

/** Updates one installed plugin or all of them; a failure of one never stops the others. */
export async function update(ctx: Context, id: string | undefined, options: UpdateOptions): Promise<UpdateRow[]> {
  const chosen = (entries: Installed[]) => (id ? entries.filter((p) => p.id === id) : entries);
  if (id && chosen(readLock(ctx.paths.lock)).length === 0) throw new NotFoundError(`${id} is not installed`, `install it with "loom plugin install ${id}"`);
  const converted = new Set<string>();
  for (const entry of chosen(readLock(ctx.paths.lock))) {
    if (fileStatus(ctx.paths.plugins, entry) !== 'legacy') continue;
    try {
      await convertLegacy(ctx, entry);
      converted.add(entry.id);
    } catch (err) {
      warn(ctx.io, `${entry.id}: cannot rewrite its plugin.yaml as plugin.json: ${(err as Error).message}`);
    }
  }
  const targets = chosen(readLock(ctx.paths.lock));
  // Versions are compared with the lock's: say so when the file Loom loads is not the one it records.
  checkInstalled(ctx.io, ctx.paths.plugins, targets);
  const sources = ctx.sources();
  const rows: UpdateRow[] = [];
  for (const entry of targets) {
    try {
      rows.push(await updateOne(ctx, entry, sources, options));
    } catch (err) {
      rows.push({ id: entry.id, from: entry.version, to: null, latest: null, status: 'failed', message: (err as Error).message });
    }
  }
  warnSharedProviderTypes(ctx.io, readLock(ctx.paths.lock), targets.map((t) => t.id));
  return rows.map((r) => (converted.has(r.id) ? { ...r, converted: true } : r));
}
