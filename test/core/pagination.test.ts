import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { decodeCursor, pageWindow, toConnection } from '../../server/pagination.js';

describe('toConnection', () => {
  it('gives each edge the cursor of its offset, and the page its first and last', () => {
    const window = pageWindow({ first: 3, after: toConnection(['x'], 10, { offset: 4, limit: 1 }).edges[0].cursor });
    expect(window).toEqual({ offset: 5, limit: 3 });
    const page = toConnection(['a', 'b', 'c'], 10, window);
    expect(page.nodes).toEqual(['a', 'b', 'c']);
    expect(page.edges.map((e) => [decodeCursor(e.cursor), e.node])).toEqual([[5, 'a'], [6, 'b'], [7, 'c']]);
    // the same edges however often they are read
    expect(page.edges).toBe(page.edges);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: page.edges[0].cursor, endCursor: page.edges[2].cursor });
  });

  it('has no cursors for an empty page, and no next page at the end', () => {
    expect(toConnection([], 0, { offset: 0, limit: 20 }).pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
    expect(toConnection(['z'], 8, { offset: 7, limit: 20 }).pageInfo.hasNextPage).toBe(false);
  });
});
