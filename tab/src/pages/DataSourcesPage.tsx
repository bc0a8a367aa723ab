import { Badge, Link } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { DataSourceRow } from '../../../server/api/contracts';
import { AppFilter } from '../components/AppFilter';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { FilterToolbar } from '../components/FilterToolbar';
import { NotSyncedNotice } from '../components/NotSyncedNotice';
import { RangeCountsNote } from '../components/RangeCountsNote';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { safeHref } from '../components/SafeContent';
import { SearchFilter } from '../components/SearchFilter';
import { SelectFilter } from '../components/SelectFilter';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { formatNumber } from '../format/format';
import { useApps } from '../hooks/useApps';
import { useFilters } from '../hooks/useFilters';
import { useDataSources } from '../hooks/useLists';

const SORTS = ['referenceCount', 'userCount', 'lastAt', 'name'];
const KINDS = [
  { value: 'file', label: 'Files' },
  { value: 'site', label: 'Sites' },
  { value: 'email', label: 'Email' },
  { value: 'meeting', label: 'Meetings' },
  { value: 'event', label: 'Events' },
  { value: 'chat', label: 'Chats' },
  { value: 'web', label: 'Web' },
  { value: 'other', label: 'Other' },
];

function nameCell(row: DataSourceRow) {
  const name = row.name ?? row.url ?? row.key;
  const href = safeHref(row.url);
  return href ? (
    <Link href={href} target="_blank" rel="noopener noreferrer">
      {name}
    </Link>
  ) : (
    name
  );
}

/** The columns; `appName` turns an app key into the name the filters show ("Microsoft 365 Chat", not "m365chat"). */
const columnsFor = (appName: (key: string) => string): DataTableColumn<DataSourceRow>[] => [
  { id: 'name', priority: 1, width: 260, header: 'Name', sortKey: 'name', render: nameCell },
  {
    id: 'kind',
    priority: 2,
    header: 'Kind',
    // The filter's words, not the stored key ("Files", not "file").
    render: (row) => <Badge appearance="outline">{KINDS.find((k) => k.value === row.kind)?.label ?? row.kind}</Badge>,
  },
  { id: 'host', priority: 3, header: 'Host', render: (row) => row.host ?? '—' },
  {
    id: 'references',
    priority: 1,
    width: 110,
    header: 'References',
    sortKey: 'referenceCount',
    render: (r) => formatNumber(r.referenceCount),
  },
  {
    id: 'users',
    priority: 2,
    width: 110,
    header: 'Distinct users',
    sortKey: 'userCount',
    render: (r) => formatNumber(r.userCount),
  },
  { id: 'apps', priority: 3, width: 230, header: 'Apps', render: (row) => row.appKeys.map(appName).join(', ') },
  {
    id: 'last',
    priority: 1,
    width: 170,
    header: 'Last referenced',
    sortKey: 'lastAt',
    render: (r) => <DateCell iso={r.lastAt} />,
  },
];

/** The files, sites and other sources Copilot drew on: most referenced, by kind, by reach. */
export default function DataSourcesPage() {
  const filters = useFilters();
  const sort = filters.sort(SORTS, { key: 'referenceCount', direction: 'desc' });
  const params = useMemo(
    () => ({
      // Those used in the last 30 days like every view, unless the URL asks for all time (`days=all`).
      from: filters.allTime ? undefined : filters.range.from,
      to: filters.allTime ? undefined : filters.range.to,
      kind: filters.get('kind'),
      appKey: filters.get('appKey'),
      search: filters.get('search'),
      sort: sort.key,
      direction: sort.direction,
    }),
    [filters, sort.key, sort.direction],
  );
  const list = useDataSources(params);
  const { apps } = useApps();
  const columns = useMemo(() => columnsFor((key) => apps.find((a) => a.appKey === key)?.appName ?? key), [apps]);
  return (
    <>
      <PageHeader
        title="Data sources"
        description="Files, sites, mail, meetings and web pages Copilot used to answer, and how many people reached them."
      />
      <FilterToolbar
        actions={<CsvDownloadButton path="/api/data-sources" params={params} fileName="data-sources.csv" />}
      >
        <TimeRangePicker range={filters.range} onChange={filters.set} allTime={{ selected: filters.allTime }} />
        <SelectFilter
          label="Kind"
          value={filters.get('kind')}
          options={KINDS}
          allLabel="All kinds"
          onChange={(kind) => filters.set({ kind })}
        />
        <AppFilter />
        <SearchFilter label="Search" name="search" placeholder="Name or address" />
      </FilterToolbar>
      {filters.allTime ? null : <NotSyncedNotice from={filters.range.from} />}
      <RangeCountsNote allTime={filters.allTime} subject="sources used" />
      <PagedTable
        label="Data sources"
        list={list}
        columns={columns}
        getRowId={(row) => row.key}
        sort={sort}
        onSortChange={filters.setSort}
        emptyTitle="No data sources match these filters"
      />
    </>
  );
}
