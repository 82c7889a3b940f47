import { Box, Text, useApp, useInput, useWindowSize, type Key } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import { CliError } from '../errors.js';
import { useDetail, useSearch } from './hooks.js';
import { actionFor, type Action, type Mode } from './logic/keymap.js';
import { initialList, listReducer, settle, visible, type ListAction, type ListState } from './logic/list.js';
import { initialFilters, nextSort, nextSource, sortLabel, type Filters } from './logic/query.js';
import type { Registry, Row } from './registry.js';
import { ColorContext, DetailPane, Footer, Header, HelpOverlay, ResultList, ReviewForm, useTone } from './views.js';

/** From this width the detail pane sits beside the list; below it, it replaces the list. */
export const WIDE = 120;

type Overlay = { kind: 'help' } | { kind: 'confirm'; row: Row } | { kind: 'review'; row: Row; rating: number; comment: string } | null;

interface Status {
  text: string;
  tone: 'green' | 'red' | 'yellow' | 'gray';
}

function message(err: unknown): string {
  if (err instanceof CliError && err.hint) return `${err.message} (${err.hint})`;
  return err instanceof Error ? err.message : String(err);
}

const printable = (input: string, key: Key) => input.length > 0 && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(input);
const erases = (key: Key) => key.backspace || key.delete;

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

  const move = (action: ListAction) => setList((s) => listReducer(settle(s, results.length, listHeight), action, results.length, listHeight));

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
        if (action === 'review') return setOverlay({ kind: 'review', row, rating: 5, comment: '' });
        const starred = detail.detail?.row.id === row.id ? (detail.detail.community?.viewerHasStarred ?? false) : false;
        return run(starred ? `Unstarring ${row.id}` : `Starring ${row.id}`, () => registry.star(row, !starred));
      }
    }
  };

  useInput((input, key) => {
    const { mode, overlay } = now.current;
    if (overlay?.kind === 'review') {
      const o = overlay;
      if (key.escape) return setOverlay(null);
      if (key.return) {
        setOverlay(null);
        return run(`Saving your review of ${o.row.id}`, () => registry.review(o.row, o.rating, o.comment));
      }
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
  });

  const total = search.results?.total ?? 0;
  const summary = [
    search.results ? `${results.length}${total > results.length ? ` of ${total}` : ''} plugin${total === 1 ? '' : 's'}` : '',
    `sort ${sortLabel(filters.sort)}`,
    filters.verified ? 'verified only' : '',
    `source ${filters.source ?? 'all'}`,
  ].filter(Boolean).join(' · ');
  const failures = search.results?.failures ?? [];
  const line: Status | null = search.error
    ? { text: search.error, tone: 'red' }
    : status ?? (failures.length ? { text: `could not read ${failures.join('; ')}`, tone: 'yellow' } : null);

  const { start, end } = visible(cursor, results.length, listHeight);
  const listWidth = wide ? Math.floor(columns * 0.55) : columns;
  const empty = search.results ? (text ? `No plugins match "${text}". Fewer words, or Esc and / to start again.` : 'No plugins in the enabled sources.') : search.error ? '' : 'loading…';

  let body: React.ReactNode;
  if (overlay?.kind === 'help') body = <HelpOverlay width={columns} height={bodyHeight} />;
  else if (!wide && mode === 'detail') body = <DetailPane detail={detail.detail} loading={detail.loading} error={detail.error} width={columns} height={bodyHeight} focused />;
  else {
    body = (
      <Box>
        <ResultList rows={results} start={start} end={end} cursor={cursor.cursor} focused={mode !== 'search'} width={listWidth} height={listHeight} empty={empty} />
        {wide ? <DetailPane detail={detail.detail} loading={detail.loading} error={detail.error} width={columns - listWidth} height={bodyHeight} focused={mode === 'detail'} /> : null}
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
      {overlay?.kind === 'review' ? <ReviewForm id={overlay.row.id} rating={overlay.rating} comment={overlay.comment} width={columns} /> : body}
      <Footer mode={overlay ? 'detail' : mode} width={columns} />
    </Box>
  );
}
