import { Badge, Link } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { AgentRow } from '../../../server/api/contracts';
import { AppFilter } from '../components/AppFilter';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { FilterToolbar } from '../components/FilterToolbar';
import { OpenFindingsByApp } from '../components/OpenFindingsByApp';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { PersonCell } from '../components/PersonCell';
import { SearchFilter } from '../components/SearchFilter';
import { NotSyncedNotice } from '../components/NotSyncedNotice';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { formatNumber } from '../format/format';
import { useFilters } from '../hooks/useFilters';
import { useAgents } from '../hooks/useLists';
import { formatHash } from '../routing/routes';

const SORTS = ['lastAt', 'firstAt', 'interactionCount', 'promptCount', 'conversationCount', 'appName', 'userName'];

const columns: DataTableColumn<AgentRow>[] = [
  {
    id: 'app',
    priority: 1,
    header: 'Agent / app',
    sortKey: 'appName',
    render: (row) => (
      <>
        {row.appName}
        {row.known ? null : (
          <Badge appearance="outline" color="informative" size="small">
            custom
          </Badge>
        )}
      </>
    ),
  },
  {
    id: 'user',
    priority: 1,
    header: 'User',
    width: 230,
    sortKey: 'userName',
    render: (row) => <PersonCell {...row} />,
  },
  { id: 'department', priority: 3, header: 'Department', render: (row) => row.department ?? '—' },
  {
    id: 'conversations',
    priority: 2,
    width: 110,
    header: 'Sessions',
    sortKey: 'conversationCount',
    render: (r) => formatNumber(r.conversationCount),
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
    id: 'first',
    priority: 3,
    width: 170,
    header: 'First used',
    sortKey: 'firstAt',
    render: (r) => <DateCell iso={r.firstAt} />,
  },
  {
    id: 'last',
    priority: 1,
    width: 170,
    header: 'Last used',
    sortKey: 'lastAt',
    render: (r) => <DateCell iso={r.lastAt} />,
  },
  {
    id: 'activity',
    priority: 1,
    width: 120,
    header: 'Activity',
    render: (r) => (
      <Link href={formatHash('observability', { userId: r.userId, appKey: r.appKey, days: '90' })}>View activity</Link>
    ),
  },
];

/** Inventory > Agents: every Copilot app and agent, per user, with how much it is used. */
export default function AgentsPage() {
  const filters = useFilters();
  const sort = filters.sort(SORTS, { key: 'lastAt', direction: 'desc' });
  const params = useMemo(
    () => ({
      // The last 30 days like every view, unless the URL asks for all time (`days=all`).
      from: filters.allTime ? undefined : filters.range.from,
      to: filters.allTime ? undefined : filters.range.to,
      appKey: filters.get('appKey'),
      userId: filters.get('userId'),
      department: filters.get('department'),
      search: filters.get('search'),
      sort: sort.key,
      direction: sort.direction,
    }),
    [filters, sort.key, sort.direction],
  );
  const list = useAgents(params);

  return (
    <>
      <PageHeader
        title="Agents"
        description="Inventory of the Copilot apps and agents people use, one row per user and agent."
      />
      <FilterToolbar actions={<CsvDownloadButton path="/api/agents" params={params} fileName="agents.csv" />}>
        <TimeRangePicker range={filters.range} onChange={filters.set} allTime={{ selected: filters.allTime }} />
        <AppFilter />
        <SearchFilter label="Department" name="department" />
        <SearchFilter label="Search" name="search" placeholder="User or agent" />
      </FilterToolbar>
      {filters.allTime ? null : <NotSyncedNotice from={filters.range.from} />}
      <OpenFindingsByApp userId={filters.get('userId')} appKey={filters.get('appKey')} />
      <PagedTable
        label="Agents"
        list={list}
        columns={columns}
        getRowId={(row) => row.id}
        sort={sort}
        onSortChange={filters.setSort}
        emptyTitle="No agents match these filters"
        emptyHint="Try a longer time range or clear the search."
      />
    </>
  );
}
