import { useCallback, useState } from 'react';
import type { Conversation } from '../../../server/api/contracts';
import { reasonFor, rememberReason } from '../privacy/accessReasons';
import { useCan } from '../privacy/tierContext';
import { useApiResource, type Resource } from './useApiResource';

export interface ConversationResource extends Resource<Conversation> {
  /**
   * Set while the reason has to be asked (show ReasonPrompt and pass it the answer): nothing is requested until a
   * reason is given; null cancels.
   */
  answerReason: ((reason: string | null) => void) | null;
}

const nothing = () => undefined;

/**
 * One conversation with its transcript. The server opens it only with a reason, which it records in the access log:
 * the reason is asked first (the caller shows ReasonPrompt while `answerReason` is set), once per conversation per
 * page load; cancelling leaves the conversation closed with an error whose retry asks again. Below Investigator
 * nothing is asked or fetched.
 */
export function useConversation(id: string | null): ConversationResource {
  const [answer, setAnswer] = useState<{ id: string; value: string | null } | null>(null);
  const allowed = useCan('readConversations');
  const given = id ? (reasonFor(id) ?? (answer?.id === id ? answer.value : undefined)) : undefined;
  const resource = useApiResource<Conversation>(
    id && allowed && given ? `/api/conversations/${encodeURIComponent(id)}` : null,
    given ? { reason: given } : undefined,
  );
  const answerReason = useCallback(
    (value: string | null) => {
      if (!id) return;
      if (value) rememberReason(id, value);
      setAnswer({ id, value });
    },
    [id],
  );
  const askAgain = useCallback(() => setAnswer(null), []);
  if (id && !allowed)
    return {
      data: null,
      loading: false,
      error: new Error('Conversation text needs the Investigator role of Copilot Observatory.'),
      reload: nothing,
      answerReason: null,
    };
  if (id && given === undefined) return { data: null, loading: false, error: null, reload: nothing, answerReason };
  if (id && given === null)
    return {
      data: null,
      loading: false,
      error: new Error('This conversation opens only with a reason, which is kept in the access log.'),
      reload: askAgain,
      answerReason: null,
    };
  return { ...resource, answerReason: null };
}
