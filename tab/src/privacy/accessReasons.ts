/**
 * Why the signed-in Investigator opens a conversation: asked once per conversation for the life of the page (the
 * server writes it to the access log with every load, so a reload or the feed's preview reuses it), never stored.
 */
const reasons = new Map<string, string>();

/** The reason already given for a conversation, if any. */
export const reasonFor = (conversationId: string): string | undefined => reasons.get(conversationId);

/** Keeps the reason given for a conversation (ReasonPrompt's answer) for the rest of the page's life. */
export function rememberReason(conversationId: string, reason: string): void {
  reasons.set(conversationId, reason);
}
