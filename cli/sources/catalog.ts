import type { Context } from '../context.js';
import { AuthError, CliError, NotFoundError } from '../errors.js';
import { warn } from '../output/io.js';
import { step } from '../output/progress.js';
import { gather, parseRef, type Failure } from './sources.js';
import { qualityOf } from './static.js';
import type { PluginDetails, RegistryEntry, SearchQuery, Source, VersionInfo } from './types.js';

/** A plugin with the source it came from: the item of `search --json` and `list --json`. */
export interface Listed extends RegistryEntry {
  source: string;
}

/** How each source answered: `matches` when it did, `error` when it could not be read. */
export interface SourceReport {
  name: string;
  url: string;
  kind: string;
  matches?: number;
  error?: string;
}

export interface Merged {
  plugins: Listed[];
  sources: SourceReport[];
  /** The first suggestion a source made: the query with its misspelt words corrected. */
  didYouMean?: string;
  /** Paged reads only: where each source's next matches start, null once it has given them all. */
  next?: Cursors;
}

/** Per source name: the `after` of its next page, null when it has no more; a source not named starts at its first. */
export type Cursors = Record<string, string | null>;

function only(ctx: Context, name: string | undefined): Source[] {
  const sources = ctx.sources();
  if (!name) return sources;
  const source = sources.find((s) => s.config.name === name);
  if (!source) throw new NotFoundError(`no enabled source named "${name}"`, 'see "loom plugin sources list"');
  return [source];
}

function report(ctx: Context, failures: Failure[]): void {
  for (const f of failures) warn(ctx.io, `${f.message} (showing results from the other sources)`);
}

/**
 * Nothing found while some source could not be read: the answer is unknown, not "no such plugin", so a script
 * must not conclude that the plugin does not exist.
 */
function unreadable(nothing: string, failures: Failure[]): CliError {
  const lines = failures.map((f) => `  ${f.message}`).join('\n');
  const message = `${nothing} in the sources that answered, but ${failures.length === 1 ? '1 source' : `${failures.length} sources`} could not be read:\n${lines}`;
  const single = failures.length === 1 && failures[0].error instanceof CliError ? failures[0].error.hint : undefined;
  if (failures.every((f) => f.error instanceof AuthError)) return new AuthError(message, single ?? 'save an API key with "loom plugin login --source <name>"');
  return new CliError(message, 'SOURCES_UNREACHABLE', 1, single ?? 'is the registry running? Check your network and "loom plugin sources list"');
}

/**
 * Asks the sources at once and merges in source order: each plugin labelled with its source, the first source
 * winning a duplicate id. An explicit sort orders the merged list; the limit applies last. With `cursors` it reads
 * page by page instead: each source gives up to `limit` matches after its cursor (none once it has given them all),
 * and the answer keeps them all with the cursors to continue from, so no match is read twice.
 */
export async function searchAll(ctx: Context, query: SearchQuery, sourceName?: string, cursors?: Cursors): Promise<Merged> {
  const sources = only(ctx, sourceName).filter((s) => cursors?.[s.config.name] !== null);
  const { ok, failures } = await gather(sources, (s) => s.search({ ...query, after: cursors?.[s.config.name] ?? undefined }));
  const seen = new Set<string>();
  const plugins: Listed[] = [];
  for (const { source, value } of ok) {
    for (const entry of value.entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      plugins.push({ ...entry, source: source.config.name });
    }
  }
  if (plugins.length === 0 && failures.length > 0) throw unreadable(query.text ? `no plugin matches "${query.text}"` : 'no plugins', failures);
  report(ctx, failures);
  if (query.sort) {
    const key = { downloads: (e: Listed) => e.downloads, rating: (e: Listed) => e.rating, updated: (e: Listed) => Date.parse(e.updated_at) || 0, quality: qualityOf }[query.sort];
    plugins.sort((a, b) => key(b) - key(a));
  }
  const reports: SourceReport[] = sources.map((s) => {
    const answered = ok.find((o) => o.source === s);
    const failed = failures.find((f) => f.source === s.config.name);
    return { name: s.config.name, url: s.config.url, kind: s.kind(), ...(answered ? { matches: answered.value.total } : { error: failed?.message }) };
  });
  const didYouMean = ok.find((o) => o.value.didYouMean)?.value.didYouMean;
  if (cursors) {
    const next = { ...cursors, ...Object.fromEntries(ok.map((o) => [o.source.config.name, o.value.next ?? null])) };
    return { plugins, sources: reports, next, ...(didYouMean ? { didYouMean } : {}) };
  }
  return { plugins: query.limit === undefined ? plugins : plugins.slice(0, query.limit), sources: reports, ...(didYouMean ? { didYouMean } : {}) };
}

export interface LookupOptions {
  /** Refuses an id before any source is asked. */
  check?: (id: string) => void;
  /** Shows "Looking up <id>" while the sources are slow. */
  progress?: boolean;
}

/**
 * Asks every source (or the one `source/id` names) at once and takes the answer of the first, in precedence
 * order, that has the plugin.
 */
export async function lookup<T>(ctx: Context, ref: string, ask: (source: Source, id: string) => Promise<T | null>, options: LookupOptions = {}): Promise<{ source: Source; id: string; value: T }> {
  const sources = ctx.sources();
  const { source: named, id } = parseRef(ref, sources);
  options.check?.(id);
  const asking = gather(named ? [named] : sources, (s) => ask(s, id));
  const { ok, failures } = await (options.progress ? step(ctx.io, `Looking up ${id}`, asking) : asking);
  const hit = ok.find((o) => o.value !== null);
  if (!hit && failures.length > 0) throw unreadable(`plugin "${id}" not found`, failures);
  report(ctx, failures);
  if (hit) return { source: hit.source, id, value: hit.value! };
  const near = await (options.progress ? step(ctx.io, 'Looking for similar ids', suggest(ctx, id, named)) : suggest(ctx, id, named));
  throw new NotFoundError(
    `plugin "${id}" not found in ${named ? `source ${named.config.name}` : 'any enabled source'}`,
    near.length ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : `find its id with "loom plugin search ${words(id)}"`,
  );
}

/** An id as search words: `opnai-plugin` → `opnai`. */
const words = (id: string) => id.replace(/-plugin$/, '').replaceAll('-', ' ');

/**
 * Ids close to a mistyped one: what the sources find for its words (registry servers correct misspelt words),
 * closest spelling first. Best-effort: a source that fails here was already reported, and adds nothing.
 */
async function suggest(ctx: Context, id: string, named: Source | undefined): Promise<string[]> {
  const { distance } = await import('fastest-levenshtein');
  try {
    const { ok } = await gather(named ? [named] : ctx.sources(), (s) => s.search({ text: words(id), limit: 10 }));
    const ids = [...new Set(ok.flatMap((o) => o.value.entries.map((e) => e.id)))];
    return ids
      .map((candidate) => ({ candidate, d: distance(candidate, id) }))
      .filter(({ d, candidate }) => d <= Math.max(2, Math.ceil(candidate.length / 3)))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map(({ candidate }) => candidate);
  } catch {
    return [];
  }
}

/** One version of a plugin, from the versions at hand or, when the list shown is only the newest, all of them. */
export async function findVersion(source: Source, id: string, shown: VersionInfo[], version: string): Promise<VersionInfo> {
  const { pickVersion } = await import('../install/versions.js');
  const all = shown.some((v) => v.version === version) ? shown : ((await source.versions(id)) ?? shown);
  const picked = pickVersion(id, all, version, true).version;
  return shown.find((v) => v.version === picked.version) ?? picked;
}

/** One plugin's details from the first source that has it (or the one `source/id` names). */
export async function findPlugin(ctx: Context, ref: string): Promise<{ source: Source; details: PluginDetails }> {
  const { source, value } = await lookup(ctx, ref, (s, id) => s.details(id), { progress: true });
  return { source, details: value };
}
