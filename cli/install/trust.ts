import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { note, warn } from '../output/io.js';
import { request } from '../sources/http.js';
import { fileUrlPath } from '../sources/static.js';
import type { SourceConfig } from '../config/config.js';
import { ADVISORY_SEVERITIES, affects, type AdvisoriesDocument, type AdvisoryJson, type AdvisorySeverityName } from '../../domain/advisories.js';

/**
 * Signed metadata (docs/trust.md): before install and update write anything, the manifest must be a target the
 * source's TUF repository signed, checked by tuf-js (the client npm uses) against a root pinned on first contact
 * (or given with `sources add --root`) in <LOOM_HOME>/trust/<source>/. A source without signatures gets a warning,
 * or a refusal when signatures are required (--require-signatures, LOOM_REQUIRE_SIGNATURES=1, or the source's own
 * setting, which `sources add --root|--require-signatures` writes).
 */

/** `<LOOM_HOME>/trust/<name>-<hash of the url>/source.json`. */
interface TrustSettings {
  require_signatures: boolean;
}

/** A source's trust folder: the pinned root, tuf-js's trusted metadata, the last signed advisories.json. */
export function trustDir(ctx: Context, source: Pick<SourceConfig, 'name' | 'url'>): string {
  const hash = createHash('sha256').update(source.url.replace(/\/+$/, '')).digest('hex').slice(0, 12);
  return path.join(ctx.paths.home, 'trust', `${source.name}-${hash}`);
}

function settings(dir: string): TrustSettings {
  try {
    return { require_signatures: false, ...(JSON.parse(fs.readFileSync(path.join(dir, 'source.json'), 'utf8')) as Partial<TrustSettings>) };
  } catch {
    return { require_signatures: false };
  }
}

/** A root file given to `sources add --root`, checked before anything is written. */
export function readRoot(file: string): Buffer {
  let bytes: Buffer;
  let root: { signed?: { _type?: string } };
  try {
    bytes = fs.readFileSync(file);
    root = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new CliError(`--root: cannot read ${file} as JSON (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'BAD_ROOT', 2);
  }
  if (root?.signed?._type !== 'root') throw new CliError(`--root: ${file} is not TUF root metadata (the 1.root.json under the registry's /tuf/metadata/)`, 'BAD_ROOT', 2);
  return bytes;
}

/** `sources add --root FILE` / `--require-signatures`: pins the root and requires signatures of the source. */
export function pinSource(ctx: Context, source: Pick<SourceConfig, 'name' | 'url'>, root: Buffer | undefined): void {
  const dir = trustDir(ctx, source);
  fs.mkdirSync(dir, { recursive: true });
  if (root) writeFileAtomic(path.join(dir, 'root.json'), root);
  writeFileAtomic(path.join(dir, 'source.json'), `${JSON.stringify({ require_signatures: true } satisfies TrustSettings)}\n`);
}

function required(ctx: Context, dir: string): boolean {
  return ctx.requireSignatures || /^(1|true|yes)$/i.test(ctx.env.LOOM_REQUIRE_SIGNATURES ?? '') || settings(dir).require_signatures;
}

function refuse(id: string, version: string, what: string, hint: string): never {
  throw new CliError(`refusing to install ${id} ${version}: ${what}`, 'SIGNATURE', 1, hint);
}

/** What a tuf-js failure means, in words that name what failed. */
function failure(err: unknown, source: string): { what: string; hint: string } {
  const e = err as Error;
  const kind = e.constructor?.name ?? '';
  const tamper = `something between you and ${source} (a proxy, a mirror) or the source itself serves altered data; do not install from it until its maintainer says why`;
  if (kind === 'ExpiredMetadataError') return { what: `the signed metadata of source ${source} has expired (${e.message}): it serves stale data, or stopped signing`, hint: 'try again later; if it persists, tell the registry operator (a frozen mirror looks like this)' };
  if (kind === 'BadVersionError') return { what: `rollback: source ${source} serves older signed metadata than this computer already verified (${e.message})`, hint: tamper };
  if (kind === 'UnsignedMetadataError' || /signed by \d+\/\d+ keys/.test(e.message)) return { what: `bad signature: the metadata of source ${source} is not signed by its keys (${e.message})`, hint: tamper };
  if (kind === 'LengthOrHashMismatchError' || kind === 'DownloadLengthMismatchError') return { what: `the signed metadata of source ${source} was altered (${e.message})`, hint: tamper };
  return { what: `cannot verify the signed metadata of source ${source}: ${e.message}`, hint: 'try again; with --require-signatures off the source is used unverified only when it offers no signatures at all' };
}

/** Reads a signed repository's files: over HTTP(S), or from the folder of a `file://` mirror. */
type ReadFile = (url: string) => Promise<Buffer | null>;
const readHttp: ReadFile = async (url) => {
  const answer = await request(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  return answer?.ok ? answer.body : null;
};
const readLocal: ReadFile = async (url) => fs.promises.readFile(fileURLToPath(url)).catch(() => null);

/** The pinned root, or the source's 1.root.json pinned now (trust on first contact); false when it offers none. */
async function pinnedRoot(ctx: Context, source: SourceConfig, dir: string, base: string, read: ReadFile): Promise<boolean> {
  if (fs.existsSync(path.join(dir, 'root.json'))) return true;
  const body = await read(`${base}/metadata/1.root.json`);
  if (!body) return false;
  let root: { signed?: { _type?: string; roles?: { root?: { keyids?: string[] } } } } | undefined;
  try {
    root = JSON.parse(body.toString('utf8'));
  } catch {
    root = undefined;
  }
  if (root?.signed?._type !== 'root') return false;
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, 'root.json'), body);
  note(ctx.io, `Pinned the signing root of source ${source.name} (root key ${root.signed.roles?.root?.keyids?.[0]?.slice(0, 16) ?? '?'}…) on first contact; ${path.join(dir, 'root.json')}.`);
  return true;
}

/** Where a source's signed repository is: `<url>/tuf` over HTTP, `<folder>/tuf` of a `file://` mirror (a static export). */
function repositoryOf(ctx: Context, source: SourceConfig): { base: string; read: ReadFile; local: boolean } | null {
  if (/^https?:\/\//.test(source.url)) return { base: `${source.url.replace(/\/+$/, '')}/tuf`, read: readHttp, local: false };
  if (!source.url.startsWith('file://')) return null;
  const named = fileUrlPath(source.url, ctx.cwd, ctx.env);
  // as a file: URL, which tuf-js joins paths onto as it does for HTTP
  return { base: pathToFileURL(path.join(named.endsWith('.json') ? path.dirname(named) : named, 'tuf')).href, read: readLocal, local: true };
}

/** tuf-js reading a `file://` mirror's folder: a missing file is a 404, as a web server would answer. */
async function localFetcher() {
  const { BaseFetcher } = await import('tuf-js');
  const { DownloadHTTPError } = (await import('tuf-js/dist/error.js')) as unknown as { DownloadHTTPError: new (message: string, status: number) => Error };
  return new (class extends BaseFetcher {
    override async fetch(file: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
      const bytes = await readLocal(file);
      if (!bytes) throw new DownloadHTTPError(`${file} does not exist`, 404);
      return new Blob([new Uint8Array(bytes)]).stream() as ReadableStream<Uint8Array<ArrayBuffer>>;
    }
  })();
}

/**
 * Refuses (exit 1, before anything is written) a manifest that is not exactly what the source signed, and a version
 * under a malware advisory; warns about other advisories and about a source that offers no signatures.
 */
export async function verifySigned(ctx: Context, source: SourceConfig, id: string, version: string, bytes: Buffer): Promise<void> {
  const repository = repositoryOf(ctx, source);
  if (!repository) return;
  const { base, read } = repository;
  const dir = trustDir(ctx, source);
  if (!(await pinnedRoot(ctx, source, dir, base, read))) {
    if (required(ctx, dir)) refuse(id, version, `source ${source.name} offers no signed metadata (${base}/metadata/1.root.json)`, 'signatures are required (--require-signatures, LOOM_REQUIRE_SIGNATURES or the source setting); use a source that signs its catalog');
    warn(ctx.io, `source ${source.name} offers no signed metadata: ${id} ${version} is installed without verifying a signature`);
    return;
  }
  const { Updater } = await import('tuf-js');
  const targets = path.join(dir, 'targets');
  fs.mkdirSync(targets, { recursive: true });
  const updater = new Updater({
    metadataDir: dir,
    metadataBaseUrl: `${base}/metadata`,
    targetBaseUrl: `${base}/targets`,
    targetDir: targets,
    ...(repository.local ? { fetcher: await localFetcher() } : {}),
  });
  let advisories: AdvisoryJson[] = [];
  try {
    await updater.refresh();
    const info = await updater.getTargetInfo(`plugins/${id}/${version}/plugin.yaml`);
    if (!info) refuse(id, version, `source ${source.name} has not signed this version`, 'a version published moments ago is signed within seconds: try again; otherwise the source lists a version it does not vouch for');
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (info.length !== bytes.length || info.hashes.sha256 !== actual) {
      refuse(id, version, `the manifest is not the one source ${source.name} signed (sha256 ${actual}, signed ${info.hashes.sha256})`, `something between you and ${source.name} altered the download, although every checksum it stated agreed; do not install from it until its maintainer says why`);
    }
    const signed = await updater.getTargetInfo('advisories.json');
    if (signed) {
      const file = (await updater.findCachedTarget(signed, path.join(targets, 'advisories.json'))) ?? (await updater.downloadTarget(signed, path.join(targets, 'advisories.json')));
      advisories = (JSON.parse(fs.readFileSync(file, 'utf8')) as AdvisoriesDocument).advisories;
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    const { what, hint } = failure(err, source.name);
    refuse(id, version, what, hint);
  }
  checkAdvisories(ctx, advisories, id, version);
}

/** `--audit-level`, else LOOM_AUDIT_LEVEL: the least severity that refuses an install (none: only malware refuses). */
function auditLevel(ctx: Context): AdvisorySeverityName | undefined {
  if (ctx.auditLevel) return ctx.auditLevel;
  const level = ctx.env.LOOM_AUDIT_LEVEL?.trim().toLowerCase();
  if (!level) return undefined;
  if (!(ADVISORY_SEVERITIES as readonly string[]).includes(level)) throw new CliError(`LOOM_AUDIT_LEVEL: "${level}" is not one of ${ADVISORY_SEVERITIES.join(', ')}`, 'USAGE', 2);
  return level as AdvisorySeverityName;
}

function checkAdvisories(ctx: Context, advisories: AdvisoryJson[], id: string, version: string): void {
  const hits = advisories.filter((a) => a.plugin_id === id && affects(a, version));
  const fixed = (a: AdvisoryJson) => (a.patched ? `versions ${a.patched} are not affected` : 'no version is known to be safe');
  const malware = hits.find((a) => a.kind === 'malware');
  if (malware) refuse(id, version, `${malware.id} (${malware.severity}, malware): ${malware.summary}`, fixed(malware));
  const level = auditLevel(ctx);
  const severe = level && hits.find((a) => ADVISORY_SEVERITIES.indexOf(a.severity) >= ADVISORY_SEVERITIES.indexOf(level));
  if (severe) refuse(id, version, `${severe.id} (${severe.severity} ${severe.kind}, at or above the audit level ${level}): ${severe.summary}`, `${fixed(severe)}; a lower --audit-level (or none) installs it with a warning`);
  for (const a of hits) warn(ctx.io, `${id} ${version} is affected by ${a.id} (${a.severity} ${a.kind}): ${a.summary}${a.patched ? `; fixed in ${a.patched}` : ''}`);
}
