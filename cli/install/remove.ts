import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { readLock, writeLock, type Installed } from './lock.js';

export interface RemoveResult {
  id: string;
  /** The version that was installed; null when only a folder without a lock entry was found. */
  version: string | null;
  source: string | null;
}

/**
 * Moves the plugin's folder aside, drops the lock entry, then deletes the folder: interrupted, it leaves either
 * the plugin installed or nothing of it that Loom would load.
 */
export async function remove(ctx: Context, id: string): Promise<RemoveResult> {
  const lock = readLock(ctx.paths.lock);
  const entry = lock.find((p) => p.id === id);
  const dir = path.join(ctx.paths.plugins, id);
  const hasDir = /^[a-z0-9][a-z0-9-]{1,63}$/.test(id) && fs.existsSync(dir);
  if (!entry && !hasDir) throw new NotFoundError(`${id} is not installed`, 'see what is installed with "loom plugin list --installed"');
  const aside = path.join(ctx.paths.plugins, `.${id}.removing-${process.pid}`);
  if (hasDir) fs.renameSync(dir, aside);
  if (entry) writeLock(ctx.paths.lock, lock.filter((p) => p.id !== id));
  fs.rmSync(aside, { recursive: true, force: true });
  if (entry) await report(ctx, entry);
  return { id, version: entry?.version ?? null, source: entry?.source ?? null };
}

async function report(ctx: Context, entry: Installed): Promise<void> {
  if (entry.source_kind !== 'loom-registry') return;
  const config = ctx.allSources().find((s) => s.name === entry.source && s.url === entry.source_url);
  if (!config) return;
  await ctx.open({ ...config, type: 'loom-registry' }).reportRemove(entry.id);
}
