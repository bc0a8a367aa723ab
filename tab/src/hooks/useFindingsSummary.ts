import type { FindingsSummary } from '../../../server/api/contracts';
import type { QueryParams } from '../api/client';
import { useApiResource, type Resource } from './useApiResource';

/** Open findings by severity and app, and findings per day (GET /api/findings/summary; `userId`, `appKey`, range). */
export function useFindingsSummary(params?: QueryParams): Resource<FindingsSummary> {
  return useApiResource<FindingsSummary>('/api/findings/summary', params);
}
