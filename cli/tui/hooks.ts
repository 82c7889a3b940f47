import { useEffect, useMemo, useRef, useState } from 'react';
import { PAGE } from './logic/browser.js';
import { toQuery, type Filters, type Parsed } from './logic/query.js';
import type { Detail, Registry, Results, Row } from './registry.js';

export const DEBOUNCE_MS = 150;
/** Fast answers never flash a spinner. */
export const LOADING_DELAY_MS = 100;
/** While no source answers, the search asks again this often, so the screen recovers when the server is back. */
export const RETRY_MS = 3000;

export interface SearchState {
  results: Results | null;
  loading: boolean;
  error: string | null;
  /** The box text and filters the results on screen answer; another means they are stale. */
  answered: string;
  /** Pages of `results` read (Infinity: all of them). */
  read: number;
  /** Which question (or refresh of it) the first page answered. */
  ticket: number;
}

/**
 * Results for the box text and filters: asks after a pause in typing, shows "loading" only when an answer is
 * slow, and drops an answer when a newer question was asked meanwhile. A box the query cannot read (`parsed.problem`)
 * asks nothing: the last results stay while the problem is shown. `pages` grows as the cursor nears the end of the
 * rows loaded (Infinity: every match); each page more continues where the last one ended and is appended, so no
 * page is read twice. A new question starts again at one page.
 */
export function useSearch(registry: Registry, text: string, filters: Filters, reload: number, pages: number): SearchState & Parsed & { asked: string } {
  const [state, setState] = useState<SearchState>({ results: null, loading: false, error: null, answered: '', read: 0, ticket: 0 });
  const parsed = useMemo(() => toQuery(text, filters, PAGE), [text, filters]);
  const asked = JSON.stringify([text.trim(), filters]);
  const latest = useRef(0);
  const first = useRef(true);
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    const ticket = ++latest.current;
    if (parsed.problem) {
      setState((s) => (s.loading ? { ...s, loading: false } : s));
      return;
    }
    let loadingTimer: NodeJS.Timeout | undefined;
    let retryTimer: NodeJS.Timeout | undefined;
    const query = parsed.local ? { ...parsed.query, limit: undefined } : parsed.query;
    // The first search runs at once: nothing was typed yet, and the first screen should fill quickly.
    const debounce = setTimeout(
      () => {
        loadingTimer = setTimeout(() => latest.current === ticket && setState((s) => ({ ...s, loading: true })), LOADING_DELAY_MS);
        registry.search(query, filters.source, parsed.local).then(
          (results) => {
            if (latest.current !== ticket) return;
            setState({ results, loading: false, error: null, answered: asked, read: 1, ticket });
          },
          (err: Error) => {
            if (latest.current !== ticket) return;
            setState((s) => ({ ...s, loading: false, error: err.message }));
            retryTimer = setTimeout(() => setRetry((n) => n + 1), RETRY_MS);
          },
        ).finally(() => clearTimeout(loadingTimer));
      },
      first.current ? 0 : DEBOUNCE_MS,
    );
    first.current = false;
    return () => {
      clearTimeout(debounce);
      clearTimeout(loadingTimer);
      clearTimeout(retryTimer);
    };
  }, [registry, parsed, filters.source, reload, retry, asked]);
  useMore(registry, parsed, filters.source, state, asked, pages, latest, setState);
  return { ...state, ...parsed, asked };
}

/**
 * Reads the pages after those on screen until `pages` are: from the cursors of the last answer, one request at a
 * time, dropped when a new question was asked meanwhile (`latest` moved on). A failure is tried again after a while.
 */
function useMore(registry: Registry, parsed: Parsed, source: string | undefined, state: SearchState, asked: string, pages: number, latest: { current: number }, setState: (f: (s: SearchState) => SearchState) => void): void {
  const reading = useRef<string | null>(null);
  const retryTimer = useRef<NodeJS.Timeout | undefined>(undefined);
  const [retry, setRetry] = useState(0);
  const { results } = state;
  const key = results?.next && state.answered === asked && state.read < pages && !parsed.problem ? JSON.stringify([state.ticket, results.next, pages === Infinity]) : null;
  useEffect(() => () => clearTimeout(retryTimer.current), []);
  useEffect(() => {
    if (!key || !results || reading.current === key) return;
    reading.current = key;
    const ticket = latest.current;
    const query = pages === Infinity ? { ...parsed.query, limit: undefined } : parsed.query;
    registry.more(query, source, results).then(
      (more) => latest.current === ticket && setState((s) => ({ ...s, results: more, error: null, read: pages === Infinity ? Infinity : s.read + 1 })),
      (err: Error) => {
        if (latest.current !== ticket) return;
        setState((s) => ({ ...s, error: err.message }));
        retryTimer.current = setTimeout(() => {
          reading.current = null;
          setRetry((n) => n + 1);
        }, RETRY_MS);
      },
    );
    // Only the key starts a read: the state it reads from changes with every answer, and a read is never cancelled.
  }, [key, retry]);
}

export interface DetailState {
  detail: Detail | null;
  loading: boolean;
  error: string | null;
}

/**
 * Details of the selected row, fetched when it settles; answers for a row no longer selected are dropped. Details
 * seen before show at once on return, and are asked again only after a refresh or a write (`reload`), or for more
 * reviews.
 */
export function useDetail(registry: Registry, row: Row | undefined, enabled: boolean, reload: number, reviews: number): DetailState {
  const [state, setState] = useState<DetailState>({ detail: null, loading: false, error: null });
  const cache = useRef(new Map<string, { detail: Detail; reload: number; reviews: number }>());
  const latest = useRef(0);
  const key = row ? `${row.source}/${row.id}` : '';
  useEffect(() => {
    const ticket = ++latest.current;
    if (!row || !enabled) return;
    const known = cache.current.get(key);
    const fresh = known?.reload === reload && known.reviews === reviews;
    setState({ detail: known?.detail ?? null, loading: !fresh, error: null });
    if (fresh) return;
    // Moving through the list quickly should not ask for every row passed over.
    const timer = setTimeout(() => {
      registry.detail(row, reviews).then(
        (detail) => {
          cache.current.set(key, { detail, reload, reviews });
          if (latest.current === ticket) setState({ detail, loading: false, error: null });
        },
        (err: Error) => latest.current === ticket && setState({ detail: null, loading: false, error: err.message }),
      );
    }, 60);
    return () => clearTimeout(timer);
    // Keyed by the row's id, not the object: a new search answer holding the same row must not refetch it.
  }, [registry, key, enabled, reload, reviews]);
  return state;
}

const FRAMES = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

/** A spinner frame that turns while `active`. */
export function useSpinner(active: boolean): string {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setFrame((n) => (n + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, [active]);
  return FRAMES[frame]!;
}
