import { useCallback, useState } from 'react';
import type { SuppressionRow, WatchlistEntryRow } from '../../../server/api/contracts';
import { apiSend } from '../api/client';
import { useApiResource, type Resource } from './useApiResource';

/** A list an admin edits: its rows, adding one, removing one, and the last change's outcome. */
export interface EditableList<T> extends Resource<{ items: T[] }> {
  busy: boolean;
  /** The last add or remove that failed (the API's message: a bad regex, a missing field). */
  error: Error | null;
  /** POSTs `body`, then reloads; resolves to the created row, or null when refused. */
  add: (body: unknown) => Promise<T | null>;
  /** DELETEs the row, then reloads; resolves to whether it was removed. */
  remove: (id: string) => Promise<boolean>;
}

function useEditableList<T>(path: string): EditableList<T> {
  const resource = useApiResource<{ items: T[] }>(path);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const { reload } = resource;
  const run = useCallback(
    async <R>(call: () => Promise<R>, fallback: R): Promise<R> => {
      setBusy(true);
      setError(null);
      try {
        const result = await call();
        reload();
        return result;
      } catch (e) {
        setError(e as Error);
        return fallback;
      } finally {
        setBusy(false);
      }
    },
    [reload],
  );
  const add = useCallback((body: unknown) => run(() => apiSend<T>('POST', path, body), null), [run, path]);
  const remove = useCallback(
    (id: string) =>
      run(async () => {
        await apiSend<void>('DELETE', `${path}/${encodeURIComponent(id)}`);
        return true;
      }, false),
    [run, path],
  );
  return { ...resource, busy, error, add, remove };
}

/** Finding suppressions (GET/POST /api/finding-suppressions, DELETE /api/finding-suppressions/:id). */
export const useSuppressions = (): EditableList<SuppressionRow> =>
  useEditableList<SuppressionRow>('/api/finding-suppressions');

/** Watch-list entries (GET/POST /api/risk-watchlist, DELETE /api/risk-watchlist/:id). */
export const useWatchlist = (): EditableList<WatchlistEntryRow> =>
  useEditableList<WatchlistEntryRow>('/api/risk-watchlist');
