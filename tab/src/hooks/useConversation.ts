import { useCallback, useEffect, useState } from 'react';
import type { Conversation } from '../../../server/api/contracts';
import { askReason, reasonFor } from '../privacy/accessReasons';
import { useCan } from '../privacy/tierContext';
import { useApiResource, type Resource } from './useApiResource';

/**
 * One conversation with its transcript. The server opens it only with a reason, which it records in the access log:
 * the reason is asked first (ReasonPrompt), and cancelling leaves the conversation closed with an error to retry.
 */
export function useConversation(id: string | null): Resource<Conversation> {
  const [reason, setReason] = useState<{ id: string; value: string | null } | null>(null);
  const [asking, setAsking] = useState(0);
  const allowed = useCan('readConversations');
  useEffect(() => {
    if (!id || !allowed) return;
    let live = true;
    const known = reasonFor(id);
    if (known) setReason({ id, value: known });
    else void askReason(id).then((value) => live && setReason({ id, value }));
    return () => {
      live = false;
    };
  }, [id, asking, allowed]);
  const given = id && reason?.id === id ? reason.value : undefined;
  const resource = useApiResource<Conversation>(
    id && given ? `/api/conversations/${encodeURIComponent(id)}` : null,
    given ? { reason: given } : undefined,
  );
  const askAgain = useCallback(() => {
    setReason(null);
    setAsking((n) => n + 1);
  }, []);
  if (id && !allowed)
    return {
      data: null,
      loading: false,
      error: new Error('Conversation text needs the Investigator role of Copilot Observatory.'),
      reload: () => undefined,
    };
  if (id && given === null)
    return {
      data: null,
      loading: false,
      error: new Error('This conversation opens only with a reason, which is kept in the access log.'),
      reload: askAgain,
    };
  return { ...resource, loading: resource.loading || (id !== null && given === undefined) };
}
