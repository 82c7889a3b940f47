import { describe, expect, it } from 'vitest';
import { compactCount, fit, sparkline, stars, wrap } from '../../cli/tui/logic/format.js';
import { actionFor, hints, KEYMAP } from '../../cli/tui/logic/keymap.js';
import { keyPresses } from '../../cli/tui/logic/keys.js';
import type { Row } from '../../cli/tui/registry.js';
import { columnsFor, headerText, rowText } from '../../cli/tui/views.js';
import { initialList, listReducer, paneRows, scrollPane, settle, visible } from '../../cli/tui/logic/list.js';
import { activeFilters, initialFilters, nextCategory, nextSort, nextSource, toQuery } from '../../cli/tui/logic/query.js';

describe('key bursts', () => {
  it('splits the characters of one read into keys of their own', () => {
    expect(keyPresses('jjj', {}).map((k) => k.input)).toEqual(['j', 'j', 'j']);
    expect(keyPresses('j\rG', {})).toEqual([{ input: 'j', shift: false }, { input: '', return: true }, { input: 'G', shift: true }]);
    expect(keyPresses('a\u0015\u007f', {})).toEqual([{ input: 'a', shift: false }, { input: 'u', ctrl: true }, { input: '', backspace: true }]);
  });

  it('leaves a single key and an escape sequence as Ink reported them', () => {
    expect(keyPresses('j', {})).toEqual([{ input: 'j' }]);
    expect(keyPresses('', { downArrow: true })).toEqual([{ input: '', downArrow: true }]);
    expect(keyPresses('c', { ctrl: true })).toEqual([{ input: 'c', ctrl: true }]);
    // Esc and a letter read together, which Ink reports as Alt and the letter
    expect(keyPresses('o', { meta: true })).toEqual([{ input: '', escape: true }, { input: 'o', shift: false }]);
  });
});

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

  it('wraps words to a width, keeping paragraphs and cutting words longer than a line', () => {
    expect(wrap('Runs agents against local models', 12)).toEqual(['Runs agents', 'against', 'local models']);
    expect(wrap('one\n\ntwo  words', 20)).toEqual(['one', '', 'two words']);
    expect(wrap('see https://example.com/long', 10)).toEqual(['see', 'https://ex', 'ample.com/', 'long']);
    expect(wrap('', 10)).toEqual(['']);
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

  it('scrolls a pane taller than its window between the top and the last full window', () => {
    const scroll = (top: number, action: Parameters<typeof scrollPane>[1]) => scrollPane(top, action, 40, 10);
    expect(scroll(0, { type: 'move', by: 1 })).toBe(1);
    expect(scroll(0, { type: 'move', by: -1 })).toBe(0);
    expect(scroll(0, { type: 'page', by: 1 })).toBe(9);
    expect(scroll(25, { type: 'page', by: 1 })).toBe(30);
    expect(scroll(5, { type: 'page', by: -1 })).toBe(0);
    expect(scroll(3, { type: 'bottom' })).toBe(30);
    expect(scroll(30, { type: 'top' })).toBe(0);
    expect(scrollPane(30, { type: 'move', by: 0 }, 12, 10)).toBe(2);
    expect(scrollPane(4, { type: 'bottom' }, 5, 10)).toBe(0);
  });

  it('keeps a row of a pane for where the reader is, only when the lines do not fit', () => {
    expect(paneRows(19, 19)).toBe(19);
    expect(paneRows(20, 19)).toBe(18);
    expect(paneRows(5, 1)).toBe(1);
  });

  it('settles after the list shrinks or the terminal resizes', () => {
    expect(settle({ cursor: 40, offset: 35 }, 5, 10)).toEqual({ cursor: 4, offset: 0 });
    expect(settle({ cursor: 20, offset: 15 }, 50, 3)).toEqual({ cursor: 20, offset: 18 });
    expect(visible({ cursor: 20, offset: 15 }, 50, 10)).toEqual({ start: 15, end: 25 });
    expect(visible(initialList, 3, 10)).toEqual({ start: 0, end: 3 });
  });
});

describe('the query', () => {
  const query = (text: string, filters = initialFilters) => toQuery(text, filters, 100);

  it('reads tag: and is:verified words as filters', () => {
    expect(query('  local llm tag:Self-Hosted is:verified ')).toEqual({ query: { text: 'local llm', tags: ['self-hosted'], verified: true, limit: 100 }, problem: null });
    expect(toQuery('', { ...initialFilters, sort: 'rating', source: 'official' }, 20)).toEqual({ query: { text: '', sort: 'rating', limit: 20 }, problem: null });
    expect(query('tag:').query.text).toBe('tag:');
    expect(query('is:great').problem).toBe('is: takes verified, tested, installed or outdated, not "great"');
    expect(query('is:installed llm')).toEqual({ query: { text: 'llm', limit: 100 }, problem: null, local: 'installed' });
    expect(query('is:outdated').local).toBe('outdated');
  });

  it('reads is:tested and quality:N or quality>=N as the quality filters', () => {
    expect(query('llm is:tested quality>=80').query).toEqual({ text: 'llm', tested: true, minQuality: 80, limit: 100 });
    expect(query('quality:100').query.minQuality).toBe(100);
    expect(query('quality>=101').problem).toBe('quality: takes a score from 0 to 100, not "101"');
    expect(query('quality:').problem).toBe('quality: takes a score from 0 to 100');
    expect(activeFilters(query('is:tested quality:70').query)).toEqual(['is:tested', 'quality>=70']);
  });

  it('reads cat: or category: as the category and has: or cap: as capabilities', () => {
    expect(query('llm cat:Community has:vision cap:function-calling has:VISION').query).toEqual({
      text: 'llm',
      category: 'community',
      capabilities: ['vision', 'function_calling'],
      limit: 100,
    });
    expect(query('category:experimental cap:fine_tuning').query).toMatchObject({ category: 'experimental', capabilities: ['fine_tuning'] });
  });

  it('takes the category from the key, and a typed category over it', () => {
    const official = { ...initialFilters, category: 'official' as const };
    expect(query('', official).query.category).toBe('official');
    expect(query('cat:enterprise', official).query.category).toBe('enterprise');
  });

  it('names an unknown category or capability, with the known ones, instead of searching for it', () => {
    expect(query('llm cat:beta').problem).toBe('no category "beta": cat: takes official, verified, community, enterprise or experimental');
    expect(query('has:telepathy').problem).toBe('no capability "telepathy": has: takes streaming, function_calling, vision, embeddings or fine_tuning');
    expect(query('cap:').problem).toBe('cap: takes streaming, function_calling, vision, embeddings or fine_tuning');
    expect(query('has:x cat:y').problem).toMatch(/^no capability "x"/);
    expect(query('cat:beta', { ...initialFilters, category: 'official' }).query.category).toBe('official');
  });

  it('lists the active filters the way they are typed', () => {
    expect(activeFilters(query('llm tag:local has:vision cat:community is:verified').query)).toEqual(['is:verified', 'cat:community', 'has:vision', 'tag:local']);
    expect(activeFilters(query('llm').query)).toEqual([]);
  });

  it('cycles sorts and sources back to the start', () => {
    const seen = [undefined];
    for (let i = 0; i < 5; i++) seen.push(nextSort(seen.at(-1) as never) as never);
    expect(seen).toEqual([undefined, 'downloads', 'rating', 'updated', 'quality', undefined]);
    expect(nextSource(undefined, ['a', 'b'])).toBe('a');
    expect(nextSource('a', ['a', 'b'])).toBe('b');
    expect(nextSource('b', ['a', 'b'])).toBeUndefined();
    expect(nextSource('gone', ['a'])).toBeUndefined();
    expect(nextSource(undefined, [])).toBeUndefined();
    const categories = [nextCategory(undefined)];
    while (categories.at(-1) !== undefined) categories.push(nextCategory(categories.at(-1)));
    expect(categories).toEqual(['official', 'verified', 'community', 'enterprise', 'experimental', undefined]);
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
    expect(actionFor('list', { input: 'f' })).toBe('category');
    expect(actionFor('search', { input: 'f' })).toBeUndefined();
  });

  it('has a label for every binding and one footer hint per action', () => {
    for (const b of KEYMAP) expect(b.label.length).toBeGreaterThan(0);
    const footer = hints('list').map((h) => h.label);
    expect(new Set(footer).size).toBe(footer.length);
    expect(footer).toEqual(expect.arrayContaining(['install', 'remove', 'review', 'star', 'help', 'quit']));
    const detail = hints('detail').map((h) => h.label);
    expect(detail[0]).toBe('scroll');
    expect(detail).not.toContain('open');
  });
});

describe('the list columns', () => {
  const long = { id: 'openai-compatible-proxy-plugin', name: 'OpenAI-Compatible Proxy', version: '1.3.1', rating: 4.6, reviews: 9, downloads: 13_000, verified: true, installed: '1.3.0', outdated: true, source: 'official', provider_type: 'openai' } as unknown as Row;

  it('keeps the id whole at 60 and 66 columns: the name goes first, then the five stars for a number', () => {
    const at60 = columnsFor([long], 60);
    expect(at60).toMatchObject({ name: 0, stars: false });
    expect(rowText(long, at60, 60)).toMatch(/^openai-compatible-proxy-plugin +↑ 1\.3\.1 +★4\.6 +13k ✓/);
    const at66 = columnsFor([long], 66);
    expect(rowText(long, at66, 66)).toMatch(/^openai-compatible-proxy-plugin +↑ 1\.3\.1 +★★★★★ 4\.6 +13k ✓/);
    expect(headerText(at66, 'downloads', 66)).toMatch(/^ {2}ID +VERSION +RATING +DL▼/);
    expect(headerText(at60, 'rating', 60)).toMatch(/★▼/);
  });
});
