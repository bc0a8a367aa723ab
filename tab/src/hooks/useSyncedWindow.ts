import type { SyncedWindow } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/** Where the synced history starts (to say "not synced before" rather than "no activity"). */
export function useSyncedWindow(): Resource<SyncedWindow> {
  return useApiResource<SyncedWindow>('/api/synced-window');
}
