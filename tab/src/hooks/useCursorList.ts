import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet, type QueryParams } from '../api/client';

/** A page as it travels (the row type is already the wire type, e.g. AgentRow from contracts.ts). */
interface WirePage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export interface CursorList<T> {
  /** The rows; while `loading`, those of the previous filters (empty on the first load). */
  items: T[];
  total: number | null;
  /** First page in flight (filters changed or reload). */
  loading: boolean;
  loadingMore: boolean;
  error: Error | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

interface ListState<T> {
  key: string | null;
  items: T[];
  total: number | null;
  nextCursor: string | null;
  error: Error | null;
  loadingMore: boolean;
}

const EMPTY: ListState<never> = {
  key: null,
  items: [],
  total: null,
  nextCursor: null,
  error: null,
  loadingMore: false,
};

/** A cursor-paged list endpoint: the first page follows the params, "load more" appends the next one. */
export function useCursorList<T>(path: string, params: QueryParams, pageSize = 50): CursorList<T> {
  const key = `${path}?${JSON.stringify(params)}&limit=${pageSize}`;
  const [state, setState] = useState<ListState<T>>(EMPTY);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  useEffect(() => {
    const request = ++latest.current;
    apiGet<WirePage<T>>(path, { ...paramsRef.current, limit: pageSize }).then(
      (page) => {
        if (request !== latest.current) return;
        setState({
          key,
          items: page.items,
          total: page.total,
          nextCursor: page.nextCursor,
          error: null,
          loadingMore: false,
        });
      },
      (error: unknown) => {
        if (request === latest.current) setState({ ...EMPTY, key, error: error as Error });
      },
    );
  }, [path, key, pageSize, generation]);

  const stateRef = useRef(state);
  stateRef.current = state;
  const loadMore = useCallback(() => {
    const { nextCursor, loadingMore } = stateRef.current;
    if (!nextCursor || loadingMore) return;
    const request = latest.current;
    setState((s) => ({ ...s, loadingMore: true }));
    apiGet<WirePage<T>>(path, { ...paramsRef.current, limit: pageSize, cursor: nextCursor }).then(
      (page) => {
        if (request !== latest.current) return;
        setState((s) => ({
          ...s,
          items: [...s.items, ...page.items],
          total: page.total,
          nextCursor: page.nextCursor,
          loadingMore: false,
          error: null,
        }));
      },
      (error: unknown) => {
        if (request === latest.current) setState((s) => ({ ...s, loadingMore: false, error: error as Error }));
      },
    );
  }, [path, pageSize]);

  const reload = useCallback(() => {
    setState(EMPTY);
    setGeneration((g) => g + 1);
  }, []);

  // While new filters or a new sort load, the previous rows stay (marked busy): the grid, and the header or button
  // that has keyboard focus, stay where they are instead of giving way to a spinner.
  const current = state.key === key;
  return {
    items: state.items,
    total: state.total,
    loading: !current,
    loadingMore: current && state.loadingMore,
    error: current ? state.error : null,
    hasMore: current && !!state.nextCursor,
    loadMore,
    reload,
  };
}
