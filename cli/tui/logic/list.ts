/** A scrolling list: which row is selected and which row is at the top of the visible window. */
export interface ListState {
  cursor: number;
  offset: number;
}

export type ListAction =
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'top' }
  | { type: 'bottom' }
  | { type: 'reset' };

export const initialList: ListState = { cursor: 0, offset: 0 };

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Keeps the cursor inside [0, count) and the window (of `height` rows) around the cursor. */
export function listReducer(state: ListState, action: ListAction, count: number, height: number): ListState {
  const rows = Math.max(1, height);
  const last = Math.max(0, count - 1);
  let cursor = state.cursor;
  switch (action.type) {
    case 'move':
      cursor = state.cursor + action.by;
      break;
    case 'page':
      cursor = state.cursor + action.by * rows;
      break;
    case 'top':
      cursor = 0;
      break;
    case 'bottom':
      cursor = last;
      break;
    case 'reset':
      return initialList;
  }
  return settle({ cursor, offset: state.offset }, count, rows);
}

/** The same selection after the list or the window changed size. */
export function settle(state: ListState, count: number, height: number): ListState {
  const rows = Math.max(1, height);
  const cursor = clamp(state.cursor, 0, Math.max(0, count - 1));
  let offset = clamp(state.offset, 0, Math.max(0, count - rows));
  if (cursor < offset) offset = cursor;
  if (cursor >= offset + rows) offset = cursor - rows + 1;
  return { cursor, offset };
}

/** The indexes to draw. */
export function visible(state: ListState, count: number, height: number): { start: number; end: number } {
  const { offset } = settle(state, count, height);
  return { start: offset, end: Math.min(count, offset + Math.max(1, height)) };
}

/** Rows of a `height`-row pane showing `count` lines: when they do not all fit, one row says where the reader is. */
export const paneRows = (count: number, height: number) => (count > height ? Math.max(1, height - 1) : Math.max(1, height));

/**
 * A pane taller than its window (a detail): the first line shown after `action`, between the top and the last
 * full window. A page keeps one line of the previous window, as pagers do.
 */
export function scrollPane(top: number, action: ListAction, count: number, height: number): number {
  const rows = Math.max(1, height);
  const last = Math.max(0, count - rows);
  switch (action.type) {
    case 'move':
      return clamp(top + action.by, 0, last);
    case 'page':
      return clamp(top + action.by * Math.max(1, rows - 1), 0, last);
    case 'top':
    case 'reset':
      return 0;
    case 'bottom':
      return last;
  }
}
