import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import { CliError } from '../errors.js';
import { useDetail, useSearch } from './hooks.js';
import { actionFor, type Action, type KeyPress, type Mode } from './logic/keymap.js';
import { keyPresses } from './logic/keys.js';
import { initialList, listReducer, paneRows, scrollPane, settle, visible, type ListAction, type ListState } from './logic/list.js';
import { activeFilters, initialFilters, nextCategory, nextSort, nextSource, sortLabel, type Filters } from './logic/query.js';
import type { OwnReview, Registry, Row } from './registry.js';
import { ColorContext, DetailPane, detailLines, Footer, Header, HelpOverlay, ResultList, ReviewForm, useTone } from './views.js';

/** From this width the detail pane sits beside the list; below it, it replaces the list. */
export const WIDE = 120;

type ReviewOverlay = { kind: 'review'; row: Row; rating: number; comment: string; editing: boolean; hidden: boolean };
type Overlay = { kind: 'help' } | { kind: 'confirm'; row: Row } | ReviewOverlay | null;

/** The review form, started from the caller's own review when there is one. */
const reviewForm = (row: Row, own: OwnReview | null): ReviewOverlay => ({
  kind: 'review',
  row,
  rating: own?.rating ?? 5,
  comment: own?.comment ?? '',
  editing: own !== null,
  hidden: own?.hidden ?? false,
});

interface Status {
  text: string;
  tone: 'green' | 'red' | 'yellow' | 'gray';
}

function message(err: unknown): string {
  if (err instanceof CliError && err.hint) return `${err.message} (${err.hint})`;
  return err instanceof Error ? err.message : String(err);
}

const printable = (input: string, key: KeyPress) => input.length > 0 && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(input);
const erases = (key: KeyPress) => key.backspace || key.delete;

export interface AppProps {
  readonly registry: Registry;
  readonly color: boolean;
  /** Opening text for the search box (`loom plugin browse <words>`). */
  readonly query?: string;
}

export function App(props: AppProps) {
  return (
    <ColorContext.Provider value={props.color}>
      <Browser registry={props.registry} query={props.query ?? ''} />
    </ColorContext.Provider>
  );
}

function Browser(props: { readonly registry: Registry; readonly query: string }) {
  const { registry } = props;
  const { exit } = useApp();
  const tone = useTone();
  const size = useWindowSize();
  const columns = Math.max(40, size.columns || 80);
  const rows = Math.max(10, size.rows || 24);
  const wide = columns >= WIDE;

  const [mode, setModeState] = useState<Mode>(props.query ? 'list' : 'search');
  const [text, setText] = useState(props.query);
  const [filters, setFilters] = useState<Filters>(initialFilters);
  const [list, setList] = useState<ListState>(initialList);
  const [overlay, setOverlayState] = useState<Overlay>(null);
  // Keys typed faster than a render (a paste, tmux send-keys) must see the mode and overlay the previous key set.
  const now = useRef({ mode, overlay });
  const setMode = (m: Mode) => {
    now.current.mode = m;
    setModeState(m);
  };
  const setOverlay = (o: Overlay) => {
    now.current.overlay = o;
    setOverlayState(o);
  };
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  // A broken config.yaml must not stop the screen: the search reports the same error in place.
  const sources = useMemo(() => {
    try {
      return registry.sourceNames();
    } catch {
      return [];
    }
  }, [registry]);

  const search = useSearch(registry, text, filters, reload);
  const results = search.results?.rows ?? [];
  const bodyHeight = rows - 3;
  const listHeight = bodyHeight;
  const cursor = settle(list, results.length, listHeight);
  const current = results[cursor.cursor];
  const showDetail = wide || mode === 'detail';
  const detail = useDetail(registry, current, showDetail, reload);

  const listWidth = wide ? Math.floor(columns * 0.55) : columns;
  const paneWidth = wide ? columns - listWidth : columns;
  // Inside the pane's border and padding.
  const lines = detailLines(detail, paneWidth - 4, tone);
  const paneHeight = paneRows(lines.length, bodyHeight - 2);
  // The scroll position belongs to one plugin: another selection starts at its top.
  const [scroll, setScroll] = useState({ key: '', top: 0 });
  const rowKey = current ? `${current.source}/${current.id}` : '';
  // Moving by nothing keeps the position inside a detail that got shorter or a terminal that got taller.
  const top = scroll.key === rowKey ? scrollPane(scroll.top, { type: 'move', by: 0 }, lines.length, paneHeight) : 0;

  const move = (action: ListAction) => {
    if (now.current.mode === 'detail') return setScroll((s) => ({ key: rowKey, top: scrollPane(s.key === rowKey ? s.top : 0, action, lines.length, paneHeight) }));
    setList((s) => listReducer(settle(s, results.length, listHeight), action, results.length, listHeight));
  };

  /** Runs a write, showing progress and then its outcome (or error) in the status line; never throws. */
  const run = useCallback(
    (label: string, work: () => Promise<string>) => {
      if (busy) return;
      setBusy(true);
      setStatus({ text: `${label}…`, tone: 'gray' });
      registry.takeNotes();
      work().then(
        (done) => {
          const notes = registry.takeNotes();
          setStatus({ text: [done, ...notes].join(' · '), tone: notes.length ? 'yellow' : 'green' });
        },
        (err: unknown) => setStatus({ text: message(err), tone: 'red' }),
      ).finally(() => {
        setBusy(false);
        setReload((n) => n + 1);
      });
    },
    [busy, registry],
  );

  /** Opens the review form on the caller's own review: from the detail on screen, else asked of the server first. */
  const openReview = (row: Row) => {
    const shown = detail.detail?.row.id === row.id && detail.detail.row.source === row.source ? detail.detail.community : null;
    if (shown) return setOverlay(reviewForm(row, shown.viewerReview ?? null));
    setStatus({ text: `Reading your review of ${row.id}…`, tone: 'gray' });
    registry.ownReview(row).then(
      (own) => {
        setStatus(null);
        setOverlay(reviewForm(row, own));
      },
      (err: unknown) => setStatus({ text: message(err), tone: 'red' }),
    );
  };

  const perform = (action: Action) => {
    const mode = now.current.mode;
    switch (action) {
      case 'quit':
        return exit();
      case 'help':
        return setOverlay({ kind: 'help' });
      case 'focusSearch':
        return setMode('search');
      case 'up':
        return mode === 'search' ? undefined : move({ type: 'move', by: -1 });
      case 'down':
        return mode === 'search' ? setMode('list') : move({ type: 'move', by: 1 });
      case 'pageUp':
        return move({ type: 'page', by: -1 });
      case 'pageDown':
        return move({ type: 'page', by: 1 });
      case 'top':
        return move({ type: 'top' });
      case 'bottom':
        return move({ type: 'bottom' });
      case 'submit':
        if (mode === 'search') return setMode('list');
        if (mode === 'list' && current) return setMode('detail');
        return;
      case 'back':
        if (mode === 'detail') return setMode('list');
        if (mode === 'list') return setMode('search');
        if (mode === 'search') return setMode('list');
        return;
      case 'verified':
        return setFilters((f) => ({ ...f, verified: !f.verified }));
      case 'category':
        return setFilters((f) => ({ ...f, category: nextCategory(f.category) }));
      case 'sort':
        return setFilters((f) => ({ ...f, sort: nextSort(f.sort) }));
      case 'source':
        return setFilters((f) => ({ ...f, source: nextSource(f.source, sources) }));
    }
    if (!current) return setStatus({ text: 'no plugin selected', tone: 'yellow' });
    const row = current;
    switch (action) {
      case 'install':
        return run(`Installing ${row.id}`, () => registry.install(row));
      case 'update':
        if (!row.installed) return setStatus({ text: `${row.id} is not installed: i installs it`, tone: 'yellow' });
        return run(`Updating ${row.id}`, () => registry.update(row));
      case 'remove':
        if (!row.installed) return setStatus({ text: `${row.id} is not installed`, tone: 'yellow' });
        return setOverlay({ kind: 'confirm', row });
      case 'review':
      case 'star': {
        const blocked = registry.writeBlocker(row);
        if (blocked) return setStatus({ text: blocked, tone: 'yellow' });
        if (action === 'review') return openReview(row);
        const starred = detail.detail?.row.id === row.id ? (detail.detail.community?.viewerHasStarred ?? false) : false;
        return run(starred ? `Unstarring ${row.id}` : `Starring ${row.id}`, () => registry.star(row, !starred));
      }
    }
  };

  const press = (input: string, key: KeyPress) => {
    const { mode, overlay } = now.current;
    if (overlay?.kind === 'review') {
      const o = overlay;
      if (key.escape) return setOverlay(null);
      if (key.return) {
        setOverlay(null);
        return run(`Saving your review of ${o.row.id}`, () => registry.review(o.row, o.rating, o.comment, o.editing));
      }
      if (key.ctrl && input === 'u') return setOverlay({ ...o, comment: '' });
      if (key.leftArrow) return setOverlay({ ...o, rating: Math.max(1, o.rating - 1) });
      if (key.rightArrow) return setOverlay({ ...o, rating: Math.min(5, o.rating + 1) });
      if (/^[1-5]$/.test(input) && o.comment === '') return setOverlay({ ...o, rating: Number(input) });
      if (erases(key)) return setOverlay({ ...o, comment: o.comment.slice(0, -1) });
      if (key.ctrl && input === 'c') return exit();
      if (printable(input, key)) return setOverlay({ ...o, comment: o.comment + input });
      return;
    }
    if (overlay?.kind === 'confirm') {
      const { row } = overlay;
      setOverlay(null);
      if (input === 'y' || input === 'Y') return run(`Removing ${row.id}`, () => registry.remove(row));
      return setStatus({ text: `kept ${row.id}`, tone: 'gray' });
    }
    if (overlay?.kind === 'help') {
      if (key.escape || input === '?' || input === 'q') setOverlay(null);
      if (key.ctrl && input === 'c') exit();
      return;
    }
    const action = actionFor(mode, { ...key, input });
    if (action) {
      try {
        return perform(action);
      } catch (err) {
        return setStatus({ text: message(err), tone: 'red' });
      }
    }
    if (mode !== 'search') return;
    if (erases(key)) return setText((t) => t.slice(0, -1));
    if (printable(input, key)) setText((t) => t + input);
  };
  useInput((input, key) => {
    for (const k of keyPresses(input, key)) press(k.input, k);
  });

  const total = search.results?.total ?? 0;
  const filtering = activeFilters(search.query);
  // The count and the filters first: a narrow terminal cuts the end of this line.
  const summary = [
    search.results ? `${results.length}${total > results.length ? ` of ${total}` : ''} plugin${total === 1 ? '' : 's'}` : '',
    ...filtering,
    `sort ${sortLabel(filters.sort)}`,
    `source ${filters.source ?? 'all'}`,
  ].filter(Boolean).join(' · ');
  const failures = search.results?.failures ?? [];
  const suggestion = search.results?.didYouMean;
  // What is being typed comes first: a word the query cannot read is why the results did not change.
  const line: Status | null = search.problem
    ? { text: search.problem, tone: 'yellow' }
    : search.error
      ? { text: search.error, tone: 'red' }
      : (status ??
        (failures.length
          ? { text: `could not read ${failures.join('; ')}`, tone: 'yellow' }
          : suggestion
            ? { text: `did you mean "${suggestion}"? showing matches for it`, tone: 'yellow' }
            : null));

  const { start, end } = visible(cursor, results.length, listHeight);
  const asked = [search.query.text, ...filtering].filter(Boolean).join(' ');
  const empty = search.results ? (asked ? `No plugins match "${asked}". Fewer words, or Esc and / to start again.` : 'No plugins in the enabled sources.') : search.error ? '' : 'loading…';

  const pane = (focused: boolean) => <DetailPane lines={lines} top={top} rows={paneHeight} width={paneWidth} height={bodyHeight} focused={focused} />;
  let body: React.ReactNode;
  if (overlay?.kind === 'help') body = <HelpOverlay width={columns} height={bodyHeight} filters={filtering} />;
  else if (!wide && mode === 'detail') body = pane(true);
  else {
    body = (
      <Box>
        <ResultList rows={results} start={start} end={end} cursor={cursor.cursor} focused={mode !== 'search'} width={listWidth} height={listHeight} empty={empty} />
        {wide ? pane(mode === 'detail') : null}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Header text={text} focused={mode === 'search'} status={summary} loading={search.loading || busy} width={columns} />
      <Box width={columns} height={1}>
        {overlay?.kind === 'confirm' ? (
          <Text color={tone('yellow')} wrap="truncate">Remove {overlay.row.id} {overlay.row.installed}? y removes, any other key keeps it</Text>
        ) : line ? (
          <Text color={tone(line.tone)} wrap="truncate">{line.text}</Text>
        ) : (
          <Text> </Text>
        )}
      </Box>
      {overlay?.kind === 'review' ? <ReviewForm id={overlay.row.id} rating={overlay.rating} comment={overlay.comment} editing={overlay.editing} hidden={overlay.hidden} width={columns} /> : body}
      <Footer mode={overlay ? 'list' : mode} width={columns} />
    </Box>
  );
}
