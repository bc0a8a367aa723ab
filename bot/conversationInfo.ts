import { TurnContext } from 'botbuilder';
import type { BotConversationDoc } from '../server/store/documents';

/** The conversation an activity came from, as the store keeps it (reference for proactive messages). */
export function conversationOf(
  context: TurnContext,
): { conversationId: string; kind: BotConversationDoc['kind']; reference: Record<string, unknown> } | null {
  const conversation = context.activity.conversation;
  if (!conversation?.id) return null;
  const type = conversation.conversationType;
  const kind: BotConversationDoc['kind'] =
    type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  // A channel message arrives in its thread (`19:…@thread.tacv2;messageid=…`): summaries go to the channel itself,
  // as new posts, so the thread suffix and the activity being replied to are dropped.
  const conversationId = kind === 'channel' ? conversation.id.replace(/;messageid=.*$/, '') : conversation.id;
  const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<
    string,
    unknown
  > & { conversation: Record<string, unknown> };
  delete reference.activityId;
  reference.conversation = { ...reference.conversation, id: conversationId };
  return { conversationId, kind, reference };
}
