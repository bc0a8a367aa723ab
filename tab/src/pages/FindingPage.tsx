import { Card, Link, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { BackLink } from '../components/BackLink';
import { NARROW_TAB } from '../components/layoutStyles';
import { ErrorState } from '../components/ErrorState';
import { FindingEvidence } from '../components/FindingEvidence';
import { FindingHistory } from '../components/FindingHistory';
import { FindingStatusBadge } from '../components/FindingStatusBadge';
import { LoadingState } from '../components/LoadingState';
import { PageHeader } from '../components/PageHeader';
import { SeverityBadge } from '../components/SeverityBadge';
import { SuppressFindingAction } from '../components/SuppressFindingAction';
import { TriagePanel } from '../components/TriagePanel';
import { formatDateTime, personName } from '../format/format';
import { categoryLabel } from '../format/riskLabels';
import { useApps } from '../hooks/useApps';
import { useFinding } from '../hooks/useFinding';
import { useRoute } from '../hooks/useRoute';
import { lastListHash } from '../routing/lastList';
import { formatHash } from '../routing/routes';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 3fr) minmax(260px, 2fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    // In a narrow tab the details and triage go under the evidence: beside it, the 260 px column left the evidence a
    // few pixels and the two overlapped.
    [NARROW_TAB]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'auto minmax(0, 1fr)',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0, overflowWrap: 'anywhere' },
});

const CONFIDENCE: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low (review)' };
const SOURCE: Record<string, string> = { prompt: "The user's prompt", response: "Copilot's response" };

/** One finding: what was found (masked), where, its triage history and actions, and the conversation one click away. */
export default function FindingPage() {
  const styles = useStyles();
  const { id } = useRoute();
  const finding = useFinding(id);
  const { apps } = useApps();
  const data = finding.data;
  const fact = (term: string, value: ReactNode) => [
    <dt key={`${term}-t`} className={styles.term}>
      {term}
    </dt>,
    <dd key={`${term}-d`} className={styles.definition}>
      {value}
    </dd>,
  ];

  return (
    <>
      <BackLink href={lastListHash('risk')}>Back to findings</BackLink>
      <PageHeader
        title={data ? data.title : 'Finding'}
        description={data ? `${categoryLabel(data.category)} · rule ${data.rule}` : undefined}
      />
      {finding.loading && !data ? <LoadingState label="Loading the finding…" /> : null}
      {finding.error ? <ErrorState error={finding.error} onRetry={finding.reload} /> : null}
      {data ? (
        <div className={styles.layout}>
          <div className={styles.column}>
            <section aria-labelledby="evidence-title">
              <Subtitle2 as="h2" id="evidence-title">
                Evidence (masked)
              </Subtitle2>
              <FindingEvidence evidence={data.evidence} />
            </section>
            <section aria-labelledby="history-title">
              <Subtitle2 as="h2" id="history-title">
                Status history
              </Subtitle2>
              <FindingHistory finding={data} />
            </section>
          </div>
          <div className={styles.column}>
            <Card>
              <Subtitle2 as="h2">Details</Subtitle2>
              <dl className={styles.facts} data-testid="finding-facts">
                {fact('Status', <FindingStatusBadge status={data.status} />)}
                {fact('Severity', <SeverityBadge severity={data.severity} />)}
                {fact('Confidence', CONFIDENCE[data.confidence] ?? data.confidence)}
                {fact('Category', categoryLabel(data.category))}
                {fact('Rule', data.rule)}
                {fact('User', <Link href={formatHash('person', undefined, data.userId)}>{personName(data)}</Link>)}
                {fact('App', apps.find((a) => a.appKey === data.appKey)?.appName ?? data.appKey)}
                {fact('Found in', SOURCE[data.source] ?? data.source)}
                {fact('When', formatDateTime(data.interactionAt))}
                {fact('Detected', formatDateTime(data.detectedAt))}
              </dl>
              <Link
                href={formatHash('conversation', undefined, data.conversationId)}
                data-testid="finding-conversation"
              >
                Open the conversation (the view is recorded in the access log)
              </Link>
              <Link href={formatHash('risk', { userId: data.userId, status: 'open' })}>
                Open findings of {personName(data)}
              </Link>
            </Card>
            <Card>
              <TriagePanel key={data.id} status={data.status} triage={finding.triage} />
            </Card>
            <Card>
              <SuppressFindingAction key={data.id} finding={data} />
            </Card>
          </div>
        </div>
      ) : null}
    </>
  );
}
