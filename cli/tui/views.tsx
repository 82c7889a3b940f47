import { Box, Text } from 'ink';
import { createContext, useContext } from 'react';
import type { SortKey } from '../sources/types.js';
import { hints, type Focus } from './logic/keymap.js';
import type { DetailState } from './hooks.js';
import { compactCount, fit, sparkline, stars, wrap } from './logic/format.js';
import { qualityLine } from '../output/format.js';
import type { Detail, Row } from './registry.js';
import { satisfiesRange } from '../install/resolve.js';

/** Colour names, or nothing under NO_COLOR: every coloured text goes through `useTone`. */
export const ColorContext = createContext(true);
type Tone = 'green' | 'yellow' | 'red' | 'cyan' | 'gray' | 'magenta';
export function useTone(): (tone: Tone) => Tone | undefined {
  const on = useContext(ColorContext);
  return (tone) => (on ? tone : undefined);
}

export function Header(props: { readonly text: string; readonly focused: boolean; readonly status: string; readonly spinner: string | null; readonly width: number }) {
  const tone = useTone();
  const box = `${props.text}${props.focused ? '█' : ''}`;
  return (
    <Box width={props.width}>
      {/* The box keeps its size; only the status gives way when the line is too long. */}
      <Box flexShrink={0}>
        <Text bold color={tone('cyan')}>loom </Text>
        <Text color={props.focused ? tone('yellow') : undefined}>/ </Text>
        <Text inverse={props.focused}>{fit(box || (props.focused ? '' : 'type / to search'), Math.max(10, Math.min(40, props.width - 50)), true)}</Text>
        <Text> </Text>
      </Box>
      <Text color={tone('gray')} wrap="truncate">{props.spinner ? `${props.spinner} loading… ` : ''}{props.status}</Text>
    </Box>
  );
}

/** The widths of a list's columns: the id is what gets typed, so it is cut last. */
export interface Columns {
  name: number;
  id: number;
  /** 0 to 2 of provider type and source, as room allows. */
  extra: number;
  /** Five stars beside the rating; a narrow list shows `★4.6` so that the id keeps its room. */
  stars: boolean;
}

const RATING = 9;
// mark, version, stars and rating, downloads, badge, with the spaces between them
const FIXED = 1 + 1 + 9 + 1 + RATING + 1 + 6 + 1 + 1;

export function columnsFor(rows: readonly Row[], width: number): Columns {
  const longest = Math.max(2, ...rows.map((r) => [...r.id].length));
  const stars = width - FIXED - 4 >= longest;
  const rest = width - FIXED - 2 + (stars ? 0 : RATING - 4);
  const extra = rest >= 80 ? 2 : rest >= 62 ? 1 : 0;
  const names = rest - extra * 11 - 2;
  const id = Math.max(8, Math.min(longest, names));
  // The name goes before the id is cut: the detail shows it.
  const name = names - id - 1;
  return name >= 8 ? { name, id, extra, stars } : { name: 0, id: names, extra, stars };
}

/** ! installed under a security advisory, ● installed, ↑ installed with a newer version out. */
export const mark = (row: Row) => (row.advisory ? '!' : row.outdated ? '↑' : row.installed ? '●' : ' ');

/** One row of the list in the given columns. */
export function rowText(row: Row, columns: Columns, width: number): string {
  const version = fit(row.version, 9, true);
  const number = row.rating.toFixed(1);
  const rating = columns.stars ? (row.reviews ? `${stars(row.rating)} ${number}` : `${stars(0, 0)}    `) : row.reviews ? `★${number}` : '  - ';
  const downloads = compactCount(row.downloads).padStart(6);
  const badge = row.verified ? '✓' : ' ';
  const fixed = `${mark(row)} ${version} ${rating} ${downloads} ${badge}`;
  const tail = columns.extra === 2 ? ` ${fit(row.provider_type, 10, true)} ${fit(row.source, 10, true)}` : columns.extra === 1 ? ` ${fit(row.source, 10, true)}` : '';
  const name = columns.name ? `${fit(row.name, columns.name, true)} ` : '';
  return fit(`${name}${fit(row.id, columns.id, true)} ${fixed}${tail}`, width - 2, true);
}

const SORTED: Record<SortKey, string> = { downloads: 'DL', rating: 'RATING', updated: 'VERSION', quality: 'QUALITY' };
const sortedOn = (sort: SortKey | undefined, title: string) => sort !== undefined && (SORTED[sort] === title || (sort === 'rating' && title === '★'));

/** The column titles, the one sorted on marked ▼ (relevance: none). */
export function headerText(columns: Columns, sort: SortKey | undefined, width: number): string {
  const title = (t: string, w: number, right = false) => {
    const text = sortedOn(sort, t) ? `${t}▼` : t;
    return right ? fit(text, w).padStart(w) : fit(text, w, true);
  };
  const tail = columns.extra === 2 ? ` ${title('TYPE', 10)} ${title('SOURCE', 10)}` : columns.extra === 1 ? ` ${title('SOURCE', 10)}` : '';
  const name = columns.name ? `${title('NAME', columns.name)} ` : '';
  return fit(`  ${name}${title('ID', columns.id)}   ${title('VERSION', 9)} ${title(columns.stars ? 'RATING' : '★', columns.stars ? RATING : 4)} ${title('DL', 6, true)}  ${tail}`, width, true);
}

export function ResultList(props: {
  readonly rows: readonly Row[];
  readonly start: number;
  readonly end: number;
  readonly cursor: number;
  readonly focused: boolean;
  readonly width: number;
  readonly height: number;
  readonly empty: string;
  readonly stale: boolean;
  readonly sort: SortKey | undefined;
}) {
  const tone = useTone();
  if (props.rows.length === 0) {
    return (
      <Box width={props.width} height={props.height} paddingX={1} flexShrink={0}>
        <Text color={tone('gray')} wrap="wrap">{props.empty}</Text>
      </Box>
    );
  }
  const columns = columnsFor(props.rows.slice(props.start, props.end), props.width);
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" flexShrink={0}>
      <Text color={tone('gray')} wrap="truncate">{headerText(columns, props.sort, props.width)}</Text>
      {props.rows.slice(props.start, props.end).map((row, i) => {
        const index = props.start + i;
        const selected = index === props.cursor;
        const color = props.stale ? tone('gray') : row.advisory ? tone('red') : row.outdated ? tone('yellow') : row.installed ? tone('green') : undefined;
        return (
          <Text key={`${row.source}/${row.id}`} inverse={selected && props.focused} bold={selected} dimColor={props.stale} color={selected ? undefined : color} wrap="truncate">
            {selected ? '▸ ' : '  '}
            {rowText(row, columns, props.width)}
          </Text>
        );
      })}
    </Box>
  );
}

function Field(props: { readonly label: string; readonly children: React.ReactNode }) {
  const tone = useTone();
  return (
    <Text wrap="truncate">
      <Text color={tone('gray')}>{props.label.padEnd(13)}</Text>
      {props.children}
    </Text>
  );
}

type ToneOf = ReturnType<typeof useTone>;

/** The plugin's advisories: a warning when the installed version is affected, then one line each (most recent first). */
function advisoryLines(advisories: Detail['advisories'], installed: string | null, width: number, text: (key: string, body: string, color?: Tone) => React.ReactNode): React.ReactNode[] {
  if (advisories.length === 0) return [];
  const hits = advisories.filter((a) => a.affectsInstalled);
  const head = hits.length
    ? [text('advisories.hit', `! installed ${installed} is affected by ${hits.map((a) => `${a.id} (${a.kind === 'malware' ? 'malware' : a.severity})`).join(', ')}`, 'red')]
    : [];
  const rows = advisories.flatMap((a) => wrap(`${a.id} ${a.severity} ${a.kind}: ${a.summary} (affected ${a.affected}${a.patched ? `, fixed in ${a.patched}` : ''})`, width).map((l, i) => text(`advisory.${a.id}.${i}`, l, a.affectsInstalled ? 'red' : undefined)));
  return [text('advisories.gap', ' '), text('advisories.title', `Security advisories (${advisories.length})`), ...head, ...rows];
}

/**
 * A detail as one element per screen row, so the pane can show any window of it: long text is wrapped here,
 * every other row is cut to the width.
 */
/** The detail's dependencies (each with the version installed here) and its first dependents. */
function graphLines(detail: Detail, width: number, text: (key: string, body: string, color?: Tone) => React.ReactNode): React.ReactNode[] {
  const { requires, dependents, installedVersions } = detail;
  const deps = Object.entries(requires?.dependencies ?? {});
  const conflicts = Object.entries(requires?.conflicts ?? {});
  const lines: React.ReactNode[] = [text('gap.graph', ' '), <Text key="dependencies" bold>Dependencies{requires ? ` (${deps.length})` : ''}</Text>];
  if (!requires) lines.push(text('deps.unknown', 'the source does not say', 'gray'));
  else if (deps.length === 0) lines.push(text('deps.none', 'none', 'gray'));
  for (const [id, range] of deps) {
    const here = installedVersions[id];
    const state = here === undefined ? 'not installed' : satisfiesRange(here, range, true) ? `${here} installed` : `${here} installed, outside the range`;
    lines.push(text(`dep.${id}`, `${id} ${range} · ${state}`, here === undefined ? 'gray' : satisfiesRange(here, range, true) ? 'green' : 'yellow'));
  }
  for (const [id, range] of conflicts) lines.push(text(`conflict.${id}`, `conflicts with ${id} ${range}`, 'yellow'));
  if (requires?.provides?.length) lines.push(...wrap(`provides ${requires.provides.join(', ')}`, width).map((l, i) => text(`provides.${i}`, l)));
  lines.push(<Text key="used-by" bold>Used by{dependents ? ` (${dependents.items.length}${dependents.next ? '+' : ''})` : ''}</Text>);
  if (!dependents) lines.push(text('used.unknown', 'the source does not say', 'gray'));
  else if (dependents.items.length === 0) lines.push(text('used.none', 'no plugin depends on it', 'gray'));
  for (const d of dependents?.items ?? []) lines.push(text(`used.${d.plugin_id}`, `${d.plugin_id} ${d.version} needs ${d.range}`));
  if (dependents?.next) lines.push(text('used.more', '… more: loom plugin show lists them', 'gray'));
  return lines;
}

export function detailLines(state: DetailState, width: number, tone: ToneOf): React.ReactNode[] {
  const { detail } = state;
  if (state.error) return wrap(state.error, width).map((l, i) => <Text key={i} color={tone('red')}>{l}</Text>);
  if (!detail) return [<Text key="none" color={tone('gray')}>{state.loading ? 'loading…' : 'Select a plugin to see its details.'}</Text>];
  const { entry, versions, versions_total, downloads_last_30d, deprecated, quality } = detail.details;
  const { community } = detail;
  const capabilities = Object.entries(entry.capabilities).filter(([, on]) => on).map(([name]) => name);
  const daily = community?.stats.daily.map((d) => d.count) ?? [];
  const pin = detail.installed?.requested ? ` (${detail.installed.requested})` : '';
  const past = detail.pastPin ? ` · ${detail.pastPin} past the pin (U)` : '';
  const installed = detail.installed
    ? `${detail.installed.version}${pin}${detail.update ? ` → ${detail.update} available (u)` : past ? '' : ' (up to date)'}${past}`
    : 'no (i installs)';
  const mine = community?.viewerReview;
  const command = `loom plugin install ${entry.id}`;
  const text = (key: string, body: string, color?: Tone) => <Text key={key} color={color && tone(color)} wrap="truncate">{body}</Text>;
  const review = (key: string, rating: number, who: string, comment: string) =>
    wrap(`${who}: ${comment || '(no comment)'}`, width - 6).map((l, i) => (
      <Text key={`${key}.${i}`} wrap="truncate">
        {i === 0 ? <Text color={tone('yellow')}>{stars(rating)}</Text> : '     '} {l}
      </Text>
    ));
  return [
    <Text key="title" bold wrap="truncate">
      {entry.name} <Text color={tone('gray')}>{entry.id}</Text> {entry.version}
      {entry.verified ? <Text color={tone('green')}> ✓ verified</Text> : null}
    </Text>,
    ...(deprecated ? wrap(`Deprecated: ${deprecated.message}`, width).map((l, i) => text(`deprecated.${i}`, l, 'yellow')) : []),
    ...(entry.description ? wrap(entry.description, width).map((l, i) => text(`description.${i}`, l)) : []),
    ...advisoryLines(detail.advisories, detail.installed?.version ?? null, width, text),
    text('gap1', ' '),
    <Field key="installed" label="installed">
      <Text color={detail.update || detail.pastPin ? tone('yellow') : detail.installed ? tone('green') : undefined}>{installed}</Text>
    </Field>,
    <Field key="source" label="source">{detail.row.source} · {entry.provider_type} · {entry.license}</Field>,
    <Field key="category" label="category">{entry.category ?? '-'}</Field>,
    <Field key="author" label="author">{entry.author || '-'}</Field>,
    <Field key="capabilities" label="capabilities">{capabilities.join(', ') || '-'}</Field>,
    <Field key="tags" label="tags">{entry.tags.join(', ') || '-'}</Field>,
    // The command is what gets copied by hand: wrapped, never cut.
    // The command is what gets typed: on a row of its own when the field has no room for it whole, never cut.
    ...(command.length <= width - 13
      ? [<Field key="install" label="install">{command}</Field>]
      : [<Field key="install" label="install">y copies:</Field>, ...wrap(command, width).map((l, i) => text(`command.${i}`, l))]),
    ...(entry.homepage ? wrap(`${entry.homepage} (o opens)`, width - 13).map((l, i) => <Field key={`homepage.${i}`} label={i === 0 ? 'homepage' : ''}>{l}</Field>) : []),
    <Field key="rating" label="rating">
      <Text color={tone('yellow')}>{stars(entry.rating, entry.reviews)}</Text> {entry.reviews ? `${entry.rating.toFixed(1)} (${entry.reviews})` : 'not rated yet'}
      {community ? ` · ${community.stats.stars} stars${community.viewerHasStarred ? ' (yours)' : ''}` : ''}
    </Field>,
    <Field key="downloads" label="downloads">
      {compactCount(entry.downloads)}
      {downloads_last_30d !== null ? ` · ${compactCount(downloads_last_30d)} in 30 days ` : ' '}
      <Text color={tone('cyan')}>{daily.length ? sparkline(daily) : ''}</Text>
    </Field>,
    ...(quality
      ? [
          <Field key="quality" label="quality">{qualityLine(quality)}</Field>,
          ...quality.items.map((item) => (
            <Text key={`quality.${item.id}`} wrap="truncate">
              {'             '}
              <Text color={tone(item.passed ? 'green' : 'red')}>{item.passed ? '✓' : '✗'}</Text> {item.label}
            </Text>
          )),
        ]
      : []),
    text('gap2', ' '),
    <Text key="reviews" bold>Reviews{community ? ` (${community.reviews.totalCount})` : ''}</Text>,
    ...(detail.communityError ? wrap(detail.communityError, width).map((l, i) => text(`community.${i}`, l, 'red')) : []),
    ...(!community && !detail.communityError ? [text('no-reviews', 'this source has no reviews', 'gray')] : []),
    ...(mine ? review('mine', mine.rating, `you${mine.hidden ? ' (hidden by a moderator)' : ''} (r edits)`, mine.comment) : []),
    ...(community && !mine && community.reviews.nodes.length === 0 ? [text('first', 'none yet: r writes the first', 'gray')] : []),
    ...(community?.reviews.nodes.filter((r) => r.id !== mine?.id).flatMap((r) => review(r.id, r.rating, r.author?.username ?? 'someone', r.comment)) ?? []),
    ...(community && community.reviews.totalCount > community.reviews.nodes.length
      ? [text('more-reviews', `… ${community.reviews.totalCount - community.reviews.nodes.length} more (m shows more)`, 'gray')]
      : []),
    text('gap3', ' '),
    <Text key="versions" bold>Versions ({versions_total})</Text>,
    ...versions.map((v) => (
      <Text key={`v.${v.version}`} wrap="truncate" color={v.yanked_reason ? tone('red') : undefined}>
        <Text strikethrough={Boolean(v.yanked_reason)}>{fit(v.version, 14, true)}</Text> {v.published_at?.slice(0, 10) ?? ''}
        {v.yanked_reason ? ` (yanked: ${v.yanked_reason})` : v.prerelease ? ' (pre)' : ''}
        {v.changes && !v.yanked_reason ? <Text color={tone('gray')}> {v.changes}</Text> : null}
      </Text>
    )),
    ...(versions_total > versions.length ? [text('more-versions', `… ${versions_total - versions.length} older`, 'gray')] : []),
    ...graphLines(detail, width, text),
  ];
}

/** A window of a detail's rows from `top`, with a row that says where the window is when the detail is taller. */
export function DetailPane(props: { readonly lines: readonly React.ReactNode[]; readonly top: number; readonly rows: number; readonly width: number; readonly height: number; readonly focused: boolean }) {
  const tone = useTone();
  const { lines, top, rows } = props;
  const taller = lines.length > rows;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" borderStyle="single" borderColor={props.focused ? tone('cyan') : tone('gray')} paddingX={1}>
      <Box flexDirection="column" flexShrink={0}>
        {lines.slice(top, top + rows)}
        {taller ? (
          <Text color={tone('gray')} wrap="truncate">
            ── {top + 1}-{Math.min(lines.length, top + rows)} of {lines.length} · {props.focused ? 'j/k PgUp/PgDn g/G scroll' : 'Enter, then j/k scrolls'}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}

export function Footer(props: { readonly focus: Focus; readonly width: number }) {
  const tone = useTone();
  const parts = hints(props.focus);
  // Each hint takes its keys, a space, its label and the gap before the next; a narrow terminal gets one-space gaps.
  const length = (gap: number) => parts.reduce((n, p) => n + p.keys.length + p.label.length + 1 + gap, -gap);
  const gap = length(2) <= props.width ? 2 : 1;
  let used = -gap;
  const shown = parts.filter((p) => (used += p.keys.length + p.label.length + 1 + gap) <= props.width);
  return (
    <Box width={props.width}>
      <Text wrap="truncate">
        {shown.map((p) => (
          <Text key={`${p.keys}${p.label}`}>
            <Text bold color={tone('cyan')}>{p.keys}</Text> {p.label}{' '.repeat(gap)}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
