import { makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { SyncRunSummary } from '../../../server/api/contracts';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { NotificationChannelCard } from '../components/NotificationChannelCard';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { SyncRunStatusBadge } from '../components/SyncRunStatusBadge';
import { SyncStatusCard } from '../components/SyncStatusCard';
import { formatDuration, formatNumber, personName } from '../format/format';
import { useSyncRuns, useSyncUserErrors } from '../hooks/useLists';
import { userSyncErrorColumns } from '../components/userSyncErrorColumns';
import { useSyncStatus } from '../hooks/useSyncStatus';
import { NeedsRole } from '../privacy/NeedsRole';
import { useCan, useTier } from '../privacy/tierContext';

const NO_FILTERS = {};

const count = (run: SyncRunSummary, ...names: string[]): string =>
  formatNumber(names.reduce((sum, name) => sum + (run.counts[name] ?? 0), 0));

const columns: DataTableColumn<SyncRunSummary>[] = [
  { id: 'started', priority: 1, width: 170, header: 'Started', render: (run) => <DateCell iso={run.startedAt} /> },
  {
    id: 'status',
    priority: 1,
    header: 'Status',
    width: 200,
    render: (run) => <SyncRunStatusBadge status={run.status} />,
  },
  { id: 'mode', priority: 3, header: 'Mode', render: (run) => run.mode },
  { id: 'trigger', priority: 2, header: 'Trigger', render: (run) => run.trigger },
  { id: 'duration', priority: 3, header: 'Duration', render: (run) => formatDuration(run.durationMs) },
  {
    id: 'users',
    priority: 2,
    width: 110,
    header: 'Users',
    render: (run) => `${run.progress.usersDone}/${run.progress.usersTotal}`,
  },
  {
    id: 'interactions',
    priority: 2,
    width: 110,
    header: 'New interactions',
    render: (run) => count(run, 'interactionsNew'),
  },
  {
    id: 'conversations',
    priority: 3,
    width: 110,
    header: 'New sessions',
    render: (run) => count(run, 'conversationsNew'),
  },
  { id: 'errors', priority: 1, width: 110, header: 'Errors', render: (run) => formatNumber(run.errorCount) },
];

const useStyles = makeStyles({
  historyHeader: {
    display: 'flex',
    alignItems: 'flex-end',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBlockStart: tokens.spacingVerticalL,
  },
});

const errorColumns = userSyncErrorColumns({ department: false });

/** Sync status, "Sync now", the users the last sync could not read, and the history of runs (each with its CSV). */
export default function SyncPage() {
  const styles = useStyles();
  const runs = useSyncRuns(NO_FILTERS);
  const userErrors = useSyncUserErrors(NO_FILTERS);
  const reloadLists = runs.reload;
  const reloadErrors = userErrors.reload;
  const sync = useSyncStatus(() => {
    reloadLists();
    reloadErrors();
  });
  // Analysts read the status and history; starting a sync and the notification channel's state are the Admin's.
  const canManage = useCan('manageSync');
  const manageTier = useTier().capabilityTiers.manageSync;
  return (
    <>
      <PageHeader
        title="Sync"
        description="Copilot interactions are copied from Microsoft Graph into this app's database on a schedule."
      />
      <SyncStatusCard sync={sync} canStart={canManage} />
      {canManage ? (
        <NotificationChannelCard />
      ) : (
        <NeedsRole what={'Starting a sync ("Sync now") and the change notifications\' status'} needed={manageTier} />
      )}
      <div className={styles.historyHeader}>
        <Subtitle2 as="h2" id="sync-user-errors">
          Users the last sync could not read{userErrors.total ? ` (${formatNumber(userErrors.total)})` : ''}
        </Subtitle2>
        <CsvDownloadButton path="/api/sync/user-errors" params={NO_FILTERS} fileName="sync-user-errors.csv" />
      </div>
      <PagedTable
        label="Users the last sync could not read"
        list={userErrors}
        columns={errorColumns}
        getRowId={(row) => row.userId}
        describeRow={personName}
        emptyTitle="The last sync read every licensed user"
      />
      <div className={styles.historyHeader}>
        <Subtitle2 as="h2">History</Subtitle2>
        <CsvDownloadButton path="/api/sync/runs" params={NO_FILTERS} fileName="sync-runs.csv" />
      </div>
      <PagedTable
        label="Sync runs"
        list={runs}
        columns={columns}
        getRowId={(run) => run.runId}
        emptyTitle="No sync has run yet"
      />
    </>
  );
}
