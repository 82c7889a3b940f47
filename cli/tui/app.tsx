import { Box, Text, useApp, useInput, useStdout, useWindowSize } from 'ink';
import { useMemo, useRef, useState } from 'react';
import { CliError } from '../errors.js';
import { useDetail, useSearch, useSpinner } from './hooks.js';
import { detailTop, focusOf, initialState, openManifest, openReview, reviewsShown, rowKey, step, type BrowserState, type Effect, type Status, type View } from './logic/browser.js';
import { wrap } from './logic/format.js';
import { keyPresses } from './logic/keys.js';
import { paneRows, settle, visible } from './logic/list.js';
import { activeFilters, sortLabel } from './logic/query.js';
import { ConfirmRemove, HelpOverlay, ReviewFormView, VersionPicker } from './overlays.js';
import type { Registry, Row } from './registry.js';
import { ColorContext, DetailPane, detailLines, Footer, Header, ResultList, useTone } from './views.js';

/** From this width the detail pane sits beside the list; below it, it replaces the list. */
export const WIDE = 120;
/** Rows of messages at most above the list, by terminal height: a long error is shown whole as far as this allows. */
const messageRoom = (rows: number) => Math.max(2, Math.min(6, Math.floor(rows / 5)));

function message(err: unknown): string {
  if (err instanceof CliError && err.hint) return `${err.message} (${err.hint})`;
  return err instanceof Error ? err.message : String(err);
}

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

/**
 * The browser's state lives in the pure `step` reducer (logic/browser.ts); this component feeds it keys, carries
 * out the effects it asks for (writes, refresh, quit) and draws the views.
 */
function Browser(props: { readonly registry: Registry; readonly query: string }) {
  const { registry } = props;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const tone = useTone();
  const size = useWindowSize();
  const columns = Math.max(40, size.columns || 80);
  const rows = Math.max(10, size.rows || 24);
  const wide = columns >= WIDE;

  const [state, setState] = useState<BrowserState>(() => initialState(props.query));
  // Keys of one burst each see the state the key before them left, before React renders it.
  const now = useRef(state);
  const apply = (f: (s: BrowserState) => BrowserState) => {
    now.current = f(now.current);
    setState(now.current);
  };
  const setStatus = (status: Status | null) => apply((s) => ({ ...s, status }));
  const [busy, setBusy] = useState(false);
  const working = useRef(false);
  const [reload, setReload] = useState(0);
  // A broken config.yaml must not stop the screen: the search reports the same error in place.
  const sources = useMemo(() => {
    try {
      return registry.sourceNames();
    } catch {
      return [];
    }
  }, [registry]);

  const search = useSearch(registry, state.text, state.filters, reload, state.pages);
  const results = search.results?.rows ?? [];
  const total = Math.max(search.results?.total ?? 0, results.length);
  const filtering = activeFilters(search.query, search.local);
  const stale = search.results !== null && (search.answered !== search.asked || search.error !== null);

  // What to say above the list, most pressing first: each whole, as far as the rows allow.
  const failures = search.results?.failures ?? [];
  const suggestion = search.results?.didYouMean;
  const notes: Status[] = [
    ...(search.problem ? [{ text: search.problem, tone: 'yellow' as const }] : []),
    ...(search.error ? [{ text: `${search.error}${stale ? ' · the rows below are from before (R retries)' : ' (R retries)'}`, tone: 'red' as const }] : []),
    ...(state.status ? [state.status] : []),
    ...(!search.error && failures.length ? [{ text: `could not read ${failures.join('; ')}`, tone: 'yellow' as const }] : []),
    ...(suggestion ? [{ text: `did you mean "${suggestion}"? showing matches for it`, tone: 'yellow' as const }] : []),
  ];
  const messageLines = notes.flatMap((n) => wrap(n.text, columns).map((text) => ({ text, tone: n.tone }))).slice(0, messageRoom(rows));
  const messageRows = Math.max(1, messageLines.length);

  const bodyHeight = rows - 2 - messageRows;
  // The list's first row holds the column titles.
  const listHeight = bodyHeight - 1;
  const cursor = settle(state.list, results.length, listHeight);
  const current = results[cursor.cursor];
  const showDetail = wide || state.mode === 'detail';
  const detail = useDetail(registry, current, showDetail, reload, reviewsShown(state, rowKey(current)));

  const listWidth = wide ? Math.floor(columns * 0.55) : columns;
  const paneWidth = wide ? columns - listWidth : columns;
  // Inside the pane's border and padding.
  const lines = detailLines(detail, paneWidth - 4, tone);
  const paneHeight = paneRows(lines.length, bodyHeight - 2);
  const versions = detail.detail && current && rowKey(detail.detail.row) === rowKey(current) ? detail.detail.details.versions.map((v) => v.version) : [];
  const listShown = wide || state.mode !== 'detail';
  // Rows from the top, 1-based as mouse reports count them: the header, the messages, the column titles.
  const view: View = { rows: results, total, listHeight, detailLines: lines.length, paneHeight, sources, versions, listTop: messageRows + 3, listWidth: listShown ? listWidth : 0 };
  const top = detailTop(state, view, rowKey(current));

  /** Runs a write, showing progress and then its outcome (or error) in the status line; never throws. */
  const run = (label: string, work: () => Promise<string>) => {
    if (working.current) return;
    working.current = true;
    setBusy(true);
    setStatus({ text: `${label}…`, tone: 'gray' });
    registry.takeNotes();
    work()
      .then(
        (done) => {
          const notes = registry.takeNotes();
          setStatus({ text: [done, ...notes].join(' · '), tone: notes.length ? 'yellow' : 'green' });
        },
        (err: unknown) => setStatus({ text: message(err), tone: 'red' }),
      )
      .finally(() => {
        working.current = false;
        setBusy(false);
        setReload((n) => n + 1);
      });
  };

  const shownDetail = (row: Row) => (detail.detail && rowKey(detail.detail.row) === rowKey(row) ? detail.detail : null);

  /** Opens the review form on the caller's own review: from the detail on screen, else asked of the server first. */
  const startReview = (row: Row) => {
    const shown = shownDetail(row)?.community;
    if (shown) return apply((s) => openReview(s, row, shown.viewerReview ?? null));
    setStatus({ text: `Reading your review of ${row.id}…`, tone: 'gray' });
    registry.ownReview(row).then(
      (own) => apply((s) => openReview(s, row, own)),
      (err: unknown) => setStatus({ text: message(err), tone: 'red' }),
    );
  };

  const perform = (effect: Effect) => {
    switch (effect.type) {
      case 'quit':
        return exit();
      case 'refresh':
        return setReload((n) => n + 1);
      case 'install':
        return run(`Installing ${effect.row.id}${effect.version ? ` ${effect.version}` : ''}`, () => registry.install(effect.row, effect.version));
      case 'update':
        return run(`Updating ${effect.row.id}${effect.latest ? ' past its pin' : ''}`, () => registry.update(effect.row, effect.latest));
      case 'remove':
        return run(`Removing ${effect.row.id}`, () => registry.remove(effect.row));
      case 'saveReview': {
        const { row, form } = effect;
        return run(`Saving your review of ${row.id}`, () => registry.review(row, form.rating, form.comment, form.editing));
      }
      case 'open':
        return run(`Opening ${effect.row.homepage || 'the homepage'}`, () => registry.open(effect.row));
      case 'manifest': {
        const { row } = effect;
        setStatus({ text: `Reading the manifest of ${row.id}…`, tone: 'gray' });
        registry.manifest(row).then(
          (m) => apply((s) => openManifest(s, row, m.version, m.lines)),
          (err: unknown) => setStatus({ text: message(err), tone: 'red' }),
        );
        return;
      }
      case 'copy':
        return setStatus({ text: registry.copyInstall(effect.row, stdout), tone: 'green' });
      case 'review':
      case 'star': {
        const { row } = effect;
        const blocked = registry.writeBlocker(row);
        if (blocked) return setStatus({ text: blocked, tone: 'yellow' });
        if (effect.type === 'review') return startReview(row);
        const starred = shownDetail(row)?.community?.viewerHasStarred ?? false;
        return run(starred ? `Unstarring ${row.id}` : `Starring ${row.id}`, () => registry.star(row, !starred));
      }
    }
  };

  useInput((input, key) => {
    for (const press of keyPresses(input, key)) {
      const next = step(now.current, press, view);
      apply(() => next.state);
      for (const effect of next.effects) {
        try {
          perform(effect);
        } catch (err) {
          setStatus({ text: message(err), tone: 'red' });
        }
      }
    }
  });

  const spinner = useSpinner(search.loading || busy || detail.loading);
  // The count and the filters first: a narrow terminal cuts the end of this line.
  const summary = [
    search.results ? `${results.length}${total > results.length ? ` of ${total}` : ''} plugin${total === 1 ? '' : 's'}${search.error ? ' (stale)' : ''}` : '',
    ...filtering,
    `sort ${sortLabel(state.filters.sort)}`,
    `source ${state.filters.source ?? 'all'}`,
  ]
    .filter(Boolean)
    .join(' · ');

  const { start, end } = visible(cursor, results.length, listHeight);
  const asked = [search.query.text, ...filtering].filter(Boolean).join(' ');
  const empty = search.results
    ? asked
      ? `No plugins match "${asked}". Fewer words, or Esc to clear the box.`
      : 'No plugins in the enabled sources.'
    : search.error
      ? 'Nothing to show until a source answers (R retries).'
      : `${spinner} loading…`;

  const { overlay, mode } = state;
  const pane = (focused: boolean) => <DetailPane lines={lines} top={top} rows={paneHeight} width={paneWidth} height={bodyHeight} focused={focused} />;
  let body: React.ReactNode;
  if (overlay?.kind === 'help') body = <HelpOverlay width={columns} height={bodyHeight} filters={filtering} top={overlay.top} />;
  else if (overlay?.kind === 'manifest') {
    const shown = overlay.lines.map((l, i) => (
      <Text key={i} wrap="truncate">
        {l || ' '}
      </Text>
    ));
    const title = <Text key="title" bold wrap="truncate">Manifest of {overlay.row.id} {overlay.version}</Text>;
    body = <DetailPane lines={[title, ...shown]} top={overlay.top} rows={paneRows(shown.length + 1, bodyHeight - 2)} width={columns} height={bodyHeight} focused />;
  } else if (overlay?.kind === 'versions') body = <VersionPicker id={overlay.row.id} versions={overlay.versions} cursor={overlay.cursor} installed={overlay.row.installed} width={columns} height={bodyHeight} />;
  else if (overlay?.kind === 'review') body = <ReviewFormView id={overlay.row.id} form={overlay.form} width={columns} />;
  else if (!wide && mode === 'detail') body = pane(true);
  else {
    body = (
      <Box>
        <ResultList rows={results} start={start} end={end} cursor={cursor.cursor} focused={mode !== 'search'} width={listWidth} height={bodyHeight} empty={empty} stale={stale} sort={state.filters.sort} />
        {wide ? pane(mode === 'detail') : null}
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Header text={state.text} focused={mode === 'search' && !overlay} status={summary} spinner={search.loading || busy ? spinner : null} width={columns} />
      <Box flexDirection="column" width={columns} height={messageRows}>
        {overlay?.kind === 'confirm' ? (
          <ConfirmRemove row={overlay.row} />
        ) : messageLines.length ? (
          messageLines.map((l, i) => (
            <Text key={i} color={tone(l.tone)} wrap="truncate">
              {l.text}
            </Text>
          ))
        ) : (
          <Text> </Text>
        )}
      </Box>
      <Box height={bodyHeight} flexDirection="column">
        {body}
      </Box>
      <Footer focus={focusOf(state)} width={columns} />
    </Box>
  );
}
