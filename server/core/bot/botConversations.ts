import type { BotConversationDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';

export interface ConversationInput {
  tenantId: string;
  conversationId: string;
  kind: BotConversationDoc['kind'];
  /** The person in a personal chat (their Entra object id), so private answers can find the chat again. */
  userId?: string | null;
  /** botbuilder ConversationReference as plain JSON. */
  reference: Record<string, unknown>;
}

const idOf = (tenantId: string, conversationId: string) => naturalId(tenantId, conversationId);

/**
 * Remembers (or refreshes) where the bot can post: on install, on subscribe and on every message, so the stored
 * serviceUrl stays current. A conversation seen again becomes active again; its subscription is left as it was.
 */
export async function rememberConversation(store: Store, input: ConversationInput, now: Date): Promise<void> {
  await store.botConversations.updateOne(
    { _id: idOf(input.tenantId, input.conversationId) },
    {
      $set: {
        tenantId: input.tenantId,
        conversationId: input.conversationId,
        kind: input.kind,
        userId: input.kind === 'personal' ? (input.userId ?? null) : null,
        reference: input.reference,
        active: true,
        deactivatedAt: null,
        deactivatedReason: null,
      },
      $setOnInsert: { installedAt: now, subscribed: false, subscribedAt: null, subscribedBy: null },
    },
    { upsert: true },
  );
}

/** Turns sync summaries on for a conversation (stores its reference as well). */
export async function subscribeConversation(
  store: Store,
  input: ConversationInput & { subscribedBy: string },
  now: Date,
): Promise<void> {
  await rememberConversation(store, input, now);
  await store.botConversations.updateOne(
    { _id: idOf(input.tenantId, input.conversationId) },
    { $set: { subscribed: true, subscribedAt: now, subscribedBy: input.subscribedBy } },
  );
}

/** Turns sync summaries off; answers whether the conversation was subscribed. */
export async function unsubscribeConversation(
  store: Store,
  tenantId: string,
  conversationId: string,
): Promise<boolean> {
  const result = await store.botConversations.updateOne(
    { _id: idOf(tenantId, conversationId), subscribed: true },
    { $set: { subscribed: false } },
  );
  return result.modifiedCount > 0;
}

/** The bot can no longer post there (uninstalled, removed from the team): stop trying. */
export async function deactivateConversation(
  store: Store,
  tenantId: string,
  conversationId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await store.botConversations.updateOne(
    { _id: idOf(tenantId, conversationId) },
    { $set: { active: false, deactivatedAt: now, deactivatedReason: reason.slice(0, 200) } },
  );
}

/** One conversation's record, if the bot has seen it. */
export function findConversation(
  store: Store,
  tenantId: string,
  conversationId: string,
): Promise<BotConversationDoc | null> {
  return store.botConversations.findOne({ _id: idOf(tenantId, conversationId) });
}

/** Conversations that asked for sync summaries and can still be posted to. */
export function subscribedConversations(store: Store, tenantId: string): Promise<BotConversationDoc[]> {
  return store.botConversations.find({ tenantId, subscribed: true, active: true }).limit(1000).toArray();
}

/** The newest active personal chat the bot has with a person, if it has one. */
export function findPersonalConversation(
  store: Store,
  tenantId: string,
  userId: string,
): Promise<BotConversationDoc | null> {
  return store.botConversations.findOne({ tenantId, userId, kind: 'personal', active: true });
}
