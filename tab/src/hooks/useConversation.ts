import type { Conversation } from '../../../server/api/contracts';
import { useApiResource, type Resource } from './useApiResource';

/** One conversation with its transcript (the server records this view in the access log). */
export function useConversation(id: string | null): Resource<Conversation> {
  return useApiResource<Conversation>(id ? `/api/conversations/${encodeURIComponent(id)}` : null);
}
