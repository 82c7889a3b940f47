/** Where the keyboard is: what a key means depends on it. */
export type Mode = 'search' | 'list' | 'detail';

export type Action =
  | 'focusSearch'
  | 'submit'
  | 'back'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'install'
  | 'update'
  | 'remove'
  | 'review'
  | 'star'
  | 'verified'
  | 'category'
  | 'sort'
  | 'source'
  | 'help'
  | 'quit';

/** What Ink reports for a key press, reduced to what the keymap reads. */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  home?: boolean;
  end?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  tab?: boolean;
  shift?: boolean;
  meta?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

export interface Binding {
  action: Action;
  /** Shown in the footer and the help overlay. */
  keys: string;
  label: string;
  match: (k: KeyPress) => boolean;
  /** Modes where the binding applies; letters never apply while typing in the search box. */
  modes: readonly Mode[];
  /** Modes whose footer shows it (the help overlay shows every binding). */
  footer?: readonly Mode[];
}

const ch = (c: string) => (k: KeyPress) => k.input === c && !k.ctrl;
const BROWSING: readonly Mode[] = ['list', 'detail'];
const ALL: readonly Mode[] = ['search', 'list', 'detail'];

// Moving keys move the selection in the list and scroll the pane in a detail.
export const KEYMAP: readonly Binding[] = [
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: (k) => k.ctrl === true && k.input === 'c', modes: ALL },
  { action: 'quit', keys: 'q', label: 'quit', match: ch('q'), modes: BROWSING, footer: BROWSING },
  { action: 'focusSearch', keys: '/', label: 'search', match: ch('/'), modes: BROWSING, footer: BROWSING },
  { action: 'submit', keys: 'Enter', label: 'open', match: (k) => k.return === true, modes: ALL, footer: ['list'] },
  { action: 'back', keys: 'Esc', label: 'back', match: (k) => k.escape === true, modes: ALL, footer: BROWSING },
  { action: 'up', keys: '↑/k', label: 'up (a detail: scroll)', match: (k) => k.upArrow === true || ch('k')(k), modes: BROWSING },
  { action: 'down', keys: '↓/j', label: 'down (a detail: scroll)', match: (k) => k.downArrow === true || ch('j')(k), modes: BROWSING },
  { action: 'up', keys: '↑', label: 'up', match: (k) => k.upArrow === true, modes: ['search'] },
  { action: 'down', keys: '↓', label: 'to results', match: (k) => k.downArrow === true, modes: ['search'] },
  { action: 'pageUp', keys: 'PgUp', label: 'page up', match: (k) => k.pageUp === true, modes: BROWSING },
  { action: 'pageDown', keys: 'PgDn', label: 'page down', match: (k) => k.pageDown === true, modes: BROWSING },
  { action: 'top', keys: 'g', label: 'first (top)', match: (k) => ch('g')(k) || k.home === true, modes: BROWSING },
  { action: 'bottom', keys: 'G', label: 'last (bottom)', match: (k) => ch('G')(k) || k.end === true, modes: BROWSING },
  { action: 'install', keys: 'i', label: 'install', match: ch('i'), modes: BROWSING, footer: BROWSING },
  { action: 'update', keys: 'u', label: 'update', match: ch('u'), modes: BROWSING, footer: BROWSING },
  { action: 'remove', keys: 'x', label: 'remove', match: ch('x'), modes: BROWSING, footer: BROWSING },
  { action: 'review', keys: 'r', label: 'review', match: ch('r'), modes: BROWSING, footer: BROWSING },
  { action: 'star', keys: 's', label: 'star', match: ch('s'), modes: BROWSING, footer: BROWSING },
  { action: 'verified', keys: 'v', label: 'verified only', match: ch('v'), modes: BROWSING },
  { action: 'category', keys: 'f', label: 'cycle category', match: ch('f'), modes: BROWSING },
  { action: 'sort', keys: 'o', label: 'cycle sort', match: ch('o'), modes: BROWSING },
  { action: 'source', keys: 'c', label: 'cycle source', match: ch('c'), modes: BROWSING },
  { action: 'help', keys: '?', label: 'help', match: ch('?'), modes: BROWSING, footer: BROWSING },
];

export function actionFor(mode: Mode, key: KeyPress): Action | undefined {
  return KEYMAP.find((b) => b.modes.includes(mode) && b.match(key))?.action;
}

/** The footer's hints for a mode, in keymap order, one per action. */
export function hints(mode: Mode): { keys: string; label: string }[] {
  if (mode === 'search') return [{ keys: 'type', label: 'search' }, { keys: 'Enter/↓', label: 'results' }, { keys: 'Esc', label: 'results' }, { keys: 'Ctrl-C', label: 'quit' }];
  const keys = KEYMAP.filter((b) => b.footer?.includes(mode)).map(({ keys, label }) => ({ keys, label }));
  return mode === 'detail' ? [{ keys: 'j/k', label: 'scroll' }, ...keys] : keys;
}
