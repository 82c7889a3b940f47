import { Box, Text } from 'ink';
import { createContext, useContext } from 'react';
import { CAPABILITY_NAMES } from '../../domain/capabilities.js';
import { CATEGORY_NAMES } from '../../domain/plugin.js';
import { KEYMAP, hints, type Mode } from './logic/keymap.js';
import type { DetailState } from './hooks.js';
import { compactCount, fit, sparkline, stars, wrap } from './logic/format.js';
import type { Row } from './registry.js';

/** Colour names, or nothing under NO_COLOR: every coloured text goes through `useTone`. */
export const ColorContext = createContext(true);
type Tone = 'green' | 'yellow' | 'red' | 'cyan' | 'gray' | 'magenta';
export function useTone(): (tone: Tone) => Tone | undefined {
  const on = useContext(ColorContext);
  return (tone) => (on ? tone : undefined);
}

export function Header(props: { readonly text: string; readonly focused: boolean; readonly status: string; readonly loading: boolean; readonly width: number }) {
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
      <Text color={tone('gray')} wrap="truncate">{props.loading ? '⠋ loading… ' : ''}{props.status}</Text>
    </Box>
  );
}

/** Columns that fit the width: name and id always; the rest as room allows. */
export function rowText(row: Row, width: number): string {
  const version = fit(row.version, 9, true);
  const rating = row.reviews ? stars(row.rating) : stars(0, 0);
  const downloads = compactCount(row.downloads).padStart(6);
  const badge = row.verified ? '✓' : ' ';
  const mark = row.installed ? '●' : ' ';
  const fixed = `${mark} ${version} ${rating} ${downloads} ${badge}`;
  const rest = width - fixed.length - 2;
  const extra = rest >= 70 ? 2 : rest >= 55 ? 1 : 0;
  const tail = extra === 2 ? ` ${fit(row.provider_type, 10, true)} ${fit(row.source, 10, true)}` : extra === 1 ? ` ${fit(row.source, 10, true)}` : '';
  const names = rest - tail.length - 2;
  const nameWidth = Math.max(8, Math.floor(names * 0.5));
  const idWidth = Math.max(8, names - nameWidth - 1);
  return fit(`${fit(row.name, nameWidth, true)} ${fit(row.id, idWidth, true)} ${fixed}${tail}`, width - 2, true);
}

export function ResultList(props: { readonly rows: readonly Row[]; readonly start: number; readonly end: number; readonly cursor: number; readonly focused: boolean; readonly width: number; readonly height: number; readonly empty: string }) {
  const tone = useTone();
  if (props.rows.length === 0) {
    return (
      <Box width={props.width} height={props.height}>
        <Text color={tone('gray')}>{props.empty}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      {props.rows.slice(props.start, props.end).map((row, i) => {
        const index = props.start + i;
        const selected = index === props.cursor;
        return (
          <Text key={`${row.source}/${row.id}`} inverse={selected && props.focused} bold={selected} color={row.installed && !selected ? tone('green') : undefined} wrap="truncate">
            {selected ? '▸ ' : '  '}
            {rowText(row, props.width)}
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

/**
 * A detail as one element per screen row, so the pane can show any window of it: long text is wrapped here,
 * every other row is cut to the width.
 */
export function detailLines(state: DetailState, width: number, tone: ToneOf): React.ReactNode[] {
  const { detail } = state;
  if (state.error) return wrap(state.error, width).map((l, i) => <Text key={i} color={tone('red')}>{l}</Text>);
  if (!detail) return [<Text key="none" color={tone('gray')}>{state.loading ? 'loading…' : 'Select a plugin to see its details.'}</Text>];
  const { entry, versions, versions_total, downloads_last_30d, deprecated } = detail.details;
  const { community } = detail;
  const capabilities = Object.entries(entry.capabilities).filter(([, on]) => on).map(([name]) => name);
  const daily = community?.stats.daily.map((d) => d.count) ?? [];
  const installed = detail.installed ? `${detail.installed.version}${detail.update ? ` → ${detail.update} available (u)` : ' (up to date)'}` : 'no (i installs)';
  const mine = community?.viewerReview;
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
    text('gap1', ' '),
    <Field key="installed" label="installed">
      <Text color={detail.update ? tone('yellow') : detail.installed ? tone('green') : undefined}>{installed}</Text>
    </Field>,
    <Field key="source" label="source">{detail.row.source} · {entry.provider_type} · {entry.license}</Field>,
    <Field key="category" label="category">{entry.category ?? '-'}</Field>,
    <Field key="author" label="author">{entry.author || '-'}</Field>,
    <Field key="capabilities" label="capabilities">{capabilities.join(', ') || '-'}</Field>,
    <Field key="tags" label="tags">{entry.tags.join(', ') || '-'}</Field>,
    <Field key="install" label="install">{entry.install.type} · loom plugin install {entry.id}</Field>,
    ...(entry.homepage ? [<Field key="homepage" label="homepage">{entry.homepage}</Field>] : []),
    <Field key="rating" label="rating">
      <Text color={tone('yellow')}>{stars(entry.rating, entry.reviews)}</Text> {entry.reviews ? `${entry.rating.toFixed(1)} (${entry.reviews})` : 'not rated yet'}
      {community ? ` · ${community.stats.stars} stars${community.viewerHasStarred ? ' (yours)' : ''}` : ''}
    </Field>,
    <Field key="downloads" label="downloads">
      {compactCount(entry.downloads)}
      {downloads_last_30d !== null ? ` · ${compactCount(downloads_last_30d)} in 30 days ` : ' '}
      <Text color={tone('cyan')}>{daily.length ? sparkline(daily) : ''}</Text>
    </Field>,
    text('gap2', ' '),
    <Text key="reviews" bold>Reviews{community ? ` (${community.reviews.totalCount})` : ''}</Text>,
    ...(detail.communityError ? wrap(detail.communityError, width).map((l, i) => text(`community.${i}`, l, 'red')) : []),
    ...(!community && !detail.communityError ? [text('no-reviews', 'this source has no reviews', 'gray')] : []),
    ...(mine ? review('mine', mine.rating, `you${mine.hidden ? ' (hidden by a moderator)' : ''} (r edits)`, mine.comment) : []),
    ...(community && !mine && community.reviews.nodes.length === 0 ? [text('first', 'none yet: r writes the first', 'gray')] : []),
    ...(community?.reviews.nodes.filter((r) => r.id !== mine?.id).flatMap((r) => review(r.id, r.rating, r.author?.username ?? 'someone', r.comment)) ?? []),
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

export function Footer(props: { readonly mode: Mode; readonly width: number }) {
  const tone = useTone();
  const parts = hints(props.mode);
  // Each hint takes its keys, a space, its label and two spaces before the next; the last needs no spaces after it.
  let used = -2;
  const shown = parts.filter((p) => (used += p.keys.length + p.label.length + 3) <= props.width);
  return (
    <Box width={props.width}>
      <Text wrap="truncate">
        {shown.map((p) => (
          <Text key={`${p.keys}${p.label}`}>
            <Text bold color={tone('cyan')}>{p.keys}</Text> {p.label}{'  '}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

export function HelpOverlay(props: { readonly width: number; readonly height: number; readonly filters: readonly string[] }) {
  const tone = useTone();
  const seen = new Set<string>();
  const rows = KEYMAP.filter((b) => !seen.has(b.keys) && seen.add(b.keys));
  const half = Math.ceil(rows.length / 2);
  const column = (part: typeof rows) => (
    <Box flexDirection="column" width={Math.floor((props.width - 4) / 2)} flexShrink={0}>
      {part.map((b) => (
        <Text key={b.keys} wrap="truncate">
          <Text bold color={tone('cyan')}>{b.keys.padEnd(8)}</Text>
          {b.label}
        </Text>
      ))}
    </Box>
  );
  const word = (w: string) => <Text bold>{w}</Text>;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle="round" borderColor={tone('cyan')} paddingX={1} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        <Text bold>Keys (Esc or ? closes)</Text>
        <Text wrap="truncate">Type to search; Enter moves to the results. Words in the box filter:</Text>
        <Text wrap="truncate">
          {'  '}{word('tag:local')} {word('is:verified')} {word('cat:')}category {word('has:')}capability (or category:, cap:)
        </Text>
        <Text wrap="truncate" color={tone('gray')}>{'  '}categories: {CATEGORY_NAMES.join(' ')}</Text>
        <Text wrap="truncate" color={tone('gray')}>{'  '}capabilities: {CAPABILITY_NAMES.join(' ')}</Text>
        <Text wrap="truncate">
          Filtering now: <Text color={tone('yellow')}>{props.filters.join(' ') || 'nothing'}</Text>
        </Text>
        <Box>
          {column(rows.slice(0, half))}
          {column(rows.slice(half))}
        </Box>
      </Box>
    </Box>
  );
}

export function ReviewForm(props: { readonly id: string; readonly rating: number; readonly comment: string; readonly editing: boolean; readonly hidden: boolean; readonly width: number }) {
  const tone = useTone();
  // Four rows of comment at most, ending at the cursor: a long review being edited must not push the footer off.
  const room = (props.width - 4) * 4 - 10;
  const comment = props.comment.length > room ? `…${props.comment.slice(-(room - 1))}` : props.comment;
  return (
    <Box flexDirection="column" width={props.width} borderStyle="round" borderColor={tone('yellow')} paddingX={1}>
      <Text bold>{props.editing ? `Edit your review of ${props.id}` : `Review ${props.id}`}</Text>
      {props.hidden ? <Text color={tone('yellow')}>A moderator hid this review; editing it does not show it again.</Text> : null}
      <Text>
        rating <Text color={tone('yellow')}>{stars(props.rating)}</Text> {props.rating}/5 <Text color={tone('gray')}>({props.comment ? '←/→' : '1-5 or ←/→'})</Text>
      </Text>
      <Text wrap="wrap">comment {comment}█</Text>
      <Text color={tone('gray')}>Enter saves · Esc cancels{props.comment ? ' · Ctrl-U clears the comment' : ''}</Text>
    </Box>
  );
}
