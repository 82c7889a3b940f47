import { Box, Text } from 'ink';
import { createContext, useContext } from 'react';
import { KEYMAP, hints, type Mode } from './logic/keymap.js';
import { compactCount, fit, sparkline, stars } from './logic/format.js';
import type { Detail, Row } from './registry.js';

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
      <Text bold color={tone('cyan')}>loom </Text>
      <Text color={props.focused ? tone('yellow') : undefined}>/ </Text>
      <Text inverse={props.focused}>{fit(box || (props.focused ? '' : 'type / to search'), Math.max(10, Math.min(40, props.width - 50)), true)}</Text>
      <Text> </Text>
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

export function DetailPane(props: { readonly detail: Detail | null; readonly loading: boolean; readonly error: string | null; readonly width: number; readonly height: number; readonly focused: boolean }) {
  const tone = useTone();
  const { detail } = props;
  const frame = (children: React.ReactNode) => (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden" borderStyle="single" borderColor={props.focused ? tone('cyan') : tone('gray')} paddingX={1}>
      <Box flexDirection="column" flexShrink={0}>
        {children}
      </Box>
    </Box>
  );
  if (props.error) return frame(<Text color={tone('red')}>{props.error}</Text>);
  if (!detail) return frame(<Text color={tone('gray')}>{props.loading ? 'loading…' : 'Select a plugin to see its details.'}</Text>);
  const { entry, versions, versions_total, downloads_last_30d, deprecated } = detail.details;
  const capabilities = Object.entries(entry.capabilities).filter(([, on]) => on).map(([name]) => name);
  const daily = detail.community?.stats.daily.map((d) => d.count) ?? [];
  const installed = detail.installed ? `${detail.installed.version}${detail.update ? ` → ${detail.update} available (u)` : ' (up to date)'}` : 'no (i installs)';
  return frame(
    <>
      <Text bold wrap="truncate">
        {entry.name} <Text color={tone('gray')}>{entry.id}</Text> {entry.version}
        {entry.verified ? <Text color={tone('green')}> ✓ verified</Text> : null}
      </Text>
      {deprecated ? <Text color={tone('yellow')} wrap="truncate">Deprecated: {deprecated.message}</Text> : null}
      <Text wrap="wrap">{fit(entry.description, (props.width - 4) * 2)}</Text>
      <Field label="installed">
        <Text color={detail.update ? tone('yellow') : detail.installed ? tone('green') : undefined}>{installed}</Text>
      </Field>
      <Field label="source">{detail.row.source} · {entry.provider_type} · {entry.license}</Field>
      <Field label="capabilities">{capabilities.join(', ') || '-'}</Field>
      <Field label="install">{entry.install.type} · loom plugin install {entry.id}</Field>
      <Field label="rating">
        <Text color={tone('yellow')}>{stars(entry.rating, entry.reviews)}</Text> {entry.reviews ? `${entry.rating.toFixed(1)} (${entry.reviews})` : 'not rated yet'}
        {detail.community ? ` · ${detail.community.stats.stars} stars${detail.community.viewerHasStarred ? ' (yours)' : ''}` : ''}
      </Field>
      <Field label="downloads">
        {compactCount(entry.downloads)}
        {downloads_last_30d !== null ? ` · ${compactCount(downloads_last_30d)} in 30 days ` : ' '}
        <Text color={tone('cyan')}>{daily.length ? sparkline(daily) : ''}</Text>
      </Field>
      <Field label={`versions ${versions_total}`}>
        {versions.slice(0, 6).map((v, i) => (
          <Text key={v.version} color={v.yanked_reason ? tone('red') : undefined} strikethrough={Boolean(v.yanked_reason)}>
            {i ? ', ' : ''}
            {v.version}
            {v.yanked_reason ? ' (yanked)' : v.prerelease ? ' (pre)' : ''}
          </Text>
        ))}
      </Field>
      <Text bold>Reviews{detail.community ? ` (${detail.community.reviews.totalCount})` : ''}</Text>
      {detail.communityError ? <Text color={tone('red')} wrap="truncate">{detail.communityError}</Text> : null}
      {!detail.community && !detail.communityError ? <Text color={tone('gray')}>this source has no reviews</Text> : null}
      {detail.community?.reviews.nodes.length === 0 ? <Text color={tone('gray')}>none yet: r writes the first</Text> : null}
      {detail.community?.reviews.nodes.map((r, i) => (
        <Text key={i} wrap="truncate">
          <Text color={tone('yellow')}>{stars(r.rating)}</Text> {r.author?.username ?? 'someone'}: {r.comment || '(no comment)'}
        </Text>
      ))}
    </>,
  );
}

export function Footer(props: { readonly mode: Mode; readonly width: number }) {
  const tone = useTone();
  const parts = hints(props.mode);
  let used = 0;
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

export function HelpOverlay(props: { readonly width: number; readonly height: number }) {
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
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle="round" borderColor={tone('cyan')} paddingX={1} overflow="hidden">
      <Box flexDirection="column" flexShrink={0}>
        <Text bold>Keys (Esc or ? closes)</Text>
        <Text wrap="truncate">
          Type in the search box; words like <Text bold>tag:local</Text> or <Text bold>is:verified</Text> filter. Enter moves to the results.
        </Text>
        <Box>
          {column(rows.slice(0, half))}
          {column(rows.slice(half))}
        </Box>
      </Box>
    </Box>
  );
}

export function ReviewForm(props: { readonly id: string; readonly rating: number; readonly comment: string; readonly width: number }) {
  const tone = useTone();
  return (
    <Box flexDirection="column" width={props.width} borderStyle="round" borderColor={tone('yellow')} paddingX={1}>
      <Text bold>Review {props.id}</Text>
      <Text>
        rating <Text color={tone('yellow')}>{stars(props.rating)}</Text> {props.rating}/5 <Text color={tone('gray')}>(1-5 or ←/→)</Text>
      </Text>
      <Text wrap="truncate">comment {props.comment}█</Text>
      <Text color={tone('gray')}>Enter saves · Esc cancels</Text>
    </Box>
  );
}
