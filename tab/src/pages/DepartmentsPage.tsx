import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useMemo, type ReactNode } from 'react';
import type { DepartmentAdoption, DepartmentRow } from '../../../server/api/contracts';
import { ChangeIndicator } from '../components/ChangeIndicator';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import { DataTable, type DataTableColumn, type TableSort } from '../components/DataTable';
import { DepartmentLink } from '../components/DepartmentLink';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { FilterToolbar } from '../components/FilterToolbar';
import { LoadingState } from '../components/LoadingState';
import { NotSyncedNotice } from '../components/NotSyncedNotice';
import { PageHeader } from '../components/PageHeader';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { UnreadableCountNote } from '../components/UnreadableCountNote';
import { UNKNOWN } from '../format/change';
import { countOf, formatNumber } from '../format/format';
import { useDepartments } from '../hooks/useDepartments';
import { useFilters } from '../hooks/useFilters';
import { useSyncedFrom } from '../hooks/useSyncedWindow';

const useStyles = makeStyles({
  note: { color: tokens.colorNeutralForeground3, display: 'block', marginBlock: tokens.spacingVerticalS },
  figure: { display: 'flex', flexDirection: 'column' },
});

type SortKey = 'department' | 'licensedUsers' | 'activeUsers' | 'activePercent' | 'promptsPerActiveUser';
const SORTS: SortKey[] = ['department', 'licensedUsers', 'activeUsers', 'activePercent', 'promptsPerActiveUser'];
const DEFAULT_SORT: TableSort = { key: 'licensedUsers', direction: 'desc' };

const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value)}%`);

function Figure({ value, change }: { value: string; change: ReactNode }) {
  const styles = useStyles();
  return (
    <span className={styles.figure}>
      {value}
      {change}
    </span>
  );
}

/** A sortable figure with its change against the previous period underneath. */
function figureColumn(
  id: string,
  header: string,
  key: Exclude<SortKey, 'department' | 'licensedUsers'>,
  format: (value: number | null) => string,
  kind: 'relative' | 'points' = 'relative',
): DataTableColumn<DepartmentRow> {
  return {
    id,
    priority: 1,
    width: 140,
    header,
    sortKey: key,
    render: (r) => (
      <Figure
        value={format(r[key])}
        change={<ChangeIndicator current={r[key]} previous={r.previous[key]} kind={kind} />}
      />
    ),
  };
}

const columns: DataTableColumn<DepartmentRow>[] = [
  {
    id: 'department',
    priority: 1,
    width: 220,
    header: 'Department',
    sortKey: 'department',
    render: (r) =>
      r.kind === 'department' ? (
        <DepartmentLink department={r.department} />
      ) : r.kind === 'none' ? (
        'No department'
      ) : (
        `${r.department ?? ''}: ${countOf(r.departments, 'department')}`
      ),
  },
  {
    id: 'licensed',
    priority: 1,
    width: 110,
    header: 'Licensed users',
    sortKey: 'licensedUsers',
    render: (r) => formatNumber(r.licensedUsers),
  },
  figureColumn('active', 'Active users', 'activeUsers', formatNumber),
  figureColumn('share', 'Active / licensed', 'activePercent', percent, 'points'),
  { ...figureColumn('prompts', 'Prompts per active user', 'promptsPerActiveUser', formatNumber), priority: 2 },
  {
    id: 'unreadable',
    priority: 2,
    width: 130,
    header: 'History unreadable',
    render: (r) => formatNumber(r.unreadableUsers),
  },
];

/** Rows in the table's order; the merged small groups stay last whatever the sort. */
export function sortDepartments(items: DepartmentRow[], sort: TableSort): DepartmentRow[] {
  const key = sort.key as SortKey;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = (r: DepartmentRow) => (key === 'department' ? (r.department ?? '') : (r[key] ?? -1));
  const rank = (r: DepartmentRow) => (r.kind === 'small_groups' ? 1 : 0);
  return [...items].sort((a, b) => {
    if (rank(a) !== rank(b)) return rank(a) - rank(b);
    const x = value(a);
    const y = value(b);
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y);
    return sign * order || (a.department ?? '').localeCompare(b.department ?? '');
  });
}

function DepartmentTable({
  data,
  sort,
  onSortChange,
}: {
  data: DepartmentAdoption;
  sort: TableSort;
  onSortChange: (sort: TableSort) => void;
}) {
  // A previous period before the synced history has no figures to compare with: no change is shown then.
  const comparable = useSyncedFrom(data.previousRange.from);
  const items = useMemo(
    () => sortDepartments(comparable ? data.items : data.items.map((r) => ({ ...r, previous: UNKNOWN })), sort),
    [data.items, sort, comparable],
  );
  if (items.length === 0)
    return (
      <EmptyState title="No licensed users yet">Departments appear once the sync has read the directory.</EmptyState>
    );
  return (
    <DataTable
      label="Departments"
      items={items}
      columns={columns}
      getRowId={(r) => `${r.kind}:${r.department ?? ''}`}
      sort={sort}
      onSortChange={onSortChange}
      describeRow={(r) => r.department ?? 'No department'}
    />
  );
}

/** Adoption by department: licensed and active users, active share, prompts per active user, each against the previous period. */
export default function DepartmentsPage() {
  const styles = useStyles();
  const filters = useFilters();
  const sort = filters.sort(SORTS, DEFAULT_SORT);
  const departments = useDepartments(filters.range);
  const csvParams = useMemo(() => ({ from: filters.range.from, to: filters.range.to }), [filters.range]);
  return (
    <>
      <PageHeader
        title="Departments"
        description="Copilot adoption by department, with the change against the previous period of equal length."
      />
      <FilterToolbar
        actions={<CsvDownloadButton path="/api/departments" params={csvParams} fileName="departments.csv" />}
      >
        <TimeRangePicker range={filters.range} onChange={filters.set} />
      </FilterToolbar>
      <NotSyncedNotice from={filters.range.from} />
      {departments.data ? (
        <Caption1 className={styles.note} data-testid="min-group-note">
          {`Licensed users: today's licence holders whose history could be read; active / licensed: the share of them active in the range. Departments with fewer than ${departments.data.minGroupSize} licensed users are shown together as "Other (small groups)". Each change compares with the period of equal length just before.`}
        </Caption1>
      ) : null}
      {departments.data ? <UnreadableCountNote count={departments.data.unreadableUsers} /> : null}
      {departments.loading ? <LoadingState label="Loading departments…" /> : null}
      {departments.error ? <ErrorState error={departments.error} onRetry={departments.reload} /> : null}
      {departments.data ? <DepartmentTable data={departments.data} sort={sort} onSortChange={filters.setSort} /> : null}
    </>
  );
}
