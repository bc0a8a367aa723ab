import { useMemo } from 'react';
import type { TableSort } from '../components/DataTable';
import { replaceParams } from '../routing/navigation';
import { resolveRange, type ResolvedRange } from '../routing/timeRange';
import { useRoute } from './useRoute';

export interface Filters {
  /** A filter's value from the URL ('' when absent). */
  get: (name: string) => string;
  /** Changes filters in the URL (the lists re-query from there). */
  set: (updates: Record<string, string | undefined>) => void;
  range: ResolvedRange;
  /** Whether the URL names a range at all (views that default to "all time" send none otherwise). */
  hasRange: boolean;
  /** The URL asks for all time (`days=all`) on a view that offers it. */
  allTime: boolean;
  /** `sort`/`dir` from the URL when `sort` is one the API accepts, else the default. */
  sort: (allowed: readonly string[], fallback: TableSort) => TableSort;
  setSort: (sort: TableSort) => void;
}

/** The current view's filters, read from and written to the URL hash (so every state is a deep link). */
export function useFilters(): Filters {
  const { params } = useRoute();
  return useMemo<Filters>(
    () => ({
      get: (name) => params.get(name) ?? '',
      set: replaceParams,
      range: resolveRange(params),
      hasRange:
        (params.has('days') && params.get('days') !== 'all') ||
        params.has('period') ||
        (params.has('from') && params.has('to')),
      allTime: params.get('days') === 'all',
      sort: (allowed, fallback) => {
        const key = params.get('sort');
        const dir = params.get('dir');
        if (!key || !allowed.includes(key)) return fallback;
        return { key, direction: dir === 'asc' ? 'asc' : dir === 'desc' ? 'desc' : fallback.direction };
      },
      setSort: (sort) => replaceParams({ sort: sort.key, dir: sort.direction }),
    }),
    [params],
  );
}
