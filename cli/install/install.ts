import type { IncomingHttpHeaders } from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../../domain/checksum.js';
import type { Manifest } from '../../domain/manifest.js';
import { PLUGIN_ID_PATTERN } from '../../domain/plugin.js';
import type { Context } from '../context.js';
import { CliError, NotFoundError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { warn } from '../output/io.js';
import { step } from '../output/progress.js';
import { lookup } from '../sources/catalog.js';
import { httpGet } from '../sources/http.js';
import { fileUrlPath } from '../sources/static.js';
import type { ManifestLocation, Source, VersionInfo } from '../sources/types.js';
import { fileStatus, LOOM_MANIFEST_NAMES, MANIFEST_FILE, PUBLISHED_FILE, pluginFile, readLock, warnSharedProviderTypes, writeLock, type Installed, type InstallRecord } from './lock.js';
import { emptyTrash } from './remove.js';
import { GraphReader, loadGraph, planSteps, resolveGraph, type Offered, type Step } from './graph.js';
import { verifySigned } from './trust.js';
import { pickVersion } from './versions.js';


export type Spec =
  | { kind: 'registry'; ref: string; requested: string | null }
  | { kind: 'url'; url: string }
  | { kind: 'path'; file: string };

/**
 * `install` takes a registry id (`id`, `id@1.2.0`, `id@^1.2`, `source/id@…`), a manifest URL, or a manifest file.
 * Anything with a scheme is a URL; an existing file, or anything that looks like a file name, is a path.
 */
export function parseSpec(spec: string, cwd: string): Spec {
  if (/^https?:\/\//.test(spec) || spec.startsWith('file://')) return { kind: 'url', url: spec };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) throw new UsageError(`cannot install from "${spec}"`, 'use an http(s):// or file:// URL, a path, or a plugin id');
  const file = path.resolve(cwd, spec);
  if (fs.existsSync(file) && fs.statSync(file).isFile()) return { kind: 'path', file };
  if (/\.(ya?ml|json)$/i.test(spec) || /^(\.{1,2}|~)?\//.test(spec)) throw new NotFoundError(`no such file: ${spec}`);
  const at = spec.lastIndexOf('@');
  if (at > 0) return { kind: 'registry', ref: spec.slice(0, at), requested: spec.slice(at + 1) || null };
  return { kind: 'registry', ref: spec, requested: null };
}

async function download(ctx: Context, location: ManifestLocation): Promise<{ bytes: Buffer; headers?: IncomingHttpHeaders }> {
  if (location.url.startsWith('file://')) {
    const file = fileUrlPath(location.url, ctx.cwd, ctx.env);
    if (!fs.existsSync(file)) throw new NotFoundError(`no manifest at ${file}`);
    return { bytes: fs.readFileSync(file) };
  }
  const { body, headers } = await httpGet(location.url, { what: 'manifest', headers: location.headers });
  return { bytes: body, headers };
}

/** `Repr-Digest: sha-256=:<base64>:` (RFC 9530), when the server sends one. */
function reprDigest(headers?: IncomingHttpHeaders): string | null {
  const match = /sha-256=:([A-Za-z0-9+/=]+):/.exec(String(headers?.['repr-digest'] ?? ''));
  return match ? Buffer.from(match[1], 'base64').toString('hex') : null;
}

/** Refuses bytes that are not what the source vouched for; returns their sha256. */
export function verify(ctx: Context, id: string, bytes: Buffer, expected: string | null, from: string, headers?: IncomingHttpHeaders, warnUnverified = true): string {
  const actual = sha256Hex(bytes);
  const digest = reprDigest(headers);
  if (digest && digest !== actual) {
    throw new CliError(`refusing to install ${id}: the manifest was damaged in transit (sha256 ${actual}, the server sent ${digest})`, 'CHECKSUM_MISMATCH', 1, 'try again; if it persists, something between you and the registry alters downloads');
  }
  if (expected && expected.toLowerCase() !== actual) {
    throw new CliError(
      `refusing to install ${id}: the manifest's sha256 is ${actual}, but ${from} published ${expected.toLowerCase()}`,
      'CHECKSUM_MISMATCH',
      1,
      `the manifest changed after it was published, or something altered it on the way; tell the maintainer of ${from}`,
    );
  }
  if (!expected && warnUnverified) warn(ctx.io, `${from} publishes no checksum for ${id}: installing without verifying it`);
  return actual;
}

/** Parses (YAML or JSON) and checks the manifest as the registry does: Loom's schema, as Loom's Go loader decodes it. */
export async function validate(bytes: Buffer, where: string): Promise<Manifest> {
  // zod and the YAML parser load only when a manifest is actually checked, keeping read-only commands fast.
  const { parseManifest, ManifestError } = await import('../../domain/manifest.js');
  try {
    return parseManifest(bytes.toString('utf8'));
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    throw new CliError(`${where} is not a valid Loom plugin manifest: ${err.message}`, 'INVALID_MANIFEST', 1, 'fix the manifest (fields: type, endpoint, metadata.name/version/provider_type, …) and try again');
  }
}

export interface InstallResult extends Installed {
  previous: string | null;
  path: string;
  /** False when the same version from the same source was already installed intact. */
  changed: boolean;
}

/**
 * Writes the plugin's folder, then the lock, each file by temp file + rename. The folder holds one manifest Loom
 * loads, plugin.json (Loom reads plugin.yaml with keys no documented manifest uses), and the published bytes as
 * published.yaml, which Loom does not walk. A plugin.yaml of an older CLI goes before plugin.json arrives, so an
 * interruption never leaves two manifests Loom would both load: at worst none; and any interruption leaves files
 * that installed.json does not describe, which list and update report.
 */
export async function commit(ctx: Context, record: InstallRecord, manifest: Manifest, bytes: Buffer): Promise<InstallResult> {
  const { manifestJson } = await import('../../domain/manifest.js');
  emptyTrash(ctx.paths);
  const lock = readLock(ctx.paths.lock);
  const previous = lock.find((p) => p.id === record.id)?.version ?? null;
  const dir = path.join(ctx.paths.plugins, record.id);
  const json = manifestJson(manifest);
  for (const name of LOOM_MANIFEST_NAMES) if (name !== MANIFEST_FILE) fs.rmSync(path.join(dir, name), { force: true });
  writeFileAtomic(path.join(dir, MANIFEST_FILE), json);
  writeFileAtomic(path.join(dir, PUBLISHED_FILE), bytes);
  const before = lock.find((p) => p.id === record.id);
  const installed: Installed = {
    ...record,
    file: MANIFEST_FILE,
    file_sha256: sha256Hex(Buffer.from(json)),
    provider_type: manifest.metadata.provider_type,
    dependencies: record.dependencies ?? {},
    required_by: [],
    explicit: record.explicit ?? before?.explicit ?? true,
  };
  writeLock(ctx.paths.lock, [...lock.filter((p) => p.id !== record.id), installed]);
  return { ...installed, previous, path: pluginFile(ctx.paths.plugins, installed), changed: true };
}

function unchanged(ctx: Context, existing: Installed | undefined, source: string, version: string): InstallResult | null {
  if (!existing || existing.source !== source || existing.version !== version) return null;
  if (fileStatus(ctx.paths.plugins, existing) !== 'ok') return null;
  return { ...existing, previous: existing.version, path: pluginFile(ctx.paths.plugins, existing), changed: false };
}

/** Finds the plugin in the first source that has it (or the named one), asking all sources at once. */
async function locate(ctx: Context, ref: string): Promise<{ source: Source; id: string; versions: VersionInfo[] }> {
  const check = (id: string) => {
    if (!PLUGIN_ID_PATTERN.test(id)) throw new UsageError(`"${id}" is not a plugin id`, 'ids are lowercase letters, digits and hyphens; to install a file, give its path');
  };
  const { source, id, value } = await lookup(ctx, ref, (s, id) => s.requirements(id), { check, progress: true });
  return { source, id, versions: value };
}

/** The published manifest of one version (the newest when none is given), checked against its checksum, as text. */
export async function readManifest(ctx: Context, ref: string, requested: string | null): Promise<{ id: string; version: string; text: string }> {
  const { source, id, versions } = await locate(ctx, ref);
  const pick = pickVersion(id, versions, requested, false);
  const location = await source.manifest(id, pick.version);
  const { bytes, headers } = await download(ctx, location);
  verify(ctx, id, bytes, location.sha256, source.config.name, headers, false);
  return { id, version: pick.version.version, text: bytes.toString('utf8') };
}

export interface InstallOptions {
  pre?: boolean;
  force?: boolean;
  /** For URL and path installs: the id to install under (default: from the manifest's name). */
  id?: string;
  /** For URL and path installs: the sha256 the manifest must have. */
  sha256?: string;
}

/**
 * Downloads one version from a registry source and checks it (the source's checksum, its signed metadata, Loom's
 * manifest schema) without writing anything: what commit() then writes.
 */
export async function prepareFromSource(ctx: Context, source: Source, id: string, version: VersionInfo, record: Pick<InstallRecord, 'requested' | 'dependencies' | 'explicit'>): Promise<Prepared> {
  const location = await source.manifest(id, version);
  const { bytes, headers } = await step(ctx.io, `Downloading ${id} ${version.version}`, download(ctx, location));
  const sha256 = verify(ctx, id, bytes, location.sha256, `source ${source.config.name}`, headers);
  await verifySigned(ctx, source.config, id, version.version, bytes);
  const manifest = await validate(bytes, `the manifest of ${id} ${version.version}`);
  if (manifest.metadata.version !== version.version) {
    warn(ctx.io, `source ${source.config.name} lists ${id} ${version.version}, but its manifest says ${manifest.metadata.version}: recording ${manifest.metadata.version}`);
  }
  return {
    record: {
      id,
      version: manifest.metadata.version,
      source: source.config.name,
      source_kind: source.kind(),
      source_url: source.config.url,
      sha256,
      installed_at: new Date().toISOString(),
      ...record,
    },
    manifest,
    bytes,
  };
}

/** Downloads, verifies, validates and commits one version from a registry source. */
export async function installFromSource(ctx: Context, source: Source, id: string, version: VersionInfo, requested: string | null, force = false): Promise<InstallResult> {
  const lock = readLock(ctx.paths.lock);
  const same = force ? null : unchanged(ctx, lock.find((p) => p.id === id), source.config.name, version.version);
  if (same) {
    if (same.requested !== requested) writeLock(ctx.paths.lock, lock.map((p) => (p.id === id ? { ...p, requested } : p)));
    return { ...same, requested };
  }
  const { record, manifest, bytes } = await prepareFromSource(ctx, source, id, version, { requested, ...(version.dependencies ? { dependencies: version.dependencies } : {}) });
  const result = await commit(ctx, record, manifest, bytes);
  await source.reportInstall(id, manifest.metadata.version);
  return result;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}

export interface Prepared {
  record: InstallRecord;
  manifest: Manifest;
  bytes: Buffer;
}

/** Reads, validates and verifies a manifest given by URL or path; the id comes from --id or the manifest's name. */
export async function prepareDirect(ctx: Context, spec: Extract<Spec, { kind: 'url' | 'path' }>, options: InstallOptions): Promise<Prepared> {
  const where = spec.kind === 'url' ? spec.url : spec.file;
  if (spec.kind === 'path' && !fs.existsSync(spec.file)) throw new NotFoundError(`no such file: ${spec.file}`);
  const { bytes, headers } =
    spec.kind === 'url' ? await step(ctx.io, `Downloading ${where}`, download(ctx, { url: spec.url, sha256: null, headers: {} })) : { bytes: fs.readFileSync(spec.file), headers: undefined };
  const manifest = await validate(bytes, where);
  const id = options.id ?? slug(manifest.metadata.name);
  if (!PLUGIN_ID_PATTERN.test(id)) throw new UsageError(`cannot use "${id}" as a plugin id`, 'give one with --id (lowercase letters, digits and hyphens)');
  // A file the user points at needs no warning about an absent checksum; a download does.
  const sha256 = verify(ctx, id, bytes, options.sha256 ?? null, where, headers, spec.kind === 'url');
  const record: InstallRecord = {
    id,
    version: manifest.metadata.version,
    source: spec.kind,
    source_kind: spec.kind,
    source_url: where,
    requested: null,
    sha256,
    installed_at: new Date().toISOString(),
  };
  return { record, manifest, bytes };
}

export interface InstallOutcome {
  /** The plugin asked for. */
  installed: InstallResult;
  /** The dependencies installed or moved for it, in the order they were (each before what needs it). */
  dependencies: InstallResult[];
  /** The resolved graph, dependencies first (registry installs; empty for a URL or file). */
  plan: Step[];
}

export async function install(ctx: Context, spec: Spec, options: InstallOptions = {}): Promise<InstallOutcome> {
  const outcome = await installSpec(ctx, spec, options);
  warnSharedProviderTypes(ctx.io, readLock(ctx.paths.lock), [outcome.installed.id, ...outcome.dependencies.map((d) => d.id)]);
  return outcome;
}

/**
 * The plan of a registry install: the plugin and its dependencies across the sources, resolved together with what is
 * installed (installed.json), dependencies first. Reads the sources; changes nothing.
 */
export async function planInstall(ctx: Context, spec: Extract<Spec, { kind: 'registry' }>, options: InstallOptions = {}): Promise<{ id: string; plan: Step[]; graph: Map<string, Offered | null> }> {
  if (options.id || options.sha256) throw new UsageError('--id and --sha256 apply to installs from a URL or a file', 'the registry names the plugin and vouches for its checksum');
  const { source, id, versions } = await locate(ctx, spec.ref);
  // the errors of a version that does not exist (exit 3, with what does), before the graph is read
  pickVersion(id, versions, spec.requested, options.pre ?? false);
  const lock = readLock(ctx.paths.lock);
  const offered: Offered = { id, source, versions };
  const reader = new GraphReader(ctx, ctx.sources());
  const graph = await step(ctx.io, `Resolving the dependencies of ${id}`, loadGraph(reader, [{ id, source: source.config.name }], lock, new Map([[id, offered]])));
  const roots = [{ id, range: spec.requested ?? '*', by: 'you', ...(options.pre ? { pre: true } : {}) }];
  const resolution = resolveGraph(lock, graph, roots, new Set([id]));
  return { id, plan: planSteps(ctx, resolution, graph, lock, new Set([id]), options.force), graph };
}

/** Adds the plan's failure point to an error: what was installed before it (autoremove removes what nothing needs). */
function partly(err: unknown, done: InstallResult[], total: number): unknown {
  if (!(err instanceof CliError) || total < 2) return err;
  const what = done.length === 0 ? 'nothing was installed' : `installed before the failure: ${done.map((d) => `${d.id} ${d.version}`).join(', ')} ("loom plugin autoremove" removes what nothing needs)`;
  return new CliError(`${err.message} (${what})`, err.code, err.exitCode, err.hint);
}

/**
 * Installs a plan: every plugin it adds or moves is downloaded and checked first (checksum, signature, manifest),
 * so a failure there writes nothing; then each is written in order, dependencies first, through commit().
 */
async function applyPlan(ctx: Context, root: string, plan: Step[], graph: Map<string, Offered | null>, requested: string | null, force: boolean | undefined): Promise<InstallOutcome> {
  const lock = readLock(ctx.paths.lock);
  const changing = plan.filter((s) => s.action !== 'keep');
  for (const s of changing) keepHandEdits(ctx, s.id, s.id === root && force);
  const prepared: { step: Step; source: Source; prepared: Prepared }[] = [];
  try {
    for (const s of changing) {
      const offered = graph.get(s.id)!;
      const version = offered.versions.find((v) => v.version === s.version)!;
      if (version.yanked_reason) warn(ctx.io, `${s.id} ${s.version} was yanked: ${version.yanked_reason}`);
      const existing = lock.find((p) => p.id === s.id);
      const record = { requested: s.id === root ? requested : (existing?.requested ?? null), dependencies: s.dependencies, explicit: s.explicit };
      prepared.push({ step: s, source: offered.source!, prepared: await prepareFromSource(ctx, offered.source!, s.id, version, record) });
    }
  } catch (err) {
    throw partly(err, [], changing.length);
  }
  const results: InstallResult[] = [];
  try {
    for (const { prepared: p } of prepared) results.push(await commit(ctx, p.record, p.manifest, p.bytes));
  } catch (err) {
    throw partly(err, results, changing.length);
  }
  // what stays installed learns what it needs and whether it was asked for
  const kept = new Map(plan.filter((s) => s.action === 'keep').map((s) => [s.id, s]));
  const after = readLock(ctx.paths.lock);
  const relabelled = after.map((p) => {
    const s = kept.get(p.id);
    if (!s || !graph.get(p.id)?.source) return p;
    return { ...p, dependencies: s.dependencies, explicit: p.explicit || s.explicit, ...(p.id === root ? { requested } : {}) };
  });
  if (JSON.stringify(relabelled) !== JSON.stringify(after)) writeLock(ctx.paths.lock, relabelled);
  for (const { step: s, source } of prepared) await source.reportInstall(s.id, s.version);
  const mine = results.find((r) => r.id === root);
  const entry = readLock(ctx.paths.lock).find((p) => p.id === root)!;
  const installed = mine ?? { ...entry, previous: entry.version, path: pluginFile(ctx.paths.plugins, entry), changed: false };
  return { installed, dependencies: results.filter((r) => r.id !== root), plan };
}
/**
 * Refuses to write over a manifest someone edited by hand, or one in a plugin folder installed.json does not
 * describe (a plugin put there by hand), unless forced: that work would be lost.
 */
function keepHandEdits(ctx: Context, id: string, force: boolean | undefined): void {
  if (force) return;
  const entry = readLock(ctx.paths.lock).find((p) => p.id === id);
  const hint = `"loom plugin install ${id} --force" replaces it; keep a copy of your changes first`;
  if (entry) {
    if (fileStatus(ctx.paths.plugins, entry) === 'modified') throw new CliError(`${pluginFile(ctx.paths.plugins, entry)} was edited since ${entry.version} was installed`, 'MODIFIED', 1, hint);
    return;
  }
  const own = LOOM_MANIFEST_NAMES.map((name) => path.join(ctx.paths.plugins, id, name)).find((file) => fs.existsSync(file));
  if (own) throw new CliError(`${own} exists and was not installed by loom`, 'MODIFIED', 1, hint);
}

async function installSpec(ctx: Context, spec: Spec, options: InstallOptions): Promise<InstallOutcome> {
  if (spec.kind !== 'registry') {
    const { record, manifest, bytes } = await prepareDirect(ctx, spec, options);
    keepHandEdits(ctx, record.id, options.force);
    return { installed: await commit(ctx, record, manifest, bytes), dependencies: [], plan: [] };
  }
  const { id, plan, graph } = await planInstall(ctx, spec, options);
  return applyPlan(ctx, id, plan, graph, spec.requested, options.force);
}
