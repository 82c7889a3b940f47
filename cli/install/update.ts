import semver from 'semver';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { warn } from '../output/io.js';
import type { Source } from '../sources/types.js';
import { commit, installFromSource, prepareDirect } from './install.js';
import { checkInstalled, readLock, type Installed } from './lock.js';
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
    const { record, bytes } = await prepareDirect(ctx, spec, { id: entry.id });
    if (!isNewer(record.version, entry.version)) return { ...row, to: null, latest: record.version, status: 'current' };
    commit(ctx, record, bytes);
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

/** Updates one installed plugin or all of them; a failure of one never stops the others. */
export async function update(ctx: Context, id: string | undefined, options: UpdateOptions): Promise<UpdateRow[]> {
  const installed = readLock(ctx.paths.lock);
  const targets = id ? installed.filter((p) => p.id === id) : installed;
  if (id && targets.length === 0) throw new NotFoundError(`${id} is not installed`, `install it with "loom plugin install ${id}"`);
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
  return rows;
}
