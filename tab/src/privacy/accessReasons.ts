/**
 * Why the signed-in Investigator opens a conversation: asked once per conversation for the life of the page (the
 * server writes it to the access log with every load, so a reload or the feed's preview reuses it), never stored.
 */
const reasons = new Map<string, string>();

export interface ReasonRequest {
  conversationId: string;
  answer(reason: string | null): void;
}

let pending: ReasonRequest | null = null;
const listeners = new Set<(request: ReasonRequest | null) => void>();
const waiting = new Map<string, Promise<string | null>>();

const publish = () => listeners.forEach((l) => l(pending));

/** The reason already given for a conversation, if any. */
export const reasonFor = (conversationId: string): string | undefined => reasons.get(conversationId);

/** Asks for a reason (the ReasonPrompt dialog answers); null when the person cancels. One question per conversation. */
export function askReason(conversationId: string): Promise<string | null> {
  const known = reasons.get(conversationId);
  if (known) return Promise.resolve(known);
  const asked = waiting.get(conversationId);
  if (asked) return asked;
  const promise = new Promise<string | null>((resolve) => {
    pending = {
      conversationId,
      answer(reason) {
        if (reason) reasons.set(conversationId, reason);
        waiting.delete(conversationId);
        pending = null;
        publish();
        resolve(reason);
      },
    };
    publish();
  });
  waiting.set(conversationId, promise);
  return promise;
}

/** Follows the open question (the dialog subscribes); returns the unsubscribe. */
export function onReasonRequest(listener: (request: ReasonRequest | null) => void): () => void {
  listeners.add(listener);
  listener(pending);
  return () => listeners.delete(listener);
}
