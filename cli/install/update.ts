import fs from 'node:fs';
import type { AdvisoryJson } from '../../domain/advisories.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { warn } from '../output/io.js';
import { step } from '../output/progress.js';
import { UnreachableError } from '../sources/http.js';
import type { Source, VersionInfo } from '../sources/types.js';
import { commit, installFromSource, prepareDirect, validate } from './install.js';
import { checkInstalled, fileStatus, pluginFile, readLock, warnSharedProviderTypes, type Installed } from './lock.js';
import { isNewer, offer, type Policy } from './versions.js';

export interface UpdateRow {
  id: string;
  from: string;
  /** The version now installed when it changed (with --dry-run: the one it would install), else null. */
  to: string | null;
  /** The newest version the source offers (pins and ranges aside), null when it could not be told. */
  latest: string | null;
  /** available: --dry-run found a newer version to install. */
  status: 'updated' | 'available' | 'current' | 'pinned' | 'failed';
  /** Why it failed, or what holds it back from `latest` and how to move past that. */
  message?: string;
  /** Its plugin.yaml, written by an older CLI, was rewritten as plugin.json (Loom loads that one). */
  converted?: true;
}

export interface UpdateOptions {
  /** Move past an explicit @version pin or a range (and forget it). */
  latest?: boolean;
  pre?: boolean;
  /** Say what would change, changing nothing. */
  dryRun?: boolean;
  /** Automatic updates: move no further than the policy allows. */
  policy?: Policy;
  /** Automatic updates: the advisories of a source about a plugin, whose affected versions the policy avoids. */
  advisories?: (source: string, id: string) => AdvisoryJson[];
}

/** What a source lists of a plugin; a source that could not be reached once is not asked again in this run. */
export class VersionReader {
  private readonly down = new Map<string, Error>();

  constructor(private readonly sources: Source[]) {}

  source(name: string): Source | undefined {
    return this.sources.find((s) => s.config.name === name);
  }

  async versions(source: Source, id: string): Promise<VersionInfo[] | null> {
    const failed = this.down.get(source.config.name);
    if (failed) throw failed;
    try {
      return await source.versions(id);
    } catch (err) {
      if (err instanceof UnreachableError) this.down.set(source.config.name, err);
      throw err;
    }
  }
}

async function updateOne(ctx: Context, entry: Installed, reader: VersionReader, options: UpdateOptions): Promise<UpdateRow> {
  const row = { id: entry.id, from: entry.version };
  if (entry.source === 'url' || entry.source === 'path') {
    // A manifest URL or file offers one version: whatever it holds now.
    const spec = entry.source === 'url' ? ({ kind: 'url', url: entry.source_url } as const) : ({ kind: 'path', file: entry.source_url } as const);
    const { record, manifest, bytes } = await prepareDirect(ctx, spec, { id: entry.id });
    if (!isNewer(record.version, entry.version)) return { ...row, to: null, latest: record.version, status: 'current' };
    if (options.dryRun) return { ...row, to: record.version, latest: record.version, status: 'available' };
    await commit(ctx, record, manifest, bytes);
    return { ...row, to: record.version, latest: record.version, status: 'updated' };
  }
  const source = reader.source(entry.source);
  if (!source) return { ...row, to: null, latest: null, status: 'failed', message: `source ${entry.source} is not configured or is disabled ("loom plugin sources list")` };
  const versions = await reader.versions(source, entry.id);
  if (!versions) return { ...row, to: null, latest: null, status: 'failed', message: `source ${entry.source} no longer has ${entry.id}` };
  const yanked = versions.find((v) => v.version === entry.version)?.yanked_reason;
  if (yanked) warn(ctx.io, `${entry.id} ${entry.version} (installed) was yanked: ${yanked}`);
  const requested = options.latest ? null : entry.requested;
  const { wanted, latest, held } = offer(entry.id, entry.version, versions, requested, { pre: options.pre, policy: options.policy, advisories: options.advisories?.(entry.source, entry.id) });
  const message = held ? { message: held } : {};
  if (!isNewer(wanted, entry.version)) {
    // --latest on a plugin already at the newest version still drops its pin from the lock.
    if (requested !== entry.requested && !options.dryRun) {
      const same = versions.find((v) => v.version === entry.version);
      if (same) await installFromSource(ctx, source, entry.id, same, requested);
    }
    return { ...row, to: null, latest, status: held ? 'pinned' : 'current', ...message };
  }
  if (options.dryRun) return { ...row, to: wanted, latest, status: 'available', ...message };
  const result = await installFromSource(ctx, source, entry.id, versions.find((v) => v.version === wanted)!, requested);
  return { ...row, to: result.version, latest, status: 'updated', ...message };
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

/** The installed plugins `id` names (all without one); NOT_FOUND when it names none. */
export function chosen(ctx: Context, id: string | undefined, only?: string[]): Installed[] {
  const lock = readLock(ctx.paths.lock);
  if (id && !lock.some((p) => p.id === id)) throw new NotFoundError(`${id} is not installed`, `install it with "loom plugin install ${id}"`);
  return lock.filter((p) => (id ? p.id === id : !only || only.includes(p.id)));
}

/** Updates one installed plugin or all of them (or those `only` names); a failure of one never stops the others. */
export async function update(ctx: Context, id: string | undefined, options: UpdateOptions, only?: string[]): Promise<UpdateRow[]> {
  const converted = new Set<string>();
  for (const entry of options.dryRun ? [] : chosen(ctx, id, only)) {
    if (fileStatus(ctx.paths.plugins, entry) !== 'legacy') continue;
    try {
      await convertLegacy(ctx, entry);
      converted.add(entry.id);
    } catch (err) {
      warn(ctx.io, `${entry.id}: cannot rewrite its plugin.yaml as plugin.json: ${(err as Error).message}`);
    }
  }
  const targets = chosen(ctx, id, only);
  // Versions are compared with the lock's: say so when the file Loom loads is not the one it records.
  checkInstalled(ctx.io, ctx.paths.plugins, targets);
  const reader = new VersionReader(ctx.sources());
  const rows: UpdateRow[] = [];
  for (const entry of targets) {
    try {
      rows.push(await step(ctx.io, `Checking ${entry.id}`, updateOne(ctx, entry, reader, options)));
    } catch (err) {
      rows.push({ id: entry.id, from: entry.version, to: null, latest: null, status: 'failed', message: (err as Error).message });
    }
  }
  if (!options.dryRun) warnSharedProviderTypes(ctx.io, readLock(ctx.paths.lock), targets.map((t) => t.id));
  return rows.map((r) => (converted.has(r.id) ? { ...r, converted: true } : r));
}

export interface OutdatedRow {
  id: string;
  current: string;
  /** What `update` would install (the current version when nothing newer is allowed); null when unknown. */
  wanted: string | null;
  latest: string | null;
  /** The pin or range it was installed with. */
  requested: string | null;
  source: string;
  status: 'current' | 'outdated' | 'failed';
  message?: string;
}

/** npm's outdated: each installed plugin's current, wanted and latest version, changing nothing. */
export async function outdated(ctx: Context, id: string | undefined, options: { pre?: boolean }): Promise<OutdatedRow[]> {
  const lock = chosen(ctx, id);
  const rows = await update(ctx, id, { pre: options.pre, dryRun: true });
  return rows.map((r) => {
    const entry = lock.find((e) => e.id === r.id)!;
    const base = { id: r.id, current: r.from, requested: entry.requested, source: entry.source };
    if (r.status === 'failed') return { ...base, wanted: null, latest: null, status: 'failed', message: r.message };
    const behind = r.latest !== null && isNewer(r.latest, r.from);
    return { ...base, wanted: r.to ?? r.from, latest: r.latest, status: behind ? 'outdated' : 'current', ...(r.message ? { message: r.message } : {}) };
  });
}
