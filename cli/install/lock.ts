import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors.js';
import { sha256Hex } from '../../domain/checksum.js';
import type { DependencyMap } from '../../domain/dependencies.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';
import { warn, type Io } from '../output/io.js';

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
  /** sha256 (hex) of the manifest as its source published it (kept beside as `published.yaml`). */
  sha256: string;
  /**
   * The manifest Loom loads, in `<plugins>/<id>/`: `plugin.json`, the JSON translation of the published manifest.
   * Absent in records of older CLIs, which wrote the published bytes as plugin.yaml (then `sha256` is its checksum).
   */
  file?: typeof MANIFEST_FILE;
  /** sha256 (hex) of `file` as written. */
  file_sha256?: string;
  /** metadata.provider_type: Loom keys loaded plugins by it. */
  provider_type?: string;
  installed_at: string;
  /** What the installed version declares it needs: plugin id → semver range (as its source listed it). */
  dependencies: DependencyMap;
  /** The installed plugins whose `dependencies` name this one, by id (kept in step by writeLock). */
  required_by: string[];
  /** The user asked for it (true), or it came as a dependency and `autoremove` removes it once nothing needs it. */
  explicit: boolean;
}

/** What commit() adds to a record: where the manifest Loom loads went; the graph's fields default to none, explicit. */
export type InstallRecord = Omit<Installed, 'file' | 'file_sha256' | 'provider_type' | 'dependencies' | 'required_by' | 'explicit'> & Partial<Pick<Installed, 'dependencies' | 'explicit'>>;

interface LockFile {
  version: 1;
  plugins: Installed[];
}

export function readLock(file: string): Installed[] {
  const text = readTextIfExists(file);
  if (text === undefined) return [];
  try {
    const parsed = JSON.parse(text) as LockFile;
    // A file written before dependencies were recorded: each plugin was asked for, and needs nothing known.
    if (Array.isArray(parsed.plugins)) return withRequiredBy(parsed.plugins.map((p) => ({ ...p, dependencies: p.dependencies ?? {}, explicit: p.explicit ?? true })));
  } catch {
    // fall through
  }
  throw new CliError(`${file} is damaged`, 'LOCK_INVALID', 1, 'restore it from a backup, or delete it and reinstall your plugins');
}

/** Each plugin's `required_by`: the installed plugins whose dependencies name it, by id. */
export function withRequiredBy(plugins: Installed[]): Installed[] {
  return plugins.map((p) => ({ ...p, required_by: plugins.filter((other) => other.id !== p.id && other.dependencies?.[p.id] !== undefined).map((other) => other.id).sort() }));
}

export function writeLock(file: string, plugins: Installed[]): void {
  const sorted = withRequiredBy([...plugins].sort((a, b) => a.id.localeCompare(b.id)));
  writeFileAtomic(file, `${JSON.stringify({ version: 1, plugins: sorted } satisfies LockFile, null, 2)}\n`);
}

/** The one manifest Loom loads for a plugin we install. */
export const MANIFEST_FILE = 'plugin.json';
/** The manifest as published, kept under a name Loom's loader does not walk. */
export const PUBLISHED_FILE = 'published.yaml';
/** The names Loom's loader walks the plugins directory for; two in one folder both load, and the second fails. */
export const LOOM_MANIFEST_NAMES = ['plugin.json', 'plugin.yaml', 'plugin.yml'] as const;

/** The manifest file Loom loads for an installed plugin: plugin.json, or the plugin.yaml an older CLI wrote. */
export function pluginFile(plugins: string, entry: Pick<Installed, 'id' | 'file'>): string {
  return path.join(plugins, entry.id, entry.file ?? 'plugin.yaml');
}

/**
 * Whether the manifest file is the one installed.json records. They part when someone edits it, or when an install
 * is interrupted between writing the file and writing installed.json. `legacy`: an intact plugin.yaml written by an
 * older CLI, which Loom cannot load (its YAML decoder expects other keys); update or reinstall rewrites it.
 */
export type FileStatus = 'ok' | 'modified' | 'missing' | 'legacy';

export function fileStatus(plugins: string, entry: Installed): FileStatus {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(pluginFile(plugins, entry));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  if (sha256Hex(bytes) !== (entry.file_sha256 ?? entry.sha256)) return 'modified';
  return entry.file ? 'ok' : 'legacy';
}

/** Manifests in the plugin's folder besides the one recorded: Loom would load them too. */
export function strayManifests(plugins: string, entry: Installed): string[] {
  const own = path.basename(pluginFile(plugins, entry));
  return LOOM_MANIFEST_NAMES.filter((name) => name !== own && fs.existsSync(path.join(plugins, entry.id, name)));
}

/** The command that installs the recorded plugin again, as it was asked for. */
function reinstall(entry: Installed): string {
  if (entry.source === 'url' || entry.source === 'path') return `loom plugin install ${entry.source_url} --id ${entry.id} --force`;
  return `loom plugin install ${entry.source}/${entry.id}${entry.requested ? `@${entry.requested}` : ''} --force`;
}

/** Installed plugins sharing a provider type, which Loom keys loaded plugins by: only one of each group loads. */
export function sharedProviderTypes(entries: Installed[]): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const e of entries) if (e.provider_type) byType.set(e.provider_type, [...(byType.get(e.provider_type) ?? []), e.id]);
  return new Map([...byType].filter(([, ids]) => ids.length > 1));
}

/** Warns about each provider type that installed plugins share (only those `among` declare, when given). */
export function warnSharedProviderTypes(io: Io, entries: Installed[], among?: string[]): void {
  for (const [type, ids] of sharedProviderTypes(entries)) {
    if (among && !ids.some((id) => among.includes(id))) continue;
    warn(io, `${ids.join(' and ')} share provider_type "${type}": Loom keys loaded plugins by it, so only one of them loads; remove the others ("loom plugin remove <id>")`);
  }
}

/** Each installed plugin with the status of its file, warning about every one Loom would not load as recorded. */
export function checkInstalled(io: Io, plugins: string, entries: Installed[]): (Installed & { status: FileStatus })[] {
  return entries.map((entry) => {
    const status = fileStatus(plugins, entry);
    const fix = `"${reinstall(entry)}" installs it again`;
    if (status === 'modified') warn(io, `${entry.id}: ${path.basename(pluginFile(plugins, entry))} is not the ${entry.version} that installed.json records (edited, or an install was interrupted); ${fix}`);
    if (status === 'missing') warn(io, `${entry.id}: ${pluginFile(plugins, entry)} is missing; ${fix}`);
    if (status === 'legacy') warn(io, `${entry.id}: an older loom installed it as plugin.yaml, which Loom cannot load; "loom plugin update ${entry.id}" rewrites it as plugin.json`);
    const stray = strayManifests(plugins, entry);
    if (stray.length > 0) warn(io, `${entry.id}: ${stray.join(' and ')} beside ${path.basename(pluginFile(plugins, entry))}: Loom loads every one, and all but the first fail; ${fix}`);
    return { ...entry, status };
  });
}
