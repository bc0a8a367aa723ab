import type { Overview } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/** Headline figures, top apps/users and daily activity for a time range (one app's when `appKey` is set). */
export function useOverview(range: { from: string; to: string }, appKey = ''): Resource<Overview> {
  return useApiResource<Overview>('/api/overview', { from: range.from, to: range.to, appKey });
}
