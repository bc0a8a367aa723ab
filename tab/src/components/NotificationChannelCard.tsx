import { Badge, Card, CardHeader, Subtitle2 } from '@fluentui/react-components';
import type { NotificationChannel } from '../../../server/api/notificationContracts';
import { formatDateTime, formatDuration, formatNumber } from '../format/format';
import { useNotificationChannel } from '../hooks/useNotificationChannel';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { useFactCardStyles } from './factCardStyles';

/** The facts shown, in order: [label, value]. */
function facts(c: NotificationChannel): [string, string][] {
  const r = c.lastReconciliation;
  return [
    ['Subscription', c.subscriptionId ?? '—'],
    ['Expires', formatDateTime(c.expiresAt)],
    ['Last notification', formatDateTime(c.lastNotificationAt)],
    ['Notifications received', formatNumber(c.notificationsReceived)],
    ['Waiting to be stored', formatNumber(c.queued)],
    [
      'Lag (created → stored, last day)',
      c.lag
        ? `median ${formatDuration(c.lag.p50Ms)}, 95th percentile ${formatDuration(c.lag.p95Ms)} (${formatNumber(c.lag.samples)} interactions)`
        : '—',
    ],
    [
      'Last reconciliation',
      r
        ? `${formatDateTime(r.at)}: ${formatNumber(r.found)} new, ${formatNumber(r.missed)} missed by notifications`
        : '—',
    ],
    ['Gaps found', formatNumber(c.gapsDetected)],
    ...(c.lastError ? ([['Last error', c.lastError]] as [string, string][]) : []),
  ];
}

/** The near-real-time channel beside polling: subscription, lag, queue and the last reconciliation. */
export function NotificationChannelCard() {
  const styles = useFactCardStyles();
  const { data, error, reload } = useNotificationChannel();
  if (!data && error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <LoadingState label="Loading change notifications…" />;
  if (!data.configured) return null;
  return (
    <Card className={styles.card} aria-labelledby="notification-channel-title">
      <CardHeader
        header={
          <Subtitle2 as="h2" id="notification-channel-title">
            Change notifications
          </Subtitle2>
        }
        action={
          <Badge appearance="tint" color={data.healthy ? 'success' : 'warning'}>
            {data.healthy ? 'Healthy: polling reconciles' : `Polling as usual: ${data.unhealthyReason ?? data.status}`}
          </Badge>
        }
      />
      <dl className={styles.facts} aria-label="Change notifications">
        {facts(data).map(([term, value]) => (
          <div key={term} className={styles.fact}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.definition}>{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
