import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors.js';
import { readTextIfExists, sha256Hex, writeFileAtomic } from '../files.js';
import { warn, type Io } from '../output/io.js';

/** The registry's rule for plugin ids; also what keeps `<plugins>/<id>` inside the plugins folder. */
export const PLUGIN_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** One line of `<LOOM_HOME>/plugins/installed.json`: what is installed, from where, and the bytes' checksum. */
export interface Installed {
  id: string;
  version: string;
  /** Source name; "url" or "path" for an install from a manifest URL or file. */
  source: string;
  /** How the source was read: loom-registry, static, file, url or path. */
  source_kind: string;
  /** The registry URL, or the manifest URL or absolute path. */
  source_url: string;
  /** The version or range asked for (`id@1.2.0`, `id@^1.2`); null means "latest". Update keeps it unless --latest. */
  requested: string | null;
  /** sha256 (hex) of plugin.yaml as written. */
  sha256: string;
  installed_at: string;
}

interface LockFile {
  version: 1;
  plugins: Installed[];
}

export function readLock(file: string): Installed[] {
  const text = readTextIfExists(file);
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as LockFile;
    if (Array.isArray(parsed.plugins)) return parsed.plugins;
  } catch {
    // fall through
  }
  throw new CliError(`${file} is damaged`, 'LOCK_INVALID', 1, 'restore it from a backup, or delete it and reinstall your plugins');
}

export function writeLock(file: string, plugins: Installed[]): void {
  const sorted = [...plugins].sort((a, b) => a.id.localeCompare(b.id));
  writeFileAtomic(file, `${JSON.stringify({ version: 1, plugins: sorted } satisfies LockFile, null, 2)}\n`);
}

/** Where Loom's loader finds an installed plugin: `<plugins>/<id>/plugin.yaml`. */
export function pluginFile(plugins: string, id: string): string {
  return path.join(plugins, id, 'plugin.yaml');
}

/**
 * Whether plugin.yaml is the file installed.json records. They part when someone edits it, or when an install is
 * interrupted between writing plugin.yaml and writing installed.json.
 */
export type FileStatus = 'ok' | 'modified' | 'missing';

export function fileStatus(plugins: string, entry: Installed): FileStatus {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(pluginFile(plugins, entry.id));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  return sha256Hex(bytes) === entry.sha256 ? 'ok' : 'modified';
}

/** The command that installs the recorded plugin again, as it was asked for. */
function reinstall(entry: Installed): string {
  if (entry.source === 'url' || entry.source === 'path') return `loom plugin install ${entry.source_url} --id ${entry.id} --force`;
  return `loom plugin install ${entry.source}/${entry.id}${entry.requested ? `@${entry.requested}` : ''} --force`;
}

/** Each installed plugin with the status of its file, warning about every one the lock no longer describes. */
export function checkInstalled(io: Io, plugins: string, entries: Installed[]): (Installed & { status: FileStatus })[] {
  return entries.map((entry) => {
    const status = fileStatus(plugins, entry);
    const fix = `"${reinstall(entry)}" installs it again`;
    if (status === 'modified') warn(io, `${entry.id}: plugin.yaml is not the ${entry.version} that installed.json records (edited, or an install was interrupted); ${fix}`);
    if (status === 'missing') warn(io, `${entry.id}: ${pluginFile(plugins, entry.id)} is missing; ${fix}`);
    return { ...entry, status };
  });
}
