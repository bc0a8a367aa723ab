import type { Wire } from '../../../server/api/contracts';
import type { AppCount } from '../../../server/core/insights/types';
import { useApiResource } from './useApiResource';

export type AppOption = Wire<AppCount>;

/** The Copilot apps seen in a range (for the app filters), most used first. */
export function useApps(range?: { from: string; to: string }): { apps: AppOption[]; error: Error | null } {
  const { data, error } = useApiResource<{ items: AppOption[] }>('/api/apps', range);
  return { apps: data?.items ?? [], error };
}
