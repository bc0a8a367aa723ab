import type { SyncedWindow } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/** Where the synced history starts (to say "not synced before" rather than "no activity"). */
export function useSyncedWindow(): Resource<SyncedWindow> {
  return useApiResource<SyncedWindow>('/api/synced-window');
}

/**
 * Whether a period starting at `from` lies inside the synced history, so a change against it means something (a
 * previous period that reaches back before the sync would make every figure look "new"). False until known.
 */
export function useSyncedFrom(from: string): boolean {
  const since = useSyncedWindow().data?.syncedSince;
  return since !== undefined && since !== null && Date.parse(from) >= Date.parse(since);
}
