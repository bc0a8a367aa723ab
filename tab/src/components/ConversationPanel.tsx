import {
  Button,
  Caption1,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular, OpenRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import { countOf, formatDateTime, personName } from '../format/format';
import { useConversation } from '../hooks/useConversation';
import { ReasonPrompt } from '../privacy/ReasonPrompt';
import { formatHash } from '../routing/routes';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { TranscriptMessages } from './TranscriptMessages';

const useStyles = makeStyles({
  // Each part keeps its height (a flex column would squeeze them to fit) and the body scrolls instead.
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, '& > *': { flexShrink: 0 } },
  facts: { display: 'flex', flexWrap: 'wrap', gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalL}` },
  transcript: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * A modal Fluent dialog hides the rest of the page (`aria-hidden` on the app's root, set by tabster) and does not
 * take it back when it is unmounted while open (microsoft/fluentui#35139): leaving the feed with the panel open (its
 * link to the full page, the browser's Back) would hide the next view from screen readers. Once the panel is gone and
 * no other modal is open, what it left is removed.
 */
function releaseHiddenApp(): void {
  requestAnimationFrame(() => {
    if (document.querySelector('[aria-modal="true"]')) return;
    for (const element of document.querySelectorAll('body > [aria-hidden="true"]'))
      element.removeAttribute('aria-hidden');
  });
}

interface ConversationPanelProps {
  conversationId: string;
  /** The panel closes (Esc, its close button, or a click beside it). */
  onClose: () => void;
}

/**
 * One conversation's transcript in a side panel over the activity feed (the list stays as it was underneath), with
 * a link to the full conversation page. The text comes from the same request as that page (`useConversation`), so
 * the server records every opening in the access log, exactly as it does for the page. The reason for opening it is
 * asked inside the panel (ReasonPrompt), not in a second modal dialog stacked on this one.
 */
export function ConversationPanel({ conversationId, onClose }: ConversationPanelProps) {
  const styles = useStyles();
  useEffect(() => releaseHiddenApp, []);
  const conversation = useConversation(conversationId);
  const data = conversation.data;
  const person = data ? personName(data) : '';
  return (
    <OverlayDrawer
      open
      position="end"
      size="medium"
      aria-label={data ? `Conversation of ${person}` : 'Conversation'}
      data-testid="conversation-panel"
      onOpenChange={(_, state) => (state.open ? null : onClose())}
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}
        >
          {data ? `Conversation of ${person}` : 'Conversation'}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <Link href={formatHash('conversation', undefined, conversationId)}>
          <OpenRegular aria-hidden /> Open the full conversation
        </Link>
        <MessageBar intent="info" data-testid="panel-audit-notice">
          <MessageBarBody>
            Opening this conversation is recorded in the access log (who viewed whose conversation, and when).
          </MessageBarBody>
        </MessageBar>
        {conversation.answerReason ? (
          <ReasonPrompt
            headingLevel="h3"
            // Cancelling closes the panel: nothing of the conversation was requested.
            onAnswer={(reason) => (reason ? conversation.answerReason?.(reason) : onClose())}
          />
        ) : null}
        {conversation.loading ? <LoadingState label="Loading the conversation…" /> : null}
        {conversation.error ? <ErrorState error={conversation.error} onRetry={conversation.reload} /> : null}
        {data ? (
          <>
            <div className={styles.facts} data-testid="panel-facts">
              <Caption1>{data.appName}</Caption1>
              <Caption1>{data.department ?? 'No department'}</Caption1>
              <Caption1>Started {formatDateTime(data.firstAt)}</Caption1>
              <Caption1>{`${countOf(data.promptCount, 'prompt')}, ${countOf(data.responseCount, 'response')}`}</Caption1>
            </div>
            <section className={styles.transcript} aria-label="Transcript">
              {/* The drawer's title is the h2; the messages' authors are its h3s. */}
              <TranscriptMessages conversation={data} />
            </section>
          </>
        ) : null}
      </DrawerBody>
    </OverlayDrawer>
  );
}
