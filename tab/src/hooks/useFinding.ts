import { useCallback, useState } from 'react';
import type { FindingDetail, FindingStatus } from '../../../server/api/contracts';
import { apiSend } from '../api/client';
import { useApiResource, type Resource } from './useApiResource';

export interface Triage {
  /** A change in flight. */
  busy: boolean;
  error: Error | null;
  /** The status the last change set, for the confirmation line. */
  changedTo: FindingStatus | null;
  /** PATCHes the finding's status with a note, then reloads it; resolves to whether the change was made. */
  change: (status: FindingStatus, note: string) => Promise<boolean>;
}

/** One finding with its history (GET /api/findings/:id) and its triage (PATCH, then a fresh read). */
export function useFinding(id: string | null): Resource<FindingDetail> & { triage: Triage } {
  const resource = useApiResource<FindingDetail>(id ? `/api/findings/${encodeURIComponent(id)}` : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [changedTo, setChangedTo] = useState<FindingStatus | null>(null);
  // The PATCH answer is shown while the fresh read is in flight, so the page (and the focused button) stays put.
  const [patched, setPatched] = useState<FindingDetail | null>(null);
  const { reload } = resource;
  const change = useCallback(
    async (status: FindingStatus, note: string): Promise<boolean> => {
      if (!id) return false;
      setBusy(true);
      setError(null);
      setChangedTo(null);
      return apiSend<FindingDetail>('PATCH', `/api/findings/${encodeURIComponent(id)}`, {
        status,
        note: note.trim() || null,
      })
        .then((updated) => {
          setPatched(updated);
          setChangedTo(status);
          reload();
          return true;
        })
        .catch((e: unknown) => {
          setError(e as Error);
          return false;
        })
        .finally(() => setBusy(false));
    },
    [id, reload],
  );
  const data = resource.data ?? (patched?.id === id ? patched : null);
  return { ...resource, data, triage: { busy, error, changedTo, change } };
}
