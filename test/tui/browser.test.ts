import { describe, expect, it } from 'vitest';
import { focusOf, initialState, openManifest, openReview, PAGE, selected, step, type BrowserState, type Effect, type View } from '../../cli/tui/logic/browser.js';
import { hints, type KeyPress } from '../../cli/tui/logic/keymap.js';
import { keyOf, keyPresses } from '../../cli/tui/logic/keys.js';
import type { Row } from '../../cli/tui/registry.js';

const row = (id: string, installed: string | null = null): Row => ({ id, installed, outdated: false, source: 'official', homepage: `https://example.com/${id}` }) as unknown as Row;
const rows = Array.from({ length: 30 }, (_, i) => row(`p${i}-plugin`, i === 1 ? '1.0.0' : null));
const view: View = { rows, total: rows.length, listHeight: 10, detailLines: 40, paneHeight: 10, sources: ['official', 'mirror'], versions: ['1.2.0', '1.1.0', '1.0.0'], listTop: 4, listWidth: 66 };

/** Feeds keys one by one (a string: one key per character), collecting the effects asked for. */
function press(state: BrowserState, keys: (string | Omit<KeyPress, 'input'>)[], v: View = view) {
  const effects: Effect[] = [];
  for (const k of keys) {
    const read = typeof k === 'string' ? [...k].map(keyOf) : [{ input: '', ...k }];
    for (const key of read) {
      const next = step(state, key, v);
      state = next.state;
      effects.push(...next.effects);
    }
  }
  return { state, effects };
}

const listing = { ...initialState(''), mode: 'list' as const };

describe('the browser reducer', () => {
  it('moves once per key of a burst and opens, leaves and switches panes', () => {
    let { state } = press(listing, ['jjjjj']);
    expect(selected(state, view)?.id).toBe('p5-plugin');
    ({ state } = press(state, ['\r']));
    expect(state.mode).toBe('detail');
    ({ state } = press(state, ['h']));
    expect(state.mode).toBe('list');
    ({ state } = press(state, [{ tab: true }, { tab: true }, 'l']));
    expect(state.mode).toBe('detail');
    ({ state } = press(state, [{ escape: true }, { escape: true }]));
    expect(state.mode).toBe('search');
  });

  it('moves half a page with Ctrl-D/Ctrl-U in the list, and scrolls the detail with them', () => {
    let { state } = press(listing, ['\u0004']);
    expect(selected(state, view)?.id).toBe('p5-plugin');
    ({ state } = press(state, ['\u0004\u0004\u0015']));
    expect(selected(state, view)?.id).toBe('p10-plugin');
    ({ state } = press(state, ['\r', '\u0004']));
    expect(state.scroll.top).toBe(5);
    expect(selected(state, view)?.id).toBe('p10-plugin');
  });

  it('asks for the next page near the end of the rows loaded, once, and for every page on G', () => {
    const many = Array.from({ length: PAGE }, (_, i) => row(`r${i}`));
    const paged: View = { ...view, rows: many, total: 1500 };
    let { state } = press(listing, ['j'.repeat(PAGE - 11)], paged);
    expect(state.pages).toBe(1);
    ({ state } = press(state, ['jj'], paged));
    expect(state.pages).toBe(2);
    ({ state } = press(listing, ['G'], paged));
    expect(state.pages).toBe(Infinity);
    // Once the rows are in, the cursor is on the real last one.
    const all: View = { ...paged, rows: Array.from({ length: 1500 }, (_, i) => row(`r${i}`)) };
    expect(selected(state, all)?.id).toBe('r1499');
  });

  it('edits the search box: Ctrl-W erases a word, Ctrl-U the box, Esc clears it and then leaves it', () => {
    let { state } = press(initialState(''), ['local llm']);
    expect(state.text).toBe('local llm');
    ({ state } = press(state, ['\u0017']));
    expect(state.text).toBe('local ');
    ({ state } = press(state, ['\u0015']));
    expect(state.text).toBe('');
    ({ state } = press(state, ['x', { escape: true }]));
    expect(state).toMatchObject({ text: '', mode: 'search' });
    ({ state } = press(state, [{ escape: true }]));
    expect(state.mode).toBe('list');
  });

  it('asks for writes as effects, and says what cannot be done instead', () => {
    expect(press(listing, ['i']).effects).toEqual([{ type: 'install', row: rows[0], version: null }]);
    expect(press(listing, ['u']).state.status?.text).toBe('p0-plugin is not installed: i installs it');
    expect(press(listing, ['jU']).effects).toEqual([{ type: 'update', row: rows[1], latest: true }]);
    expect(press(listing, ['R']).effects).toEqual([{ type: 'refresh' }]);
    expect(press(listing, ['o', 'y']).effects).toEqual([
      { type: 'open', row: rows[0] },
      { type: 'copy', row: rows[0] },
    ]);
    // An old outcome goes with the next key.
    expect(press({ ...listing, status: { text: 'cannot reach', tone: 'red' } }, ['j']).state.status).toBeNull();
  });

  it('asks before removing: y removes, any other key keeps', () => {
    let { state, effects } = press(listing, ['jx']);
    expect(focusOf(state)).toBe('confirm');
    expect(hints('confirm').map((h) => h.keys)).toEqual(['y', 'any other key']);
    ({ state, effects } = press(state, ['y']));
    expect(effects).toEqual([{ type: 'remove', row: rows[1] }]);
    expect(state.overlay).toBeNull();
    ({ state, effects } = press(listing, ['jxn']));
    expect(effects).toEqual([]);
    expect(state.status?.text).toBe('kept p1-plugin');
  });

  it('picks a version to install with V, j/k and Enter', () => {
    let { state } = press(listing, ['V']);
    expect(focusOf(state)).toBe('versions');
    expect(hints('versions').map((h) => h.label)).toEqual(['install it', 'up', 'down', 'close']);
    let effects: Effect[];
    ({ state, effects } = press(state, ['jjjk\r']));
    expect(effects).toEqual([{ type: 'install', row: rows[0], version: '1.1.0' }]);
    expect(state.overlay).toBeNull();
    expect(press(listing, ['V'], { ...view, versions: [] }).state.status?.text).toBe('the versions of p0-plugin are not in yet');
  });

  it('scrolls the manifest with its own keys and closes it with Esc', () => {
    let state = openManifest(listing, rows[0]!, '1.0.0', Array.from({ length: 30 }, (_, i) => `line ${i}`));
    expect(focusOf(state)).toBe('manifest');
    ({ state } = press(state, ['jjj', { pageDown: true }]));
    expect(state.overlay).toMatchObject({ kind: 'manifest', top: 12 });
    ({ state } = press(state, [{ escape: true }]));
    expect(state.overlay).toBeNull();
    expect(press(listing, ['M']).effects).toEqual([{ type: 'manifest', row: rows[0] }]);
  });

  it('scrolls with the mouse wheel, selects a clicked row, and opens it on a second click', () => {
    let { state } = press(listing, [{ mouse: { wheel: 1, x: 5, y: 9 } }]);
    expect(selected(state, view)?.id).toBe('p3-plugin');
    ({ state } = press(state, [{ mouse: { wheel: 0, x: 5, y: 9 } }]));
    expect(selected(state, view)?.id).toBe('p5-plugin');
    ({ state } = press(state, [{ mouse: { wheel: 0, x: 5, y: 9 } }]));
    expect(state.mode).toBe('detail');
    ({ state } = press(state, [{ mouse: { wheel: 0, x: 5, y: 4 } }]));
    expect(state).toMatchObject({ mode: 'list' });
    expect(selected(state, view)?.id).toBe('p0-plugin');
    ({ state } = press(state, [{ mouse: { wheel: 0, x: 90, y: 4 } }]));
    expect(state.mode).toBe('detail');
  });

  it('reads SGR mouse reports as wheel turns and left clicks', () => {
    expect(keyPresses('[<64;10;5M', {})).toEqual([{ input: '', mouse: { wheel: -1, x: 10, y: 5 } }]);
    expect(keyPresses('[<0;3;7M', {})).toEqual([{ input: '', mouse: { wheel: 0, x: 3, y: 7 } }]);
    expect(keyPresses('[<0;3;7m', {})).toEqual([]);
  });

  it('gives the help overlay its own keys and footer', () => {
    let { state } = press(listing, ['?']);
    expect(focusOf(state)).toBe('help');
    expect(hints('help').map((h) => h.label)).toEqual(['scroll', 'close', 'quit']);
    ({ state } = press(state, ['jjk']));
    expect(state.overlay).toEqual({ kind: 'help', top: 1 });
    ({ state } = press(state, ['q']));
    expect(state.overlay).toBeNull();
  });

  it('reads the review form: 1-5 rate, typing starts the comment, a digit in the comment is text, ←/→ move in it', () => {
    let state = openReview(listing, rows[0]!, null);
    expect(focusOf(state)).toBe('rating');
    expect(hints('rating').map((h) => h.label)).toContain('rating');
    ({ state } = press(state, ['4Solid']));
    expect(state.overlay).toMatchObject({ form: { rating: 4, comment: 'Solid', field: 'comment', at: 5 } });
    ({ state } = press(state, [{ leftArrow: true }, { leftArrow: true }, '5', { rightArrow: true }, '\u007f']));
    expect(state.overlay).toMatchObject({ form: { rating: 4, comment: 'Sol5d', at: 4 } });
    expect(hints('comment').map((h) => h.label)).toEqual(['comment', 'save', 'cancel', 'rating ⇄ comment', 'move', 'clear comment']);
    ({ state } = press(state, [{ tab: true }, { rightArrow: true }]));
    expect(state.overlay).toMatchObject({ form: { rating: 5, field: 'rating' } });
    const saved = press(state, ['\r']);
    expect(saved.effects).toEqual([{ type: 'saveReview', row: rows[0], form: expect.objectContaining({ rating: 5, comment: 'Sol5d' }) }]);
    expect(saved.state.overlay).toBeNull();
  });

  it('starts a comment with a digit after Tab, keeping the rating', () => {
    let state = openReview(listing, rows[0]!, { rating: 3, comment: '', hidden: false });
    ({ state } = press(state, [{ tab: true }, '2 reasons']));
    expect(state.overlay).toMatchObject({ form: { rating: 3, comment: '2 reasons', editing: true } });
  });
});
