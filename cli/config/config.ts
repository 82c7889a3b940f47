import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Document, YAMLSeq } from 'yaml';
import { CliError } from '../errors.js';
import { readTextIfExists, writeFileAtomic } from '../files.js';
import { userHome } from './home.js';

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
 * The CLI reads them in files people write, but never writes one itself: Loom's reader expands `${VAR}` at best.
 */

/** How a source is read. `auto` (no `type` in the file) tries the registry's GraphQL API, then `<url>/registry.json`. */
export const SOURCE_TYPES = ['loom-registry', 'static', 'auto'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** A `${VAR}` without a default that the environment does not set: it expanded to nothing. */
export interface UnsetVariable {
  name: string;
  field: 'url' | 'auth.token';
}

export interface SourceConfig {
  name: string;
  url: string;
  enabled: boolean;
  type: SourceType;
  /** The expanded `auth.token`, or the key saved by `loom plugin login`. */
  token?: string;
  /** Where `token` comes from: `auth.token` in the file, or the credentials file. */
  tokenFrom?: 'config' | 'login';
  /** The variables `auth.token` names, for hints about a refused token. */
  tokenVariables?: string[];
  unset?: UnsetVariable[];
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

/**
 * The user's local registry, as an absolute `file:///…` path: Loom's client reads `file://` URLs as paths without
 * expanding `~`, so `file://~/.loom/registry` reads nothing there.
 */
function localRegistryUrl(home: string): string {
  return `file://${path.join(home, 'registry')}`;
}

/**
 * A source URL as Loom's client can read it: without trailing slashes (it requests `<url>/registry.json` as written,
 * so `https://host/` asks for `//registry.json`), and with a leading `~` of a `file://` path expanded (the home `env` names).
 */
export function loomSourceUrl(url: string, env: NodeJS.ProcessEnv): string {
  let result = url.replace(/^file:\/\/~(?=\/|$)/, `file://${userHome(env)}`);
  const trimmed = result.replace(/\/+$/, '');
  // `file:///` alone is the root folder, not a scheme to trim down to.
  if (!/^[a-z][a-z0-9+.-]*:\/*$/i.test(trimmed)) result = trimmed;
  return result;
}

/** Plain values Loom can read as they are, kept as data so a run without a config file never loads the YAML parser. */
function defaultSources(home: string) {
  return [
    { name: 'official', url: DEFAULT_REGISTRY_URL, enabled: true },
    { name: 'local', url: localRegistryUrl(home), enabled: true },
  ];
}

/** Written when a command first changes the sources and no config file exists yet. */
function defaultConfig(home: string): string {
  return `# Loom configuration. The sources are read in order: the first source wins a duplicate plugin id.
# For loom plugin, LOOM_REGISTRY_URL replaces the official URL while it is ${DEFAULT_REGISTRY_URL}.
plugin_registry:
  sources:
${defaultSources(home).map((s) => `    - name: ${s.name}\n      url: ${s.url}\n      enabled: ${s.enabled}`).join('\n')}
`;
}

/** `yaml` costs tens of milliseconds to load: only when there is a file to read or write. */
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

/** A mapping node of a parsed config document. */
export function isMapNode(node: unknown): node is import('yaml').YAMLMap {
  return yaml().isMap(node);
}

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** `${VAR}` or `${VAR:-default}`: the variable's name, then the default. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Expands `${VAR}` and `${VAR:-default}`; the names of unset variables without a default go to `unset`. */
export function expand(text: string, env: NodeJS.ProcessEnv, home: string, unset: string[] = []): string {
  return text.replace(VARIABLE, (_, name: string, fallback: string | undefined) => {
    const value = name === 'LOOM_HOME' ? home : env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback === undefined) unset.push(name);
    return fallback ?? '';
  });
}

/** Trailing slashes aside (the CLI drops them when it writes a source URL), the same source. */
export function sameSourceUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** LOOM_REGISTRY_URL moves the official source while it points at the public registry (the default, as written). */
function officialOverride(name: string, url: string, env: NodeJS.ProcessEnv): string {
  const override = env.LOOM_REGISTRY_URL?.trim();
  return name === 'official' && override && sameSourceUrl(url, DEFAULT_REGISTRY_URL) ? override : url;
}

/** What to do when a source refuses its token, naming the variable the token comes from, if any. */
export function authHint(source: SourceConfig): string {
  const login = `save an API key with "loom plugin login --source ${source.name}"`;
  const variables = (source.tokenVariables ?? []).join(', ');
  if (!variables) return source.tokenFrom === 'login' ? `the saved key was refused: ${login}` : login;
  if (source.tokenFrom === 'config') return `the token comes from ${variables} (auth.token of source ${source.name}): check its value`;
  if (source.tokenFrom === 'login') return `the saved key was refused (${variables}, read by auth.token, is not set): ${login}`;
  return `set ${variables} (auth.token of source ${source.name} reads it), or ${login}`;
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
    const unsetInUrl: string[] = [];
    const url = officialOverride(s.name, expand(s.url, env, home, unsetInUrl).trim(), env);
    const config: SourceConfig = { name: s.name, url, enabled: s.enabled !== false, type: type as SourceType, origin };
    const unset: UnsetVariable[] = unsetInUrl.map((name) => ({ name, field: 'url' }));
    if (s.auth !== undefined) {
      const auth = s.auth as Record<string, unknown> | null;
      if (!auth || typeof auth !== 'object' || auth.type !== 'token' || typeof auth.token !== 'string') {
        throw invalid(file, `${where}.auth must be {type: token, token: \${ENV_VAR}}`);
      }
      const unsetInToken: string[] = [];
      config.token = expand(auth.token, env, home, unsetInToken).trim() || undefined;
      if (config.token) config.tokenFrom = 'config';
      config.tokenVariables = [...auth.token.matchAll(VARIABLE)].map((m) => m[1]);
      unset.push(...unsetInToken.map((name) => ({ name, field: 'auth.token' as const })));
    }
    if (unset.length > 0) config.unset = unset;
    return config;
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
    return { file, fromFile: false, sources: toSources(defaultSources(home), file, env, home, 'default') };
  }
  return { file, fromFile: true, sources: toSources(sources, file, env, home, 'config') };
}

/**
 * Changes `plugin_registry.sources` in place through YAML's document model, so the user's comments, key order and
 * every other setting in the file survive. A missing file (or section) starts from the defaults.
 */
export interface UrlRewrite {
  name: string;
  from: string;
  to: string;
}

/**
 * Changes `plugin_registry.sources` in place through YAML's document model, so the user's comments, key order and
 * every other setting in the file survive. A missing file (or section) starts from the defaults. Every source URL
 * is written as Loom can read it (loomSourceUrl); returns the ones that changed so.
 */
export function editSources(file: string, env: NodeJS.ProcessEnv, home: string, edit: (sources: YAMLSeq, doc: Document) => void): UrlRewrite[] {
  const YAML = yaml();
  const { isMap, isSeq } = YAML;
  const text = readTextIfExists(file);
  let doc = YAML.parseDocument(text ?? defaultConfig(home));
  if (doc.errors.length > 0) throw invalid(file, `not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  if (!isMap(doc.contents) && text !== undefined && text.trim() !== '') throw invalid(file, 'the top level must be a mapping');
  if (!isMap(doc.contents)) doc = YAML.parseDocument(defaultConfig(home));
  let sources = doc.getIn(['plugin_registry', 'sources']);
  if (sources === undefined || sources === null) {
    doc.setIn(['plugin_registry', 'sources'], YAML.parseDocument(defaultConfig(home)).getIn(['plugin_registry', 'sources']));
    sources = doc.getIn(['plugin_registry', 'sources']);
  }
  if (!isSeq(sources)) throw invalid(file, 'plugin_registry.sources must be a list');
  edit(sources, doc);
  const rewrites: UrlRewrite[] = [];
  for (const item of sources.items) {
    const url = isMap(item) ? item.get('url') : undefined;
    if (!isMap(item) || typeof url !== 'string') continue;
    const readable = loomSourceUrl(url, env);
    if (readable === url) continue;
    item.set('url', readable);
    rewrites.push({ name: String(item.get('name')), from: url, to: readable });
  }
  // Validate what we are about to write exactly as it will be read back.
  toSources(doc.toJS().plugin_registry.sources, file, env, home, 'config');
  const mode = text === undefined ? 0o644 : fs.statSync(file).mode & 0o777;
  writeFileAtomic(file, doc.toString(), mode);
  return rewrites;
}
