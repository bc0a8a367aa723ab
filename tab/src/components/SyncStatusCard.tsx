import {
  Body1,
  Button,
  Card,
  CardHeader,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import type { SyncState } from '../hooks/useSyncStatus';
import { countOf, formatDateTime, formatDuration } from '../format/format';
import { describeError, ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';
import { SyncRunStatusBadge } from './SyncRunStatusBadge';
import { useFactCardStyles } from './factCardStyles';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

const REQUEST_TEXT = {
  queued: 'A sync has been queued and starts shortly.',
  already_queued: 'A sync is already queued; it starts shortly.',
  running: 'A sync is already running; another one follows it.',
};

/** What a running sync is doing, in an admin's words. */
const STAGE_TEXT: Record<string, string> = {
  starting: 'Starting',
  recovering: "Finishing an earlier run's writes",
  users: 'Listing the licensed users',
  interactions: 'Reading Copilot history',
  finishing: 'Saving the last pages',
  done: 'Finishing',
};

/** The running sync's progress (polled), the last run, and "Sync now" (when `canStart`: an Admin). */
export function SyncStatusCard({ sync, canStart = true }: { sync: SyncState; canStart?: boolean }) {
  const styles = { ...useFactCardStyles(), ...useStyles() };
  const { status, error, request } = sync;
  if (!status && error) return <ErrorState error={error} onRetry={sync.reload} />;
  if (!status) return <LoadingState label="Loading sync status…" />;
  const running = status.running;
  const last = status.lastRun;
  const progress =
    running && running.progress.usersTotal > 0 ? running.progress.usersDone / running.progress.usersTotal : undefined;

  return (
    <Card className={styles.card}>
      <CardHeader header={<Subtitle2 as="h2">Status</Subtitle2>} />
      <div aria-live="polite" data-testid="sync-progress">
        {running ? (
          <Field
            label={`Sync running: ${STAGE_TEXT[running.stage] ?? running.stage}`}
            hint={
              running.progress.usersTotal > 0
                ? `${running.progress.usersDone} of ${countOf(running.progress.usersTotal, 'user')} read, ${countOf(running.progress.pages, 'page')} of history`
                : 'Listing the licensed users…'
            }
            validationState="none"
          >
            <ProgressBar value={progress} max={1} thickness="large" aria-label="Sync progress" />
          </Field>
        ) : (
          <Body1>No sync is running.</Body1>
        )}
      </div>
      <dl className={styles.facts}>
        <dt className={styles.term}>Last run</dt>
        <dd className={styles.definition} data-testid="sync-last-status">
          {last ? <SyncRunStatusBadge status={last.status} /> : 'Never'}
        </dd>
        <dt className={styles.term}>Started</dt>
        <dd className={styles.definition}>{formatDateTime(last?.startedAt)}</dd>
        <dt className={styles.term}>Duration</dt>
        <dd className={styles.definition}>{formatDuration(last?.durationMs)}</dd>
        <dt className={styles.term}>Data up to date as of</dt>
        <dd className={styles.definition}>{formatDateTime(status.lastSuccessfulAt)}</dd>
        <dt className={styles.term}>Next scheduled run</dt>
        <dd className={styles.definition} data-testid="sync-next-run">
          {status.nextRunAt ? formatDateTime(status.nextRunAt) : 'Not scheduled (the schedule is off)'}
        </dd>
        <dt className={styles.term}>Users not read</dt>
        <dd className={styles.definition} data-testid="sync-users-with-errors">
          {status.usersWithErrors === 0
            ? 'None: every licensed user was read'
            : `${countOf(status.usersWithErrors, 'user')} (see below)`}
        </dd>
      </dl>
      {last?.message ? <Body1>{last.message}</Body1> : null}
      {canStart ? (
        <div className={styles.actions}>
          <Button
            appearance="primary"
            icon={request.pending || running ? <Spinner size="tiny" /> : <ArrowSyncRegular />}
            onClick={sync.syncNow}
            disabled={request.pending || running !== null}
          >
            {running ? 'Sync running…' : 'Sync now'}
          </Button>
        </div>
      ) : null}
      <div aria-live="polite">
        {request.result ? (
          <MessageBar intent="success">
            <MessageBarBody>{REQUEST_TEXT[request.result.status]}</MessageBarBody>
          </MessageBar>
        ) : null}
        {request.error ? (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>Could not start a sync: {describeError(request.error)}</MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
    </Card>
  );
}
