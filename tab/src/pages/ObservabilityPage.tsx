import { Link } from '@fluentui/react-components';
import { useEffect, useMemo } from 'react';
import type { ActivityRow } from '../../../server/api/contracts';
import { ActivityTypeBadge } from '../components/ActivityTypeBadge';
import { ActivityTypeFilter, parseActivityTypes } from '../components/ActivityTypeFilter';
import { AppFilter } from '../components/AppFilter';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { FilterToolbar } from '../components/FilterToolbar';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { PersonCell } from '../components/PersonCell';
import { SearchFilter } from '../components/SearchFilter';
import { NotSyncedNotice } from '../components/NotSyncedNotice';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { UserFilterTag } from '../components/UserFilterTag';
import { countOf, personName } from '../format/format';
import { useFilters } from '../hooks/useFilters';
import { useActivity } from '../hooks/useLists';
import { rememberListHash } from '../routing/lastList';
import { formatHash } from '../routing/routes';

function details(row: ActivityRow): string {
  if (row.type === 'session')
    return `${countOf(row.promptCount ?? 0, 'prompt')}, ${countOf(row.responseCount ?? 0, 'response')}`;
  if (row.type === 'data_source_access' && row.dataSource)
    return `${row.dataSource.name ?? row.dataSource.url ?? row.dataSource.key} (${row.dataSource.kind})`;
  return '';
}

const columns: DataTableColumn<ActivityRow>[] = [
  { id: 'at', priority: 1, width: 170, header: 'When', render: (row) => <DateCell iso={row.at} /> },
  {
    id: 'type',
    priority: 1,
    width: 170,
    header: 'Activity type',
    render: (row) => <ActivityTypeBadge type={row.type} />,
  },
  {
    id: 'user',
    priority: 1,
    header: 'User',
    width: 230,
    render: (row) => <PersonCell {...row} secondary={row.department} />,
  },
  { id: 'app', priority: 2, header: 'App', render: (row) => row.appName },
  { id: 'details', priority: 3, width: 240, header: 'Details', render: details },
  {
    id: 'conversation',
    priority: 1,
    header: 'Conversation',
    render: (row) => (
      <Link
        href={formatHash('conversation', undefined, row.conversationId)}
        aria-label={`Open the conversation of ${personName(row)} in ${row.appName}`}
      >
        Open
      </Link>
    ),
  },
];

/** The activity feed: sessions, prompts, responses and data-source accesses, newest first. */
export default function ObservabilityPage() {
  const filters = useFilters();
  const types = parseActivityTypes(filters.get('types'));
  const params = useMemo(
    () => ({
      types: parseActivityTypes(filters.get('types')).join(','),
      from: filters.range.from,
      to: filters.range.to,
      appKey: filters.get('appKey'),
      userId: filters.get('userId'),
      search: filters.get('search'),
    }),
    [filters],
  );
  const list = useActivity(params);
  useEffect(() => rememberListHash(), [params]);
  const userId = filters.get('userId');
  const userName = list.items.find((row) => row.userId === userId);

  return (
    <>
      <PageHeader
        title="Observability"
        description="Every Copilot session, prompt, response and data-source access. Open a conversation to read it (that view is recorded in the access log)."
      />
      <FilterToolbar actions={<CsvDownloadButton path="/api/activity" params={params} fileName="activity.csv" />}>
        <ActivityTypeFilter value={types} onChange={(next) => filters.set({ types: next.join(',') })} />
        <TimeRangePicker range={filters.range} onChange={filters.set} />
        <AppFilter range={filters.range} />
        <SearchFilter label="Search" name="search" placeholder="User, app or data source" />
        <UserFilterTag
          userId={userId}
          name={userName ? personName(userName) : null}
          onClear={() => filters.set({ userId: undefined })}
        />
      </FilterToolbar>
      <NotSyncedNotice from={filters.range.from} />
      <PagedTable
        label="Activity"
        list={list}
        columns={columns}
        getRowId={(row) => row.id}
        emptyTitle="No activity matches these filters"
        emptyHint="Try another activity type, a longer time range, or clear the search."
      />
    </>
  );
}
