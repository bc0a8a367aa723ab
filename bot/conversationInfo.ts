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
  const reference = JSON.parse(JSON.stringify(TurnContext.getConversationReference(context.activity))) as Record<
    string,
    unknown
  >;
  return { conversationId: conversation.id, kind, reference };
}
