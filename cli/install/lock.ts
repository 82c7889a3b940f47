import { CliError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';

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
