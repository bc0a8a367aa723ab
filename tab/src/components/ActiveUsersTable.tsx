import { useMemo } from 'react';
import type { UserRow } from '../../../server/api/contracts';
import { AppFilter } from './AppFilter';
import { CsvDownloadButton } from './CsvDownloadButton';
import type { DataTableColumn } from './DataTable';
import { DateCell } from './DateCell';
import { DepartmentLink } from './DepartmentLink';
import { FilterToolbar } from './FilterToolbar';
import { NotSyncedNotice } from './NotSyncedNotice';
import { PagedTable } from './PagedTable';
import { PersonCell } from './PersonCell';
import { RangeCountsNote } from './RangeCountsNote';
import { SearchFilter } from './SearchFilter';
import { TimeRangePicker } from './TimeRangePicker';
import { TrendSparkline } from './TrendSparkline';
import { formatNumber } from '../format/format';
import { useApps, type AppOption } from '../hooks/useApps';
import { useFilters } from '../hooks/useFilters';
import { useUsers } from '../hooks/useLists';

const SORTS = ['lastActiveAt', 'firstActiveAt', 'interactionCount', 'promptCount', 'conversationCount', 'displayName'];

function appsCell(row: UserRow, apps: AppOption[]): string {
  const name = (key: string): string => apps.find((a) => a.appKey === key)?.appName ?? key;
  const ranked = Object.entries(row.appCounts).sort((a, b) => b[1] - a[1]);
  // The three most used, then how many more: the full list is in the CSV.
  const shown = ranked.slice(0, 3).map(([key, count]) => `${name(key)} (${count})`);
  return ranked.length > 3 ? `${shown.join(', ')} +${ranked.length - 3} more` : shown.join(', ');
}

/** Users with Copilot activity: what they use and how much (part of the Users view). */
export function ActiveUsersTable() {
  const filters = useFilters();
  const { apps } = useApps();
  const sort = filters.sort(SORTS, { key: 'lastActiveAt', direction: 'desc' });
  const params = useMemo(
    () => ({
      // Those active in the last 30 days like every view, unless the URL asks for all time (`days=all`).
      from: filters.allTime ? undefined : filters.range.from,
      to: filters.allTime ? undefined : filters.range.to,
      appKey: filters.get('appKey'),
      department: filters.get('department'),
      search: filters.get('search'),
      sort: sort.key,
      direction: sort.direction,
    }),
    [filters, sort.key, sort.direction],
  );
  const list = useUsers(params);
  const columns = useMemo<DataTableColumn<UserRow>[]>(
    () => [
      {
        id: 'user',
        priority: 1,
        header: 'User',
        width: 230,
        sortKey: 'displayName',
        render: (row) => <PersonCell {...row} />,
      },
      {
        id: 'department',
        priority: 3,
        header: 'Department',
        render: (row) => <DepartmentLink department={row.department} />,
      },
      { id: 'apps', priority: 2, width: 230, header: 'Apps (interactions)', render: (row) => appsCell(row, apps) },
      {
        id: 'trend',
        priority: 3,
        header: 'Last 14 days',
        render: (row) => <TrendSparkline values={row.trend} label="Interactions per day" />,
      },
      {
        id: 'prompts',
        priority: 2,
        width: 110,
        header: 'Prompts',
        sortKey: 'promptCount',
        render: (r) => formatNumber(r.promptCount),
      },
      {
        id: 'interactions',
        priority: 3,
        width: 110,
        header: 'Interactions',
        sortKey: 'interactionCount',
        render: (r) => formatNumber(r.interactionCount),
      },
      {
        id: 'conversations',
        priority: 2,
        width: 110,
        header: 'Sessions',
        sortKey: 'conversationCount',
        render: (r) => formatNumber(r.conversationCount),
      },
      {
        id: 'first',
        priority: 3,
        width: 170,
        header: 'First active',
        sortKey: 'firstActiveAt',
        render: (r) => <DateCell iso={r.firstActiveAt} />,
      },
      {
        id: 'last',
        priority: 1,
        width: 170,
        header: 'Last active',
        sortKey: 'lastActiveAt',
        render: (r) => <DateCell iso={r.lastActiveAt} />,
      },
    ],
    [apps],
  );

  return (
    <>
      <FilterToolbar actions={<CsvDownloadButton path="/api/users" params={params} fileName="users.csv" />}>
        <TimeRangePicker range={filters.range} onChange={filters.set} allTime={{ selected: filters.allTime }} />
        <AppFilter />
        <SearchFilter label="Department" name="department" />
        <SearchFilter label="Search" name="search" placeholder="Name or email" />
      </FilterToolbar>
      {filters.allTime ? null : <NotSyncedNotice from={filters.range.from} />}
      <RangeCountsNote allTime={filters.allTime} subject="users active" />
      <PagedTable
        label="Active users"
        list={list}
        columns={columns}
        getRowId={(row) => row.userId}
        sort={sort}
        onSortChange={filters.setSort}
        emptyTitle="No active users match these filters"
      />
    </>
  );
}
