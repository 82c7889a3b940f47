import type { Row } from '../registry.js';
import { actionFor, KEYMAP, type Action, type Focus, type KeyPress, type Mode } from './keymap.js';
import { initialList, listReducer, scrollPane, settle, type ListAction, type ListState } from './list.js';
import { initialFilters, nextCategory, nextSort, nextSource, type Filters } from './query.js';
import { printable, reviewForm, reviewKey, type ReviewForm } from './review.js';

export interface Status {
  text: string;
  tone: 'green' | 'red' | 'yellow' | 'gray';
}

export type Overlay =
  | { kind: 'help'; top: number }
  | { kind: 'confirm'; row: Row }
  | { kind: 'review'; row: Row; form: ReviewForm }
  | { kind: 'versions'; row: Row; versions: readonly string[]; cursor: number }
  | { kind: 'manifest'; row: Row; version: string; lines: readonly string[]; top: number }
  | null;

/** Everything the browser remembers between keys; what the sources answer lives in the search and detail hooks. */
export interface BrowserState {
  mode: Mode;
  /** The search box. */
  text: string;
  filters: Filters;
  list: ListState;
  /** The detail's first line on screen, for the plugin it was scrolled on (another selection starts at its top). */
  scroll: { key: string; top: number };
  overlay: Overlay;
  status: Status | null;
  /** Reviews shown in the detail of one plugin (another starts again at REVIEWS). */
  reviews: { key: string; count: number };
  /** Pages of results asked for (Infinity: every match); a new question starts again at one. */
  pages: number;
}

/** Rows in a page of results. */
export const PAGE = 100;
/** Reviews a detail shows at first, and how many more `m` adds. */
export const REVIEWS = 3;
const MORE_REVIEWS = 10;

/** What a key asks of the world, for the component to carry out. */
export type Effect =
  | { type: 'quit' }
  | { type: 'refresh' }
  | { type: 'install'; row: Row; version: string | null }
  | { type: 'remove' | 'star' | 'review' | 'open' | 'copy' | 'manifest'; row: Row }
  | { type: 'update'; row: Row; latest: boolean }
  | { type: 'saveReview'; row: Row; form: ReviewForm };

/** What is on screen, which the meaning of some keys depends on. */
export interface View {
  rows: readonly Row[];
  /** Matches in all, beyond the rows loaded so far. */
  total: number;
  listHeight: number;
  /** Lines of the detail shown and the rows of its window. */
  detailLines: number;
  paneHeight: number;
  sources: readonly string[];
  /** The versions of the selected plugin, newest first, once its detail is in. */
  versions: readonly string[];
  /** Where the list's first row is on screen (1-based, as mouse reports count) and how wide the list is. */
  listTop: number;
  listWidth: number;
}

/** Rows a turn of the mouse wheel moves. */
const WHEEL = 3;

export const initialState = (query: string): BrowserState => ({
  mode: query ? 'list' : 'search',
  text: query,
  filters: initialFilters,
  list: initialList,
  scroll: { key: '', top: 0 },
  overlay: null,
  status: null,
  reviews: { key: '', count: REVIEWS },
  pages: 1,
});

/** Reviews to show in the detail of `key`. */
export const reviewsShown = (state: BrowserState, key: string) => (state.reviews.key === key ? state.reviews.count : REVIEWS);

export const rowKey = (row: Row | undefined) => (row ? `${row.source}/${row.id}` : '');

/** The row under the cursor. */
export function selected(state: BrowserState, view: View): Row | undefined {
  return view.rows[settle(state.list, view.rows.length, view.listHeight).cursor];
}

/** Where the keyboard is: an open overlay takes it. */
export function focusOf(state: BrowserState): Focus {
  const { overlay } = state;
  if (!overlay) return state.mode;
  return overlay.kind === 'review' ? overlay.form.field : overlay.kind;
}

/** The first line of the detail on screen. */
export function detailTop(state: BrowserState, view: View, key: string): number {
  // Moving by nothing keeps the position inside a detail that got shorter or a terminal that got taller.
  return state.scroll.key === key ? scrollPane(state.scroll.top, { type: 'move', by: 0 }, view.detailLines, view.paneHeight) : 0;
}

type Step = { state: BrowserState; effects: Effect[] };
const only = (state: BrowserState, ...effects: Effect[]): Step => ({ state, effects });

/** Rows before the end of the loaded rows: moving past them asks for the next page. */
const NEAR_END = 10;

function move(state: BrowserState, view: View, action: ListAction): Step {
  if (state.mode === 'detail') {
    const key = rowKey(selected(state, view));
    const top = scrollPane(detailTop(state, view, key), action, view.detailLines, view.paneHeight);
    return only({ ...state, scroll: { key, top } });
  }
  const count = view.rows.length;
  // `G` goes to the real end: past the rows loaded, which the next answer brings.
  if (action.type === 'bottom' && view.total > count) return only({ ...state, list: { cursor: view.total - 1, offset: state.list.offset }, pages: Infinity });
  const list = listReducer(settle(state.list, count, view.listHeight), action, count, view.listHeight);
  // Once: the page asked for is not in yet while fewer rows than it are loaded.
  const more = view.total > count && list.cursor >= count - NEAR_END && count >= state.pages * PAGE;
  return only({ ...state, list, pages: more ? state.pages + 1 : state.pages });
}

/** The search box: typing, erasing, and Esc which clears it before it leaves it. */
function edit(state: BrowserState, action: Action | undefined, key: KeyPress): Step {
  const text = state.text;
  const next = (t: string): Step => only(t === text ? state : { ...state, text: t, list: initialList, pages: 1 });
  switch (action) {
    case 'clearText':
      return next('');
    case 'eraseWord':
      return next(text.replace(/\S*\s*$/, ''));
    case 'erase':
      return next([...text].slice(0, -1).join(''));
    case undefined:
      return printable(key) ? next(text + key.input) : only(state);
  }
  return only(state);
}

function browse(before: BrowserState, action: Action, view: View, key: KeyPress): Step {
  // The last outcome stays until the next thing is done: an old error must not read as the state of things.
  const state = before.status ? { ...before, status: null } : before;
  const { mode } = state;
  const set = (patch: Partial<BrowserState>) => only({ ...state, ...patch });
  const filter = (f: (x: Filters) => Filters) => set({ filters: f(state.filters), list: initialList, pages: 1 });
  switch (action) {
    case 'quit':
      return only(state, { type: 'quit' });
    case 'refresh':
      return only({ ...state, status: null }, { type: 'refresh' });
    case 'help':
      return set({ overlay: { kind: 'help', top: 0 } });
    case 'focusSearch':
      return set({ mode: 'search' });
    case 'up':
      return mode === 'search' ? only(state) : move(state, view, { type: 'move', by: -1 });
    case 'down':
      return mode === 'search' ? set({ mode: 'list' }) : move(state, view, { type: 'move', by: 1 });
    case 'pageUp':
      return move(state, view, { type: 'page', by: -1 });
    case 'pageDown':
      return move(state, view, { type: 'page', by: 1 });
    case 'halfUp':
    case 'halfDown': {
      const rows = Math.max(1, Math.floor((mode === 'detail' ? view.paneHeight : view.listHeight) / 2));
      return move(state, view, { type: 'move', by: action === 'halfUp' ? -rows : rows });
    }
    case 'wheel':
      return move(state, view, { type: 'move', by: (key.mouse?.wheel ?? 0) * WHEEL });
    case 'click': {
      const { x, y } = key.mouse!;
      if (x > view.listWidth) return selected(state, view) ? set({ mode: 'detail' }) : only(state);
      const list = settle(state.list, view.rows.length, view.listHeight);
      const index = list.offset + (y - view.listTop);
      if (y < view.listTop || index >= view.rows.length || (mode === 'detail' && view.listWidth === 0)) return only(state);
      // A click on the selected row opens it, as Enter does.
      if (index === list.cursor && mode === 'list') return set({ mode: 'detail' });
      return set({ mode: 'list', list: settle({ cursor: index, offset: list.offset }, view.rows.length, view.listHeight) });
    }
    case 'top':
      return move(state, view, { type: 'top' });
    case 'bottom':
      return move(state, view, { type: 'bottom' });
    case 'submit':
      if (mode === 'search') return set({ mode: 'list' });
      if (mode === 'list' && selected(state, view)) return set({ mode: 'detail' });
      return only(state);
    case 'switchPane':
      return set({ mode: mode === 'detail' ? 'list' : selected(state, view) ? 'detail' : 'list' });
    case 'rightPane':
      return selected(state, view) ? set({ mode: 'detail' }) : only(state);
    case 'leftPane':
      return set({ mode: 'list' });
    case 'back':
      if (mode === 'detail') return set({ mode: 'list' });
      if (mode === 'list') return set({ mode: 'search' });
      return state.text ? set({ text: '', list: initialList, pages: 1 }) : set({ mode: 'list' });
    case 'verified':
      return filter((f) => ({ ...f, verified: !f.verified }));
    case 'category':
      return filter((f) => ({ ...f, category: nextCategory(f.category) }));
    case 'sort':
      return filter((f) => ({ ...f, sort: nextSort(f.sort) }));
    case 'source':
      return filter((f) => ({ ...f, source: nextSource(f.source, view.sources) }));
  }
  const row = selected(state, view);
  if (!row) return set({ status: { text: 'no plugin selected', tone: 'yellow' } });
  switch (action) {
    case 'update':
    case 'updateLatest':
      if (!row.installed) return set({ status: { text: `${row.id} is not installed: i installs it`, tone: 'yellow' } });
      return only(state, { type: 'update', row, latest: action === 'updateLatest' });
    case 'remove':
      if (!row.installed) return set({ status: { text: `${row.id} is not installed`, tone: 'yellow' } });
      return set({ overlay: { kind: 'confirm', row } });
    case 'install':
      return only(state, { type: 'install', row, version: null });
    case 'moreReviews': {
      const key = rowKey(row);
      return set({ reviews: { key, count: reviewsShown(state, key) + MORE_REVIEWS } });
    }
    case 'versions':
      if (view.versions.length === 0) return set({ status: { text: `the versions of ${row.id} are not in yet`, tone: 'yellow' } });
      return set({ overlay: { kind: 'versions', row, versions: view.versions, cursor: 0 } });
    case 'review':
    case 'star':
    case 'open':
    case 'copy':
    case 'manifest':
      return only(state, { type: action, row });
  }
  return only(state);
}

function overlayKey(state: BrowserState, overlay: NonNullable<Overlay>, action: Action | undefined, key: KeyPress, view: View): Step {
  const close = (patch: Partial<BrowserState> = {}) => ({ ...state, overlay: null, ...patch });
  if (action === 'quit') return only(state, { type: 'quit' });
  switch (overlay.kind) {
    case 'help': {
      if (action === 'close') return only(close());
      const by = action === 'up' ? -1 : action === 'down' ? 1 : 0;
      // The view stops the scroll at the last row; the top is kept within the keymap's length here.
      return only({ ...state, overlay: { kind: 'help', top: Math.max(0, Math.min(KEYMAP.length, overlay.top + by)) } });
    }
    case 'confirm':
      if (action === 'confirm') return only(close(), { type: 'remove', row: overlay.row });
      return only(close({ status: { text: `kept ${overlay.row.id}`, tone: 'gray' } }));
    case 'versions': {
      if (action === 'close') return only(close());
      if (action === 'pick') return only(close(), { type: 'install', row: overlay.row, version: overlay.versions[overlay.cursor]! });
      const by = action === 'up' ? -1 : action === 'down' ? 1 : 0;
      return only({ ...state, overlay: { ...overlay, cursor: Math.max(0, Math.min(overlay.versions.length - 1, overlay.cursor + by)) } });
    }
    case 'manifest': {
      if (action === 'close') return only(close());
      const moves: Partial<Record<Action, ListAction>> = { up: { type: 'move', by: -1 }, down: { type: 'move', by: 1 }, pageUp: { type: 'page', by: -1 }, pageDown: { type: 'page', by: 1 } };
      const move = action && moves[action];
      if (!move) return only(state);
      return only({ ...state, overlay: { ...overlay, top: scrollPane(overlay.top, move, overlay.lines.length, view.paneHeight) } });
    }
    case 'review':
      if (action === 'cancel') return only(close());
      if (action === 'save') return only(close(), { type: 'saveReview', row: overlay.row, form: overlay.form });
      return only({ ...state, overlay: { ...overlay, form: reviewKey(overlay.form, action, key) } });
  }
}

/** The browser after one key press, and what it asks for. Pure: the component carries out the effects. */
export function step(state: BrowserState, key: KeyPress, view: View): Step {
  const focus = focusOf(state);
  const action = actionFor(focus, key);
  if (state.overlay) return overlayKey(state, state.overlay, action, key, view);
  if (state.mode === 'search' && (action === undefined || action === 'clearText' || action === 'eraseWord' || action === 'erase')) return edit(state, action, key);
  return action ? browse(state, action, view, key) : only(state);
}

/** Shows a plugin's manifest over the screen. */
export const openManifest = (state: BrowserState, row: Row, version: string, lines: readonly string[]): BrowserState => ({
  ...state,
  status: null,
  overlay: { kind: 'manifest', row, version, lines, top: 0 },
});

/** Opens the review form on the person's own review (null: a new one). */
export const openReview = (state: BrowserState, row: Row, own: Parameters<typeof reviewForm>[0]): BrowserState => ({
  ...state,
  status: null,
  overlay: { kind: 'review', row, form: reviewForm(own) },
});
