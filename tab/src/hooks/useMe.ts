import type { Me } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/** Who the API thinks is calling: decides the access pages and the demo banner. */
export function useMe(): Resource<Me> {
  return useApiResource<Me>('/api/me');
}
