import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Document, YAMLSeq } from 'yaml';
import { CliError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';

/**
 * `<LOOM_HOME>/config.yaml`, the file Loom reads too:
 *
 *   plugin_registry:
 *     sources:
 *       - name: enterprise
 *         url: https://plugins.company.com
 *         enabled: true
 *         type: loom-registry        # optional: loom-registry | static; absent = detect
 *         auth: { type: token, token: ${ENTERPRISE_REGISTRY_TOKEN} }
 *
 * `${VAR}` and `${VAR:-default}` expand from the environment; `${LOOM_HOME}` is always the resolved LOOM_HOME.
 */

/** How a source is read. `auto` (no `type` in the file) tries the registry's GraphQL API, then `<url>/registry.json`. */
export const SOURCE_TYPES = ['loom-registry', 'static', 'auto'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface SourceConfig {
  name: string;
  /** The URL as written, before `${VAR}` expansion. */
  rawUrl: string;
  url: string;
  enabled: boolean;
  type: SourceType;
  /** The expanded `auth.token`, when it expands to something. */
  token?: string;
  /** Where this source comes from: the config file, the built-in defaults, or a local registry folder found on disk. */
  origin: 'config' | 'default' | 'implicit';
}

export interface LoadedConfig {
  file: string;
  /** False when the file is missing or has no `plugin_registry.sources`: the defaults apply. */
  fromFile: boolean;
  sources: SourceConfig[];
}

export const DEFAULT_REGISTRY_URL = 'https://registry.loom.io';

/** The defaults as data, so a run without a config file never loads the YAML parser. */
const DEFAULT_SOURCES = [
  { name: 'official', url: `\${LOOM_REGISTRY_URL:-${DEFAULT_REGISTRY_URL}}`, enabled: true },
  { name: 'local', url: 'file://${LOOM_HOME}/registry', enabled: true },
];

/** Written when a command first changes the sources and no config file exists yet. */
const DEFAULT_CONFIG = `# Loom configuration. The CLI reads plugin_registry.sources in order: the first source wins a duplicate plugin id.
# \${VAR} and \${VAR:-default} expand from the environment; \${LOOM_HOME} is the resolved LOOM_HOME (default ~/.loom).
plugin_registry:
  sources:
${DEFAULT_SOURCES.map((s) => `    - name: ${s.name}\n      url: ${s.url}\n      enabled: ${s.enabled}`).join('\n')}
`;

/** `yaml` costs tens of milliseconds to load: only when there is a file to read or write. */
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

/** A mapping node of a parsed config document. */
export function isMapNode(node: unknown): node is import('yaml').YAMLMap {
  return yaml().isMap(node);
}

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function expand(text: string, env: NodeJS.ProcessEnv, home: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => {
    const value = name === 'LOOM_HOME' ? home : env[name];
    return value === undefined || value === '' ? (fallback ?? '') : value;
  });
}

function invalid(file: string, message: string): CliError {
  return new CliError(`${file}: ${message}`, 'CONFIG_INVALID', 1, `fix ${file} (see "loom plugin sources --help"), or move it away to use the defaults`);
}

function toSources(raw: unknown, file: string, env: NodeJS.ProcessEnv, home: string, origin: SourceConfig['origin']): SourceConfig[] {
  if (!Array.isArray(raw)) throw invalid(file, 'plugin_registry.sources must be a list');
  const seen = new Set<string>();
  return raw.map((item: unknown, i) => {
    const where = `plugin_registry.sources[${i}]`;
    if (!item || typeof item !== 'object') throw invalid(file, `${where} must be a mapping with name and url`);
    const s = item as Record<string, unknown>;
    if (typeof s.name !== 'string' || !NAME_PATTERN.test(s.name)) throw invalid(file, `${where}.name must be letters, digits, ".", "_" or "-"`);
    if (seen.has(s.name)) throw invalid(file, `${where}.name "${s.name}" is used twice`);
    seen.add(s.name);
    if (typeof s.url !== 'string' || s.url.trim() === '') throw invalid(file, `${where}.url must be a URL`);
    if (s.enabled !== undefined && typeof s.enabled !== 'boolean') throw invalid(file, `${where}.enabled must be true or false`);
    const type = s.type ?? 'auto';
    if (!(SOURCE_TYPES as readonly unknown[]).includes(type)) throw invalid(file, `${where}.type must be one of ${SOURCE_TYPES.join(', ')}`);
    let token: string | undefined;
    if (s.auth !== undefined) {
      const auth = s.auth as Record<string, unknown> | null;
      if (!auth || typeof auth !== 'object' || auth.type !== 'token' || typeof auth.token !== 'string') {
        throw invalid(file, `${where}.auth must be {type: token, token: \${ENV_VAR}}`);
      }
      token = expand(auth.token, env, home).trim() || undefined;
    }
    return { name: s.name, rawUrl: s.url, url: expand(s.url, env, home).trim(), enabled: s.enabled !== false, type: type as SourceType, token, origin };
  });
}

/**
 * `plugin_registry.sources` as written in the file (before expansion), or undefined. Loading the YAML parser is the
 * largest single cost of a cold start, so the parsed section is kept in `cacheFile` (mode 0600: it may hold
 * tokens) and reused while the file's size, mtime and inode are unchanged.
 */
function readSources(file: string, cacheFile: string): unknown {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const stamp = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { stamp: string; sources: unknown };
    if (cached.stamp === stamp) return cached.sources;
  } catch {
    // no cache yet, or an unreadable one: parse the file
  }
  let raw: unknown;
  try {
    raw = yaml().parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw invalid(file, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const sources = (raw as { plugin_registry?: { sources?: unknown } } | null | undefined)?.plugin_registry?.sources ?? undefined;
  try {
    writeFileAtomic(cacheFile, JSON.stringify({ stamp, sources }), 0o600);
  } catch {
    // A read-only LOOM_HOME only makes the next start slower.
  }
  return sources;
}

export function loadConfig(file: string, cacheFile: string, env: NodeJS.ProcessEnv, home: string): LoadedConfig {
  const sources = readSources(file, cacheFile);
  if (sources === undefined || sources === null) {
    return { file, fromFile: false, sources: toSources(DEFAULT_SOURCES, file, env, home, 'default') };
  }
  return { file, fromFile: true, sources: toSources(sources, file, env, home, 'config') };
}

/**
 * Changes `plugin_registry.sources` in place through YAML's document model, so the user's comments, key order and
 * every other setting in the file survive. A missing file (or section) starts from the defaults.
 */
export function editSources(file: string, env: NodeJS.ProcessEnv, home: string, edit: (sources: YAMLSeq, doc: Document) => void): void {
  const YAML = yaml();
  const { isMap, isSeq } = YAML;
  const text = readTextIfExists(file);
  let doc = YAML.parseDocument(text ?? DEFAULT_CONFIG);
  if (doc.errors.length > 0) throw invalid(file, `not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents) && text !== undefined && text.trim() !== '') throw invalid(file, 'the top level must be a mapping');
  if (!isMap(doc.contents)) doc = YAML.parseDocument(DEFAULT_CONFIG);
  let sources = doc.getIn(['plugin_registry', 'sources']);
  if (sources === undefined || sources === null) {
    doc.setIn(['plugin_registry', 'sources'], YAML.parseDocument(DEFAULT_CONFIG).getIn(['plugin_registry', 'sources']));
    sources = doc.getIn(['plugin_registry', 'sources']);
  }
  if (!isSeq(sources)) throw invalid(file, 'plugin_registry.sources must be a list');
  edit(sources, doc);
  // Validate what we are about to write exactly as it will be read back.
  toSources(doc.toJS().plugin_registry.sources, file, env, home, 'config');
  const mode = text === undefined ? 0o644 : fs.statSync(file).mode & 0o777;
  writeFileAtomic(file, doc.toString(), mode);
}
