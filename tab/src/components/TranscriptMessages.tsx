import type { Conversation } from '../../../server/api/contracts';
import { personName } from '../format/format';
import { EmptyState } from './EmptyState';
import { TranscriptMessage } from './TranscriptMessage';

/** A conversation's messages in order (the person's prompts, the app's responses), or that it has none. */
export function TranscriptMessages({ conversation }: { conversation: Conversation }) {
  const person = personName(conversation);
  return (
    <>
      {conversation.messages.length === 0 ? <EmptyState title="This conversation has no messages." /> : null}
      {conversation.messages.map((message) => (
        <TranscriptMessage
          key={message.id}
          message={message}
          author={message.type === 'prompt' ? person : conversation.appName}
        />
      ))}
    </>
  );
}
