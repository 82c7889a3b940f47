import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { warn } from '../output/io.js';
import { gather, parseRef } from './sources.js';
import type { PluginDetails, RegistryEntry, SearchQuery, Source } from './types.js';

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
}

function only(ctx: Context, name: string | undefined): Source[] {
  const sources = ctx.sources();
  if (!name) return sources;
  const source = sources.find((s) => s.config.name === name);
  if (!source) throw new NotFoundError(`no enabled source named "${name}"`, 'see "loom plugin sources list"');
  return [source];
}

function report(ctx: Context, failures: { source: string; url: string; message: string }[]): void {
  for (const f of failures) warn(ctx.io, `${f.message} (showing results from the other sources)`);
}

/**
 * Asks the sources at once and merges in source order: each plugin labelled with its source, the first source
 * winning a duplicate id. An explicit sort orders the merged list; the limit applies last.
 */
export async function searchAll(ctx: Context, query: SearchQuery, sourceName?: string): Promise<Merged> {
  const sources = only(ctx, sourceName);
  const { ok, failures } = await gather(sources, (s) => s.search(query));
  report(ctx, failures);
  const seen = new Set<string>();
  const plugins: Listed[] = [];
  for (const { source, value } of ok) {
    for (const entry of value.entries) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      plugins.push({ ...entry, source: source.config.name });
    }
  }
  if (query.sort) {
    const key = { downloads: (e: Listed) => e.downloads, rating: (e: Listed) => e.rating, updated: (e: Listed) => Date.parse(e.updated_at) || 0 }[query.sort];
    plugins.sort((a, b) => key(b) - key(a));
  }
  const reports: SourceReport[] = sources.map((s) => {
    const answered = ok.find((o) => o.source === s);
    const failed = failures.find((f) => f.source === s.config.name);
    return { name: s.config.name, url: s.config.url, kind: s.kind(), ...(answered ? { matches: answered.value.total } : { error: failed?.message }) };
  });
  return { plugins: query.limit === undefined ? plugins : plugins.slice(0, query.limit), sources: reports };
}

/** One plugin from the first source that has it (or the one `source/id` names). */
export async function findPlugin(ctx: Context, ref: string): Promise<{ source: Source; details: PluginDetails }> {
  const sources = ctx.sources();
  const { source: named, id } = parseRef(ref, sources);
  const { ok, failures } = await gather(named ? [named] : sources, (s) => s.details(id));
  report(ctx, failures);
  const hit = ok.find((o) => o.value !== null);
  if (hit) return { source: hit.source, details: hit.value! };
  throw new NotFoundError(
    `plugin "${id}" not found in ${named ? `source ${named.config.name}` : 'any enabled source'}${failures.length ? ` (${failures.length} could not be read)` : ''}`,
    `find its id with "loom plugin search ${id.replace(/-plugin$/, '')}"`,
  );
}
