import { Link } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ActivityRow } from '../../../server/api/contracts';
import { ActivityTypeBadge } from '../components/ActivityTypeBadge';
import { ActivityTypeFilter, parseActivityTypes } from '../components/ActivityTypeFilter';
import { ConversationPanel } from '../components/ConversationPanel';
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
import { useRoute } from '../hooks/useRoute';
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
];

/** The feed's columns; the last one opens a row's conversation in the side panel (`open`). */
const columnsWith = (open: (row: ActivityRow, trigger: HTMLElement) => void): DataTableColumn<ActivityRow>[] => [
  ...columns,
  {
    id: 'conversation',
    priority: 1,
    header: 'Conversation',
    render: (row) => (
      <Link
        as="button"
        aria-haspopup="dialog"
        aria-label={`Open the conversation of ${personName(row)} in ${row.appName}`}
        onClick={(event) => open(row, event.currentTarget)}
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
  // The conversation open in the side panel (`panel=<conversationId>`: a deep link opens it too). "Back to activity"
  // from the full conversation page returns to the list itself, not to the panel (which would be a new viewing).
  const panel = filters.get('panel');
  const route = useRoute();
  useEffect(() => {
    const listParams = new URLSearchParams(route.params);
    listParams.delete('panel');
    rememberListHash('activity', formatHash('observability', listParams));
  }, [route.params]);
  const trigger = useRef<HTMLElement | null>(null);
  const scrolledTo = useRef<number | null>(null);
  const columns = useMemo(
    () =>
      columnsWith((row, element) => {
        trigger.current = element;
        scrolledTo.current = window.scrollY;
        filters.set({ panel: row.conversationId });
      }),
    [filters],
  );
  const closePanel = useCallback(() => {
    filters.set({ panel: undefined });
    // Back to the row's "Open" that opened it (the list not scrolled); after a deep link, to the view's title.
    const target = trigger.current?.isConnected ? trigger.current : document.querySelector<HTMLElement>('main h1');
    const top = scrolledTo.current;
    trigger.current = null;
    scrolledTo.current = null;
    requestAnimationFrame(() => {
      // The modal locks the page's scroll while open (its scrollbar goes, rows re-wrap, the browser re-anchors the
      // scroll): the list goes back to where it was.
      if (top !== null) window.scrollTo({ top });
      target?.focus({ preventScroll: true });
    });
  }, [filters]);
  const userId = filters.get('userId');
  const userName = list.items.find((row) => row.userId === userId);

  return (
    <>
      <PageHeader
        title="Observability"
        description="Every Copilot session, prompt, response and data-source access. Open a conversation to read it beside the list (each opening is recorded in the access log)."
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
      {panel ? <ConversationPanel conversationId={panel} onClose={closePanel} /> : null}
    </>
  );
}
