import type { Overview } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/**
 * Headline figures, top apps/users and daily activity for a time range (one app's when `appKey` is set); nothing is
 * asked while `range` is null.
 */
export function useOverview(range: { from: string; to: string } | null, appKey = ''): Resource<Overview> {
  return useApiResource<Overview>(
    range === null ? null : '/api/overview',
    range === null ? {} : { from: range.from, to: range.to, appKey },
  );
}
