import { Badge } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { AccessLogEntry } from '../../../server/api/contracts';
import { CsvDownloadButton } from '../components/CsvDownloadButton';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { FilterToolbar } from '../components/FilterToolbar';
import { PagedTable } from '../components/PagedTable';
import { PageHeader } from '../components/PageHeader';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { useFilters } from '../hooks/useFilters';
import { useAccessLog } from '../hooks/useLists';

const WHAT: Record<AccessLogEntry['what'], string> = {
  conversation: 'Conversation transcript',
  user_prompts: "A user's prompts (Ask or the bot)",
  conversation_csv: 'Conversation export',
};

/** Who could read it: the viewer alone, in the tab, in their personal chat with the bot, or a file they downloaded. */
const SHOWN_IN: Record<NonNullable<AccessLogEntry['shownIn']>, string> = {
  tab: 'The tab',
  personal_chat: 'Personal chat with the bot',
  download: 'Downloaded file',
};

const columns: DataTableColumn<AccessLogEntry>[] = [
  { id: 'at', priority: 1, width: 170, header: 'When', render: (row) => <DateCell iso={row.at} /> },
  {
    id: 'viewer',
    priority: 1,
    header: 'Viewed by',
    render: (row) => (
      <>
        {row.viewer.name ?? row.viewer.upn ?? row.viewer.userId}{' '}
        {row.viewer.demo ? (
          <Badge appearance="outline" color="warning" size="small">
            demo
          </Badge>
        ) : null}
      </>
    ),
  },
  { id: 'subject', priority: 1, header: 'Whose', render: (row) => row.subjectName ?? row.subjectUserId },
  { id: 'what', priority: 2, header: 'What', render: (row) => WHAT[row.what] ?? row.what },
  { id: 'reason', priority: 1, header: 'Reason', render: (row) => row.reason ?? '—' },
  {
    id: 'shownIn',
    priority: 2,
    header: 'Shown in',
    render: (row) => (row.shownIn ? SHOWN_IN[row.shownIn] : row.via === 'bot' ? 'The bot' : 'The tab'),
  },
  { id: 'session', priority: 2, header: 'Session', render: (row) => row.sessionId ?? '—' },
];

/** Who read whose Copilot conversations, and when: the audit trail of this tool itself. */
export default function AccessLogPage() {
  const filters = useFilters();
  const params = useMemo(() => ({ from: filters.range.from, to: filters.range.to }), [filters]);
  const list = useAccessLog(params);
  return (
    <>
      <PageHeader
        title="Access log"
        description="Every time an admin read a person's Copilot prompts or responses, in the tab or through the bot."
      />
      <FilterToolbar actions={<CsvDownloadButton path="/api/access-log" params={params} fileName="access-log.csv" />}>
        <TimeRangePicker range={filters.range} onChange={filters.set} />
      </FilterToolbar>
      <PagedTable
        label="Access log"
        list={list}
        columns={columns}
        getRowId={(row) => row.id}
        emptyTitle="Nobody has viewed a conversation in this range"
      />
    </>
  );
}
