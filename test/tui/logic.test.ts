import { describe, expect, it } from 'vitest';
import { compactCount, fit, sparkline, stars } from '../../cli/tui/logic/format.js';
import { actionFor, hints, KEYMAP } from '../../cli/tui/logic/keymap.js';
import { initialList, listReducer, settle, visible } from '../../cli/tui/logic/list.js';
import { initialFilters, nextSort, nextSource, toQuery } from '../../cli/tui/logic/query.js';

describe('formatting', () => {
  it('compacts counts', () => {
    expect([0, 999, 1000, 1540, 15_420, 999_999, 1_250_000].map(compactCount)).toEqual(['0', '999', '1k', '1.5k', '15k', '1000k', '1.3M']);
  });

  it('rounds ratings to whole stars and marks unrated plugins', () => {
    expect(stars(4.3)).toBe('★★★★☆');
    expect(stars(4.6)).toBe('★★★★★');
    expect(stars(0.2)).toBe('☆☆☆☆☆');
    expect(stars(9)).toBe('★★★★★');
    expect(stars(0, 0)).toBe('·····');
  });

  it('draws one bar per day scaled to the busiest', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([10, 5, 0])).toBe('█▅▁');
    expect(sparkline(Array.from({ length: 30 }, (_, i) => i))).toHaveLength(30);
  });

  it('cuts text with an ellipsis and pads columns', () => {
    expect(fit('ollama-plugin', 6)).toBe('ollam…');
    expect(fit('ab', 4, true)).toBe('ab  ');
    expect(fit('anything', 0)).toBe('');
  });
});

describe('the scrolling list', () => {
  const step = (s = initialList, action: Parameters<typeof listReducer>[1], count = 50, height = 10) => listReducer(s, action, count, height);

  it('moves the cursor and scrolls the window to keep it visible', () => {
    let s = initialList;
    for (let i = 0; i < 12; i++) s = step(s, { type: 'move', by: 1 });
    expect(s).toEqual({ cursor: 12, offset: 3 });
    s = step(s, { type: 'move', by: -10 });
    expect(s).toEqual({ cursor: 2, offset: 2 });
  });

  it('pages, jumps to the ends, and never leaves the list', () => {
    expect(step(initialList, { type: 'page', by: 1 })).toEqual({ cursor: 10, offset: 1 });
    expect(step(initialList, { type: 'bottom' })).toEqual({ cursor: 49, offset: 40 });
    expect(step({ cursor: 49, offset: 40 }, { type: 'top' })).toEqual({ cursor: 0, offset: 0 });
    expect(step(initialList, { type: 'move', by: -1 })).toEqual({ cursor: 0, offset: 0 });
    expect(step({ cursor: 45, offset: 40 }, { type: 'page', by: 1 })).toEqual({ cursor: 49, offset: 40 });
    expect(step(initialList, { type: 'move', by: 1 }, 0)).toEqual({ cursor: 0, offset: 0 });
  });

  it('settles after the list shrinks or the terminal resizes', () => {
    expect(settle({ cursor: 40, offset: 35 }, 5, 10)).toEqual({ cursor: 4, offset: 0 });
    expect(settle({ cursor: 20, offset: 15 }, 50, 3)).toEqual({ cursor: 20, offset: 18 });
    expect(visible({ cursor: 20, offset: 15 }, 50, 10)).toEqual({ start: 15, end: 25 });
    expect(visible(initialList, 3, 10)).toEqual({ start: 0, end: 3 });
  });
});

describe('the query', () => {
  it('reads tag: and is:verified words as filters', () => {
    expect(toQuery('  local llm tag:Self-Hosted is:verified ', initialFilters, 100)).toEqual({ text: 'local llm', tags: ['self-hosted'], verified: true, limit: 100 });
    expect(toQuery('', { verified: false, sort: 'rating', source: 'official' }, 20)).toEqual({ text: '', sort: 'rating', limit: 20 });
  });

  it('cycles sorts and sources back to the start', () => {
    const seen = [undefined];
    for (let i = 0; i < 4; i++) seen.push(nextSort(seen.at(-1) as never) as never);
    expect(seen).toEqual([undefined, 'downloads', 'rating', 'updated', undefined]);
    expect(nextSource(undefined, ['a', 'b'])).toBe('a');
    expect(nextSource('a', ['a', 'b'])).toBe('b');
    expect(nextSource('b', ['a', 'b'])).toBeUndefined();
    expect(nextSource('gone', ['a'])).toBeUndefined();
    expect(nextSource(undefined, [])).toBeUndefined();
  });
});

describe('the keymap', () => {
  it('maps keys by mode: letters browse, but type into the search box', () => {
    expect(actionFor('list', { input: 'j' })).toBe('down');
    expect(actionFor('list', { input: '', downArrow: true })).toBe('down');
    expect(actionFor('detail', { input: 'i' })).toBe('install');
    expect(actionFor('list', { input: 'x' })).toBe('remove');
    expect(actionFor('list', { input: 'G' })).toBe('bottom');
    expect(actionFor('list', { input: '/' })).toBe('focusSearch');
    expect(actionFor('search', { input: 'j' })).toBeUndefined();
    expect(actionFor('search', { input: 'q' })).toBeUndefined();
    expect(actionFor('search', { input: 'c', ctrl: true })).toBe('quit');
    expect(actionFor('list', { input: 'q' })).toBe('quit');
    expect(actionFor('search', { input: '', return: true })).toBe('submit');
  });

  it('has a label for every binding and one footer hint per action', () => {
    for (const b of KEYMAP) expect(b.label.length).toBeGreaterThan(0);
    const footer = hints('list').map((h) => h.label);
    expect(new Set(footer).size).toBe(footer.length);
    expect(footer).toEqual(expect.arrayContaining(['install', 'remove', 'review', 'star', 'help', 'quit']));
  });
});
