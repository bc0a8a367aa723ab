import { ObjectId } from 'mongodb';
import { notFound } from '../../errors';
import type { InteractionDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { dataSourceRefs } from './dataSourceRefs';
import type { Conversation, ConversationMessage } from './types';
import { unknownUser, userRefs } from './userDirectory';

/** Most messages one conversation view returns (a Copilot session is far shorter; this bounds a bad one). */
export const MAX_MESSAGES = 2000;

const MESSAGE_FIELDS = { graphId: 1, interactionType: 1, createdAt: 1, body: 1, dataSourceKeys: 1 } as const;

/**
 * One conversation (a user's Copilot session, by its record's id) with its transcript: prompts and responses in
 * order with their content (text or HTML, as Graph sent it) and the data sources each used. The caller is
 * responsible for the access log: this returns prompt text.
 */
export async function getConversation(store: Store, tenantId: string, id: string): Promise<Conversation> {
  if (!/^[0-9a-f]{24}$/i.test(id)) throw notFound('The conversation');
  const conversation = await store.conversations.findOne({ _id: new ObjectId(id), tenantId });
  if (!conversation) throw notFound('The conversation');
  const interactions = (await store.interactions
    .find(
      { tenantId, userId: conversation.userId, sessionId: conversation.sessionId },
      { projection: MESSAGE_FIELDS, sort: { createdAt: 1, _id: 1 }, limit: MAX_MESSAGES },
    )
    .toArray()) as Array<Pick<InteractionDoc, keyof typeof MESSAGE_FIELDS | '_id'>>;
  const [users, sources] = await Promise.all([
    userRefs(store, tenantId, [conversation.userId]),
    dataSourceRefs(store, tenantId, [...conversation.dataSourceKeys, ...interactions.flatMap((i) => i.dataSourceKeys)]),
  ]);
  const messages: ConversationMessage[] = interactions.map((i) => ({
    id: i._id.toHexString(),
    type: i.interactionType === 'userPrompt' ? 'prompt' : 'response',
    at: i.createdAt,
    contentType: i.body?.contentType === 'html' ? 'html' : 'text',
    content: i.body?.content ?? '',
    dataSources: i.dataSourceKeys.map((key) => sources.get(key)!),
  }));
  return {
    ...(users.get(conversation.userId) ?? unknownUser(conversation.userId)),
    id: conversation._id.toHexString(),
    sessionId: conversation.sessionId,
    appKey: conversation.appKey,
    appName: conversation.appName,
    firstAt: conversation.firstAt,
    lastAt: conversation.lastAt,
    promptCount: conversation.promptCount,
    responseCount: conversation.responseCount,
    messages,
    dataSources: conversation.dataSourceKeys.map((key) => sources.get(key)!),
  };
}
