import {
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { BackLink } from '../components/BackLink';
import { NARROW_TAB } from '../components/layoutStyles';
import { DataSourceLinks } from '../components/DataSourceLinks';
import { ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { PageHeader } from '../components/PageHeader';
import { TranscriptMessages } from '../components/TranscriptMessages';
import { formatDateTime, personName } from '../format/format';
import { useConversation } from '../hooks/useConversation';
import { useRoute } from '../hooks/useRoute';
import { ReasonPrompt } from '../privacy/ReasonPrompt';
import { lastListHash } from '../routing/lastList';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(240px, 1fr)',
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalM,
    // In a narrow tab the details go under the transcript: beside it, the 240 px column left the transcript a few
    // pixels, one letter a line.
    [NARROW_TAB]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  transcript: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0 },
});

/** One conversation: its transcript and the data sources each response used. Viewing it is audited server-side. */
export default function ConversationPage() {
  const styles = useStyles();
  const { id } = useRoute();
  const conversation = useConversation(id);
  const data = conversation.data;
  const person = data ? personName(data) : '';

  return (
    <>
      <BackLink href={lastListHash()}>Back to activity</BackLink>
      <PageHeader
        title={data ? `Conversation of ${person}` : 'Conversation'}
        description={data ? `${data.appName}` : undefined}
      />
      <MessageBar intent="info" data-testid="audit-notice">
        <MessageBarBody>
          Viewing this conversation is recorded in the access log (who viewed whose conversation, and when).
        </MessageBarBody>
      </MessageBar>
      {conversation.answerReason ? <ReasonPrompt onAnswer={conversation.answerReason} headingLevel="h2" /> : null}
      {conversation.loading ? <LoadingState label="Loading the conversation…" /> : null}
      {conversation.error ? <ErrorState error={conversation.error} onRetry={conversation.reload} /> : null}
      {data ? (
        <div className={styles.layout}>
          <section className={styles.transcript} aria-label="Transcript">
            {/* The messages' authors are h3s: this keeps the outline h1 > h2 > h3. */}
            <Subtitle2 as="h2">Transcript</Subtitle2>
            <TranscriptMessages conversation={data} />
          </section>
          <aside>
            <Card>
              <CardHeader header={<Subtitle2 as="h2">Details</Subtitle2>} />
              <dl className={styles.facts}>
                <dt className={styles.term}>User</dt>
                <dd className={styles.definition}>{person}</dd>
                <dt className={styles.term}>Department</dt>
                <dd className={styles.definition}>{data.department ?? '—'}</dd>
                <dt className={styles.term}>App</dt>
                <dd className={styles.definition}>{data.appName}</dd>
                <dt className={styles.term}>Started</dt>
                <dd className={styles.definition}>{formatDateTime(data.firstAt)}</dd>
                <dt className={styles.term}>Last message</dt>
                <dd className={styles.definition}>{formatDateTime(data.lastAt)}</dd>
                <dt className={styles.term}>Prompts</dt>
                <dd className={styles.definition}>{data.promptCount}</dd>
                <dt className={styles.term}>Responses</dt>
                <dd className={styles.definition}>{data.responseCount}</dd>
              </dl>
              <Subtitle2 as="h2">Data sources</Subtitle2>
              {data.dataSources.length === 0 ? (
                <Caption1>No data sources were used.</Caption1>
              ) : (
                <DataSourceLinks sources={data.dataSources} label="Every data source this conversation used" />
              )}
            </Card>
          </aside>
        </div>
      ) : null}
    </>
  );
}
