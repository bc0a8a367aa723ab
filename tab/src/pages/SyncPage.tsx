import { makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { SyncRunSummary } from '../../../server/api/contracts';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { SyncRunStatusBadge } from '../components/SyncRunStatusBadge';
import { SyncStatusCard } from '../components/SyncStatusCard';
import { formatDuration, formatNumber } from '../format/format';
import { useSyncRuns } from '../hooks/useLists';
import { useSyncStatus } from '../hooks/useSyncStatus';

const NO_FILTERS = {};

const count = (run: SyncRunSummary, ...names: string[]): string =>
  formatNumber(names.reduce((sum, name) => sum + (run.counts[name] ?? 0), 0));

const columns: DataTableColumn<SyncRunSummary>[] = [
  { id: 'started', width: 170, header: 'Started', render: (run) => <DateCell iso={run.startedAt} /> },
  { id: 'status', header: 'Status', width: 200, render: (run) => <SyncRunStatusBadge status={run.status} /> },
  { id: 'mode', header: 'Mode', render: (run) => run.mode },
  { id: 'trigger', header: 'Trigger', render: (run) => run.trigger },
  { id: 'duration', header: 'Duration', render: (run) => formatDuration(run.durationMs) },
  { id: 'users', width: 110, header: 'Users', render: (run) => `${run.progress.usersDone}/${run.progress.usersTotal}` },
  { id: 'interactions', width: 110, header: 'New interactions', render: (run) => count(run, 'interactionsNew') },
  { id: 'conversations', width: 110, header: 'New conversations', render: (run) => count(run, 'conversationsNew') },
  { id: 'errors', width: 110, header: 'Errors', render: (run) => formatNumber(run.errorCount) },
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

/** Sync status, "Sync now", and the history of runs (with its CSV). */
export default function SyncPage() {
  const styles = useStyles();
  const runs = useSyncRuns(NO_FILTERS);
  const sync = useSyncStatus(runs.reload);
  return (
    <>
      <PageHeader
        title="Sync"
        description="Copilot interactions are copied from Microsoft Graph into this app's database on a schedule."
      />
      <SyncStatusCard sync={sync} />
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
