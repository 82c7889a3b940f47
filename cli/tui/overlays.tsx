import { Box, Text } from 'ink';
import { CAPABILITY_NAMES } from '../../domain/capabilities.js';
import { CATEGORY_NAMES } from '../../domain/plugin.js';
import { stars } from './logic/format.js';
import { KEYMAP } from './logic/keymap.js';
import type { ReviewForm } from './logic/review.js';
import type { Row } from './registry.js';
import { useTone } from './views.js';

/**
 * The overlays: each takes the keyboard while open, with its own bindings in keymap.ts (HELP_KEYS, CONFIRM_KEYS,
 * VERSION_KEYS, REVIEW_KEYS) that the footer shows instead of the list's.
 */

/** The browsing keys in columns as the width allows; a terminal too short for them all scrolls them with j/k. */
export function HelpOverlay(props: { readonly width: number; readonly height: number; readonly filters: readonly string[]; readonly top: number }) {
  const tone = useTone();
  const seen = new Set<string>();
  const rows = KEYMAP.filter((b) => !seen.has(b.keys) && seen.add(b.keys));
  const inner = props.width - 4;
  const count = Math.max(1, Math.min(3, Math.floor(inner / 25)));
  const per = Math.ceil(rows.length / count);
  // Inside the border: six rows of text above the keys, and one saying there is more when there is.
  const room = Math.max(1, props.height - 8);
  const window = per > room ? room - 1 : room;
  const top = Math.max(0, Math.min(props.top, per - window));
  const pad = Math.max(...rows.map((b) => b.keys.length)) + 1;
  const column = (part: typeof rows, i: number) => (
    <Box key={i} flexDirection="column" width={Math.floor(inner / count)} flexShrink={0}>
      {part.slice(top, top + window).map((b) => (
        <Text key={b.keys} wrap="truncate">
          <Text bold color={tone('cyan')}>{b.keys.padEnd(pad)}</Text>
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
          {'  '}{word('tag:local')} {word('is:verified')} {word('is:installed')} {word('is:outdated')} {word('cat:')}category {word('has:')}capability
        </Text>
        <Text wrap="truncate" color={tone('gray')}>{'  '}categories: {CATEGORY_NAMES.join(' ')}</Text>
        <Text wrap="truncate" color={tone('gray')}>{'  '}capabilities: {CAPABILITY_NAMES.join(' ')}</Text>
        <Text wrap="truncate">
          Filtering now: <Text color={tone('yellow')}>{props.filters.join(' ') || 'nothing'}</Text>
        </Text>
        <Box>{Array.from({ length: count }, (_, i) => column(rows.slice(i * per, (i + 1) * per), i))}</Box>
        {per > room ? (
          <Text color={tone('gray')} wrap="truncate">
            ── {top + 1}-{Math.min(per, top + window)} of {per} · j/k scroll
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}

export function ConfirmRemove(props: { readonly row: Row }) {
  const tone = useTone();
  return (
    <Text color={tone('yellow')} wrap="truncate">
      Remove {props.row.id} {props.row.installed}? y removes, any other key keeps it
    </Text>
  );
}

export function ReviewFormView(props: { readonly id: string; readonly form: ReviewForm; readonly width: number }) {
  const tone = useTone();
  const { form } = props;
  const chars = [...form.comment];
  // Four rows of comment at most, around the cursor: a long review being edited must not push the footer off.
  const room = (props.width - 4) * 4 - 10;
  const from = Math.max(0, Math.min(form.at - Math.floor(room / 2), chars.length - room));
  const before = chars.slice(from, form.at).join('');
  const after = chars.slice(form.at, from + room).join('');
  const onComment = form.field === 'comment';
  return (
    <Box flexDirection="column" width={props.width} borderStyle="round" borderColor={tone('yellow')} paddingX={1}>
      <Text bold>{form.editing ? `Edit your review of ${props.id}` : `Review ${props.id}`}</Text>
      {form.hidden ? <Text color={tone('yellow')}>A moderator hid this review; editing it does not show it again.</Text> : null}
      <Text>
        <Text inverse={!onComment}>rating</Text> <Text color={tone('yellow')}>{stars(form.rating)}</Text> {form.rating}/5{' '}
        <Text color={tone('gray')}>{onComment ? '(Tab to change)' : '(1-5 or ←/→; type to comment)'}</Text>
      </Text>
      <Text wrap="wrap">
        <Text inverse={onComment}>comment</Text> {from > 0 ? '…' : ''}{before}{onComment ? '█' : ''}{after}
      </Text>
    </Box>
  );
}

/** The versions of a plugin to install one of (which pins it, as `loom plugin install id@version` does). */
export function VersionPicker(props: { readonly id: string; readonly versions: readonly string[]; readonly cursor: number; readonly installed: string | null; readonly width: number; readonly height: number }) {
  const tone = useTone();
  const rows = Math.max(1, props.height - 3);
  const start = Math.max(0, Math.min(props.cursor - Math.floor(rows / 2), props.versions.length - rows));
  return (
    <Box flexDirection="column" width={props.width} height={props.height} borderStyle="round" borderColor={tone('cyan')} paddingX={1} overflow="hidden">
      <Text bold wrap="truncate">Install a version of {props.id} (it stays pinned: u keeps it, U moves past it)</Text>
      {props.versions.slice(start, start + rows).map((v, i) => {
        const selected = start + i === props.cursor;
        return (
          <Text key={v} inverse={selected} wrap="truncate">
            {selected ? '▸ ' : '  '}
            {v}
            {v === props.installed ? ' (installed)' : ''}
          </Text>
        );
      })}
    </Box>
  );
}
