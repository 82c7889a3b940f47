/** Where the keyboard is when no overlay is open: what a key means depends on it. */
export type Mode = 'search' | 'list' | 'detail';
/** The review form's two fields. */
export type Field = 'rating' | 'comment';
/** Where the keyboard is, overlays included: each has its own bindings and footer. */
export type Focus = Mode | 'help' | 'confirm' | 'versions' | 'manifest' | Field;

export type Action =
  | 'focusSearch'
  | 'submit'
  | 'back'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'halfUp'
  | 'halfDown'
  | 'top'
  | 'bottom'
  | 'switchPane'
  | 'leftPane'
  | 'rightPane'
  | 'install'
  | 'update'
  | 'updateLatest'
  | 'remove'
  | 'review'
  | 'star'
  | 'open'
  | 'copy'
  | 'refresh'
  | 'verified'
  | 'category'
  | 'sort'
  | 'source'
  | 'help'
  | 'quit'
  // the search box
  | 'clearText'
  | 'eraseWord'
  | 'erase'
  | 'versions'
  | 'moreReviews'
  | 'manifest'
  | 'wheel'
  | 'click'
  // the help overlay
  | 'close'
  // the version picker
  | 'pick'
  // the remove confirmation
  | 'confirm'
  | 'keep'
  // the review form
  | 'save'
  | 'cancel'
  | 'nextField'
  | 'less'
  | 'more'
  | 'rate'
  | 'cursorLeft'
  | 'cursorRight'
  | 'clearComment';

/** What Ink reports for a key press, reduced to what the keymap reads. */
export interface KeyPress {
  input: string;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  home?: boolean;
  end?: boolean;
  backspace?: boolean;
  delete?: boolean;
  /** A mouse report (SGR): the wheel, or a press of the left button at a cell (1-based). */
  mouse?: { wheel: -1 | 0 | 1; x: number; y: number };
}

export interface Binding {
  action: Action;
  /** Shown in the footer and the help overlay. */
  keys: string;
  label: string;
  match: (k: KeyPress) => boolean;
  /** Where the binding applies; letters never apply while typing in the search box or the comment. */
  modes: readonly Focus[];
  /** Where the footer shows it (the help overlay shows every browsing binding). */
  footer?: readonly Focus[];
}

const ch = (c: string) => (k: KeyPress) => k.input === c && !k.ctrl;
const ctrl = (c: string) => (k: KeyPress) => k.ctrl === true && k.input === c;
const BROWSING: readonly Mode[] = ['list', 'detail'];
const ALL: readonly Mode[] = ['search', 'list', 'detail'];

// Moving keys move the selection in the list and scroll the pane in a detail. The footer shows hints in this
// order as far as the width allows: the first are the ones a narrow terminal must keep.
export const KEYMAP: readonly Binding[] = [
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: ctrl('c'), modes: ALL, footer: ['search'] },
  { action: 'submit', keys: 'Enter', label: 'open', match: (k) => k.return === true, modes: ALL, footer: ['search', 'list'] },
  { action: 'back', keys: 'Esc', label: 'back', match: (k) => k.escape === true, modes: ALL, footer: ['search', 'detail'] },
  { action: 'help', keys: '?', label: 'help', match: ch('?'), modes: BROWSING, footer: BROWSING },
  { action: 'quit', keys: 'q', label: 'quit', match: ch('q'), modes: BROWSING, footer: BROWSING },
  { action: 'install', keys: 'i', label: 'install', match: ch('i'), modes: BROWSING, footer: BROWSING },
  { action: 'update', keys: 'u', label: 'update', match: ch('u'), modes: BROWSING, footer: BROWSING },
  { action: 'updateLatest', keys: 'U', label: 'update past the pin', match: ch('U'), modes: BROWSING },
  { action: 'remove', keys: 'x', label: 'remove', match: ch('x'), modes: BROWSING, footer: BROWSING },
  { action: 'star', keys: 's', label: 'star', match: ch('s'), modes: BROWSING, footer: BROWSING },
  { action: 'review', keys: 'r', label: 'review', match: ch('r'), modes: BROWSING, footer: BROWSING },
  { action: 'focusSearch', keys: '/', label: 'search', match: ch('/'), modes: BROWSING, footer: BROWSING },
  { action: 'refresh', keys: 'R', label: 'refresh', match: (k) => ch('R')(k) || ctrl('r')(k), modes: ALL, footer: BROWSING },
  { action: 'open', keys: 'o', label: 'open homepage', match: ch('o'), modes: BROWSING, footer: ['detail'] },
  { action: 'copy', keys: 'y', label: 'copy install command', match: ch('y'), modes: BROWSING, footer: ['detail'] },
  { action: 'clearText', keys: 'Ctrl-U', label: 'clear', match: ctrl('u'), modes: ['search'] },
  { action: 'eraseWord', keys: 'Ctrl-W', label: 'erase a word', match: ctrl('w'), modes: ['search'] },
  { action: 'erase', keys: 'Backspace', label: 'erase', match: (k) => k.backspace === true || k.delete === true, modes: ['search'] },
  { action: 'halfDown', keys: 'Ctrl-D', label: 'half page down', match: ctrl('d'), modes: BROWSING },
  { action: 'halfUp', keys: 'Ctrl-U', label: 'half page up', match: ctrl('u'), modes: BROWSING },
  { action: 'up', keys: '↑/k', label: 'up (a detail: scroll)', match: (k) => k.upArrow === true || ch('k')(k), modes: BROWSING },
  { action: 'down', keys: '↓/j', label: 'down (a detail: scroll)', match: (k) => k.downArrow === true || ch('j')(k), modes: BROWSING },
  { action: 'up', keys: '↑', label: 'up', match: (k) => k.upArrow === true, modes: ['search'] },
  { action: 'down', keys: '↓', label: 'to results', match: (k) => k.downArrow === true, modes: ['search'] },
  { action: 'pageUp', keys: 'PgUp', label: 'page up', match: (k) => k.pageUp === true, modes: BROWSING },
  { action: 'pageDown', keys: 'PgDn', label: 'page down', match: (k) => k.pageDown === true, modes: BROWSING },
  { action: 'top', keys: 'g', label: 'first (top)', match: (k) => ch('g')(k) || k.home === true, modes: BROWSING },
  { action: 'bottom', keys: 'G', label: 'last (bottom)', match: (k) => ch('G')(k) || k.end === true, modes: BROWSING },
  { action: 'switchPane', keys: 'Tab', label: 'list ⇄ detail', match: (k) => k.tab === true, modes: BROWSING },
  { action: 'leftPane', keys: 'h', label: 'to the list', match: (k) => ch('h')(k) || k.leftArrow === true, modes: ['detail'] },
  { action: 'rightPane', keys: 'l', label: 'to the detail', match: (k) => ch('l')(k) || k.rightArrow === true, modes: ['list'] },
  { action: 'versions', keys: 'V', label: 'install a version…', match: ch('V'), modes: BROWSING, footer: ['detail'] },
  { action: 'manifest', keys: 'M', label: 'the manifest', match: ch('M'), modes: BROWSING, footer: ['detail'] },
  { action: 'moreReviews', keys: 'm', label: 'more reviews', match: ch('m'), modes: ['detail'] },
  { action: 'wheel', keys: 'wheel', label: 'scroll', match: (k) => (k.mouse?.wheel ?? 0) !== 0, modes: ALL },
  { action: 'click', keys: 'click', label: 'select a row or a pane', match: (k) => k.mouse?.wheel === 0, modes: ALL },
  { action: 'verified', keys: 'v', label: 'verified only', match: ch('v'), modes: BROWSING },
  { action: 'category', keys: 'f', label: 'cycle category', match: ch('f'), modes: BROWSING },
  { action: 'sort', keys: 'S', label: 'cycle sort', match: ch('S'), modes: BROWSING },
  { action: 'source', keys: 'c', label: 'cycle source', match: ch('c'), modes: BROWSING },
];

export const HELP_KEYS: readonly Binding[] = [
  { action: 'down', keys: 'j/k', label: 'scroll', match: (k) => k.downArrow === true || ch('j')(k), modes: ['help'], footer: ['help'] },
  { action: 'up', keys: 'k', label: 'scroll up', match: (k) => k.upArrow === true || ch('k')(k), modes: ['help'] },
  { action: 'close', keys: 'Esc/?/q', label: 'close', match: (k) => k.escape === true || ch('?')(k) || ch('q')(k), modes: ['help'], footer: ['help'] },
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: ctrl('c'), modes: ['help'], footer: ['help'] },
];

export const CONFIRM_KEYS: readonly Binding[] = [
  { action: 'confirm', keys: 'y', label: 'remove', match: (k) => ch('y')(k) || ch('Y')(k), modes: ['confirm'], footer: ['confirm'] },
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: ctrl('c'), modes: ['confirm'] },
  { action: 'keep', keys: 'any other key', label: 'keep it', match: () => true, modes: ['confirm'], footer: ['confirm'] },
];

export const VERSION_KEYS: readonly Binding[] = [
  { action: 'pick', keys: 'Enter', label: 'install it', match: (k) => k.return === true, modes: ['versions'], footer: ['versions'] },
  { action: 'up', keys: '↑/k', label: 'up', match: (k) => k.upArrow === true || ch('k')(k), modes: ['versions'], footer: ['versions'] },
  { action: 'down', keys: '↓/j', label: 'down', match: (k) => k.downArrow === true || ch('j')(k), modes: ['versions'], footer: ['versions'] },
  { action: 'close', keys: 'Esc', label: 'close', match: (k) => k.escape === true || ch('q')(k), modes: ['versions'], footer: ['versions'] },
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: ctrl('c'), modes: ['versions'] },
];

export const MANIFEST_KEYS: readonly Binding[] = [
  { action: 'down', keys: 'j/k', label: 'scroll', match: (k) => k.downArrow === true || ch('j')(k), modes: ['manifest'], footer: ['manifest'] },
  { action: 'up', keys: 'k', label: 'scroll up', match: (k) => k.upArrow === true || ch('k')(k), modes: ['manifest'] },
  { action: 'pageDown', keys: 'PgDn', label: 'page down', match: (k) => k.pageDown === true || k.input === ' ', modes: ['manifest'], footer: ['manifest'] },
  { action: 'pageUp', keys: 'PgUp', label: 'page up', match: (k) => k.pageUp === true, modes: ['manifest'], footer: ['manifest'] },
  { action: 'close', keys: 'Esc', label: 'close', match: (k) => k.escape === true || ch('q')(k), modes: ['manifest'], footer: ['manifest'] },
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: ctrl('c'), modes: ['manifest'] },
];

const FORM: readonly Field[] = ['rating', 'comment'];
export const REVIEW_KEYS: readonly Binding[] = [
  { action: 'save', keys: 'Enter', label: 'save', match: (k) => k.return === true, modes: FORM, footer: FORM },
  { action: 'cancel', keys: 'Esc', label: 'cancel', match: (k) => k.escape === true, modes: FORM, footer: FORM },
  { action: 'nextField', keys: 'Tab/↑/↓', label: 'rating ⇄ comment', match: (k) => k.tab === true || k.upArrow === true || k.downArrow === true, modes: FORM, footer: FORM },
  { action: 'less', keys: '←', label: 'fewer stars', match: (k) => k.leftArrow === true, modes: ['rating'] },
  { action: 'more', keys: '→', label: 'more stars', match: (k) => k.rightArrow === true, modes: ['rating'] },
  { action: 'rate', keys: '1-5/←/→', label: 'rating', match: (k) => /^[1-5]$/.test(k.input) && !k.ctrl, modes: ['rating'], footer: ['rating'] },
  { action: 'cursorLeft', keys: '←/→', label: 'move', match: (k) => k.leftArrow === true, modes: ['comment'], footer: ['comment'] },
  { action: 'cursorRight', keys: '→', label: 'move right', match: (k) => k.rightArrow === true, modes: ['comment'] },
  { action: 'clearComment', keys: 'Ctrl-U', label: 'clear comment', match: ctrl('u'), modes: FORM, footer: ['comment'] },
  { action: 'erase', keys: 'Backspace', label: 'erase', match: (k) => k.backspace === true || k.delete === true, modes: FORM },
  { action: 'quit', keys: 'Ctrl-C', label: 'quit', match: ctrl('c'), modes: FORM },
];

const MAPS: readonly (readonly Binding[])[] = [KEYMAP, HELP_KEYS, CONFIRM_KEYS, VERSION_KEYS, MANIFEST_KEYS, REVIEW_KEYS];

export function actionFor(focus: Focus, key: KeyPress): Action | undefined {
  for (const map of MAPS) {
    const found = map.find((b) => b.modes.includes(focus) && b.match(key));
    if (found) return found.action;
  }
  return undefined;
}

/** The footer's hints where the keyboard is, in keymap order, one per action. */
export function hints(focus: Focus): { keys: string; label: string }[] {
  const keys = MAPS.flatMap((map) => map.filter((b) => b.footer?.includes(focus))).map(({ keys, label }) => ({ keys, label }));
  if (focus === 'search') return [{ keys: 'type', label: 'search' }, ...keys];
  if (focus === 'comment') return [{ keys: 'type', label: 'comment' }, ...keys];
  return focus === 'detail' ? [{ keys: 'j/k', label: 'scroll' }, ...keys] : keys;
}
