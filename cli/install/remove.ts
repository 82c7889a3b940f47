import fs from 'node:fs';
import path from 'node:path';
import { sameSourceUrl } from '../config/config.js';
import type { Paths } from '../config/home.js';
import type { Context } from '../context.js';
import { CliError, NotFoundError } from '../errors.js';
import { PLUGIN_ID_PATTERN } from '../../domain/plugin.js';
import { readLock, writeLock, type Installed } from './lock.js';

export interface RemoveResult {
  id: string;
  /** The version that was installed; null when only a folder without a lock entry was found. */
  version: string | null;
  source: string | null;
}

/** A folder an earlier version of this CLI set aside inside the plugins directory, where Loom could still load it. */
const SET_ASIDE = /^\.[a-z0-9][a-z0-9-]*\.removing-\d+$/;

/**
 * Deletes what interrupted removals left: folders in the trash, and ones set aside inside the plugins directory.
 * Best-effort: another loom may be deleting the same folders.
 */
export function emptyTrash(paths: Paths): void {
  const leftovers = [
    ...list(paths.trash).map((name) => path.join(paths.trash, name)),
    ...list(paths.plugins).filter((name) => SET_ASIDE.test(name)).map((name) => path.join(paths.plugins, name)),
  ];
  for (const dir of leftovers) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // left for the next install or remove
    }
  }
}

function list(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Moves a plugin folder out of the plugins directory (Loom's loader walks all of it for plugin.json/.yaml/.yml), into the
 * trash on the same filesystem; null when the plugins directory lives on another one and no rename can get there.
 */
function moveToTrash(paths: Paths, dir: string, id: string): string | null {
  fs.mkdirSync(paths.trash, { recursive: true });
  const aside = path.join(paths.trash, `${id}.${process.pid}.${Date.now()}`);
  try {
    fs.renameSync(dir, aside);
    return aside;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EXDEV') return null;
    throw err;
  }
}

/**
 * Moves the plugin's folder to the trash, drops the lock entry, then deletes the folder: interrupted, it leaves
 * either the plugin installed or nothing of it where Loom would load it.
 */
export async function remove(ctx: Context, id: string, options: { force?: boolean } = {}): Promise<RemoveResult> {
  const lock = readLock(ctx.paths.lock);
  const entry = lock.find((p) => p.id === id);
  if (entry && entry.required_by.length > 0 && !options.force) {
    const who = entry.required_by.map((other) => `${other} (${lock.find((p) => p.id === other)?.dependencies[id]})`).join(', ');
    throw new CliError(`${id} is needed by ${who}`, 'REQUIRED', 1, `remove ${entry.required_by.length === 1 ? 'it' : 'them'} first, or add --force to remove ${id} anyway ("loom plugin tree" then marks it missing)`);
  }
  const dir = path.join(ctx.paths.plugins, id);
  const hasDir = PLUGIN_ID_PATTERN.test(id) && fs.existsSync(dir);
  if (!entry && !hasDir) throw new NotFoundError(`${id} is not installed`, 'see what is installed with "loom plugin list --installed"');
  emptyTrash(ctx.paths);
  const aside = hasDir ? moveToTrash(ctx.paths, dir, id) : null;
  if (entry) writeLock(ctx.paths.lock, lock.filter((p) => p.id !== id));
  if (hasDir) fs.rmSync(aside ?? dir, { recursive: true, force: true });
  if (entry) await report(ctx, entry);
  return { id, version: entry?.version ?? null, source: entry?.source ?? null };
}

async function report(ctx: Context, entry: Installed): Promise<void> {
  if (entry.source_kind !== 'loom-registry') return;
  const config = ctx.allSources().find((s) => s.name === entry.source && sameSourceUrl(s.url, entry.source_url));
  if (!config) return;
  await ctx.open({ ...config, type: 'loom-registry' }).reportRemove(entry.id);
}

/** Installed dependencies that no plugin the user asked for needs any more, directly or through others. */
export function unneeded(lock: Installed[]): Installed[] {
  const byId = new Map(lock.map((p) => [p.id, p]));
  const needed = new Set<string>();
  const visit = (id: string) => {
    if (needed.has(id) || !byId.has(id)) return;
    needed.add(id);
    for (const dep of Object.keys(byId.get(id)!.dependencies)) visit(dep);
  };
  for (const p of lock) if (p.explicit) visit(p.id);
  return lock.filter((p) => !needed.has(p.id));
}

/** `autoremove`: removes what `unneeded` finds (with `dryRun`, only says what). */
export async function autoremove(ctx: Context, options: { dryRun?: boolean } = {}): Promise<RemoveResult[]> {
  const gone = unneeded(readLock(ctx.paths.lock));
  if (options.dryRun) return gone.map((p) => ({ id: p.id, version: p.version, source: p.source }));
  const removed: RemoveResult[] = [];
  for (const p of gone) removed.push(await remove(ctx, p.id, { force: true }));
  return removed;
}
