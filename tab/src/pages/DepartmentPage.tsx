import { makeStyles, MessageBar, MessageBarBody, Subtitle2, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { ApiRequestError } from '../api/client';
import type { DepartmentDetail } from '../../../server/api/contracts';
import { BackLink } from '../components/BackLink';
import { ChangeIndicator } from '../components/ChangeIndicator';
import { DataTable, type DataTableColumn } from '../components/DataTable';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { FilterToolbar } from '../components/FilterToolbar';
import { LoadingState } from '../components/LoadingState';
import { NotSyncedNotice } from '../components/NotSyncedNotice';
import { PageHeader } from '../components/PageHeader';
import { PersonCell } from '../components/PersonCell';
import { StatCard } from '../components/StatCard';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { TrendSparkline } from '../components/TrendSparkline';
import { UnreadableCountNote } from '../components/UnreadableCountNote';
import { UNKNOWN } from '../format/change';
import { formatNumber } from '../format/format';
import { useDepartment } from '../hooks/useDepartments';
import { useFilters } from '../hooks/useFilters';
import { useRoute } from '../hooks/useRoute';
import { useSyncedFrom } from '../hooks/useSyncedWindow';
import { formatHash } from '../routing/routes';
import { rangeParams } from '../routing/timeRange';

const useStyles = makeStyles({
  stats: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
    gap: tokens.spacingHorizontalL,
    marginBlock: tokens.spacingVerticalL,
  },
  section: { display: 'block', marginBlock: tokens.spacingVerticalL },
});

type AppRow = DepartmentDetail['apps'][number];
type UserRow = DepartmentDetail['topUsers'][number];

const appColumns: DataTableColumn<AppRow>[] = [
  { id: 'app', priority: 1, width: 200, header: 'App / agent', render: (r) => r.appName },
  { id: 'users', priority: 1, width: 110, header: 'Active users', render: (r) => formatNumber(r.users) },
  { id: 'prompts', priority: 1, width: 110, header: 'Prompts', render: (r) => formatNumber(r.prompts) },
  { id: 'interactions', priority: 2, width: 110, header: 'Interactions', render: (r) => formatNumber(r.interactions) },
];

/** The top users' columns; without a comparable previous period their change is not shown. */
const userColumns = (comparable: boolean): DataTableColumn<UserRow>[] => [
  { id: 'user', priority: 1, width: 240, header: 'User', render: (r) => <PersonCell {...r} /> },
  { id: 'prompts', priority: 1, width: 100, header: 'Prompts', render: (r) => formatNumber(r.prompts) },
  {
    id: 'trend',
    priority: 1,
    width: 140,
    header: 'Against previous period',
    render: (r) => <ChangeIndicator current={r.prompts} previous={comparable ? r.previousPrompts : null} />,
  },
  { id: 'days', priority: 2, width: 100, header: 'Active days', render: (r) => formatNumber(r.activeDays) },
];

function DepartmentFigures({ data }: { data: DepartmentDetail }) {
  const styles = useStyles();
  // A previous period before the synced history has no figures to compare with: no change is shown then.
  const comparable = useSyncedFrom(data.previousRange.from);
  const now = data.figures;
  const previous = comparable ? data.previous : UNKNOWN;
  return (
    <section className={styles.stats} aria-label="Department figures">
      <StatCard label="Licensed users" value={now.licensedUsers} hint="today" />
      <StatCard label="Active users" value={now.activeUsers}>
        <ChangeIndicator current={now.activeUsers} previous={previous.activeUsers} />
      </StatCard>
      <StatCard label="Active / licensed %" value={now.activePercent}>
        <ChangeIndicator current={now.activePercent} previous={previous.activePercent} kind="points" />
      </StatCard>
      <StatCard label="Prompts" value={now.prompts}>
        <ChangeIndicator current={now.prompts} previous={previous.prompts} />
      </StatCard>
      <StatCard label="Prompts per active user" value={now.promptsPerActiveUser}>
        <ChangeIndicator current={now.promptsPerActiveUser} previous={previous.promptsPerActiveUser} />
      </StatCard>
    </section>
  );
}

function DepartmentBody({ data }: { data: DepartmentDetail }) {
  const styles = useStyles();
  const comparable = useSyncedFrom(data.previousRange.from);
  const columns = useMemo(() => userColumns(comparable), [comparable]);
  return (
    <>
      <UnreadableCountNote count={data.unreadableUsers} />
      <DepartmentFigures data={data} />
      <Subtitle2 as="h2" className={styles.section}>
        Prompts per day{' '}
        <TrendSparkline values={data.daily.map((d) => d.prompts)} label="Prompts per day, oldest first" />
      </Subtitle2>
      <Subtitle2 as="h2" className={styles.section}>
        Apps
      </Subtitle2>
      {data.apps.length === 0 ? (
        <EmptyState title="No Copilot activity in this department in this range" />
      ) : (
        <DataTable label="Apps" items={data.apps} columns={appColumns} getRowId={(r) => r.appKey} />
      )}
      <Subtitle2 as="h2" className={styles.section}>
        Top users
      </Subtitle2>
      {data.topUsers.length === 0 ? (
        <EmptyState title="Nobody in this department used Copilot in this range" />
      ) : (
        <DataTable label="Top users" items={data.topUsers} columns={columns} getRowId={(r) => r.userId} />
      )}
    </>
  );
}

/** One department (`#/departments/<name>`): its figures against the previous period, its apps and its top users. */
export default function DepartmentPage() {
  const { id } = useRoute();
  const filters = useFilters();
  const department = useDepartment(id, filters.range);
  return (
    <>
      <BackLink href={formatHash('departments', rangeParams(filters.range))}>Departments</BackLink>
      <PageHeader
        title={department.data?.department ?? id ?? 'Department'}
        description="Copilot adoption in one department."
      />
      <FilterToolbar>
        <TimeRangePicker range={filters.range} onChange={filters.set} />
      </FilterToolbar>
      <NotSyncedNotice from={filters.range.from} />
      {department.loading ? <LoadingState label="Loading the department…" /> : null}
      {department.error instanceof ApiRequestError && department.error.code === 'group_too_small' ? (
        <MessageBar intent="info" data-testid="group-too-small">
          <MessageBarBody>{department.error.message}</MessageBarBody>
        </MessageBar>
      ) : department.error ? (
        <ErrorState error={department.error} onRetry={department.reload} />
      ) : null}
      {department.data ? <DepartmentBody data={department.data} /> : null}
    </>
  );
}
