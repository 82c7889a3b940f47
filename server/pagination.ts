import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadInputError } from './errors.js';

export const MAX_PAGE_SIZE = 100;

/** The paging arguments every list query takes: a Relay cursor, or limit/offset. */
@ArgsType()
export class PageArgsInput {
  @Field(() => Int, { nullable: true, description: 'Page size, at most 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of the previous page' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Alternative to first: page size, at most 100' })
  limit?: number | null;

  @Field(() => Int, { nullable: true, description: 'Alternative to after: number of items to skip' })
  offset?: number | null;
}

@ObjectType({ description: 'Relay page information' })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/** Both ways of paging: Relay `first`/`after`, or `limit`/`offset` for simple callers. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  limit?: number | null;
  offset?: number | null;
}

export interface Window {
  offset: number;
  limit: number;
}

const CURSOR_PREFIX = 'o:';

/** Cursors are opaque to callers: a position in the (deterministically ordered) result. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || encodeCursor(offset) !== cursor) {
    throw new BadInputError('after', 'malformed cursor; use a cursor from a previous page');
  }
  return offset;
}

export function pageWindow(args: PageArgs, defaultSize = 20, maxSize = MAX_PAGE_SIZE): Window {
  const relay = args.first != null || args.after != null;
  const simple = args.limit != null || args.offset != null;
  if (relay && simple) throw new BadInputError('first', 'use either first/after or limit/offset, not both');
  const size = args.first ?? args.limit ?? defaultSize;
  const sizeName = args.first != null ? 'first' : 'limit';
  if (!Number.isInteger(size) || size < 0 || size > maxSize) {
    throw new BadInputError(sizeName, `must be an integer between 0 and ${maxSize}`);
  }
  let offset = 0;
  if (args.after != null) offset = decodeCursor(args.after) + 1;
  else if (args.offset != null) {
    if (!Number.isInteger(args.offset) || args.offset < 0) throw new BadInputError('offset', 'must be a non-negative integer');
    offset = args.offset;
  }
  return { offset, limit: size };
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** The page as a connection; its cursors are made only when a query asks for them (most ask for `nodes` alone). */
export function toConnection<T>(nodes: T[], totalCount: number, window: Window): ConnectionShape<T> {
  const cursorAt = (i: number) => encodeCursor(window.offset + i);
  let edges: { cursor: string; node: T }[] | undefined;
  return {
    get edges() {
      return (edges ??= nodes.map((node, i) => ({ cursor: cursorAt(i), node })));
    },
    nodes,
    totalCount,
    pageInfo: {
      hasNextPage: window.offset + nodes.length < totalCount,
      hasPreviousPage: window.offset > 0,
      get startCursor() {
        return nodes.length > 0 ? cursorAt(0) : null;
      },
      get endCursor() {
        return nodes.length > 0 ? cursorAt(nodes.length - 1) : null;
      },
    },
  };
}

/** A Relay connection type over T: `{ edges { cursor node } nodes pageInfo totalCount }`. */
export function Connection<T extends object>(Item: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => Item) node!: T;
  }

  // Registered under a throwaway name: only the concrete `class XConnection extends Connection(X)` reaches the schema.
  @ObjectType(`${name}ConnectionBase`)
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [Item], { description: 'The nodes of the edges, for callers that need no cursors' }) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionType;
}
