import { useEffect, useMemo, useRef, useState } from 'react';
import { toQuery, type Filters, type Parsed } from './logic/query.js';
import type { Detail, Registry, Results, Row } from './registry.js';

export const DEBOUNCE_MS = 150;
/** Fast answers never flash a spinner. */
export const LOADING_DELAY_MS = 100;
const LIMIT = 100;

export interface SearchState {
  results: Results | null;
  loading: boolean;
  error: string | null;
  /** Bumped on each answer shown, so the list can reset its cursor. */
  generation: number;
}

/**
 * Results for the box text and filters: asks after a pause in typing, shows "loading" only when an answer is
 * slow, and drops an answer when a newer question was asked meanwhile. A box the query cannot read (`parsed.problem`)
 * asks nothing: the last results stay while the problem is shown.
 */
export function useSearch(registry: Registry, text: string, filters: Filters, reload: number): SearchState & Parsed {
  const [state, setState] = useState<SearchState>({ results: null, loading: false, error: null, generation: 0 });
  const parsed = useMemo(() => toQuery(text, filters, LIMIT), [text, filters]);
  const latest = useRef(0);
  const first = useRef(true);
  useEffect(() => {
    const ticket = ++latest.current;
    if (parsed.problem) {
      setState((s) => (s.loading ? { ...s, loading: false } : s));
      return;
    }
    let loadingTimer: NodeJS.Timeout | undefined;
    // The first search runs at once: nothing was typed yet, and the first screen should fill quickly.
    const debounce = setTimeout(
      () => {
        loadingTimer = setTimeout(() => latest.current === ticket && setState((s) => ({ ...s, loading: true })), LOADING_DELAY_MS);
        registry.search(parsed.query, filters.source).then(
          (results) => {
            if (latest.current !== ticket) return;
            setState((s) => ({ results, loading: false, error: null, generation: s.generation + 1 }));
          },
          (err: Error) => {
            if (latest.current !== ticket) return;
            setState((s) => ({ ...s, loading: false, error: err.message }));
          },
        ).finally(() => clearTimeout(loadingTimer));
      },
      first.current ? 0 : DEBOUNCE_MS,
    );
    first.current = false;
    return () => {
      clearTimeout(debounce);
      clearTimeout(loadingTimer);
    };
  }, [registry, parsed, filters.source, reload]);
  return { ...state, ...parsed };
}

export interface DetailState {
  detail: Detail | null;
  loading: boolean;
  error: string | null;
}

/** Details of the selected row, fetched when it settles; answers for a row no longer selected are dropped. */
export function useDetail(registry: Registry, row: Row | undefined, enabled: boolean, reload: number): DetailState {
  const [state, setState] = useState<DetailState>({ detail: null, loading: false, error: null });
  const latest = useRef(0);
  const key = row ? `${row.source}/${row.id}` : '';
  useEffect(() => {
    const ticket = ++latest.current;
    if (!row || !enabled) return;
    setState((s) => ({ detail: s.detail && `${s.detail.row.source}/${s.detail.row.id}` === key ? s.detail : null, loading: true, error: null }));
    // Moving through the list quickly should not ask for every row passed over.
    const timer = setTimeout(() => {
      registry.detail(row).then(
        (detail) => latest.current === ticket && setState({ detail, loading: false, error: null }),
        (err: Error) => latest.current === ticket && setState({ detail: null, loading: false, error: err.message }),
      );
    }, 60);
    return () => clearTimeout(timer);
    // Keyed by the row's id, not the object: a new search answer holding the same row must not refetch it.
  }, [registry, key, enabled, reload]);
  return state;
}
