import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useMemo } from 'react';
import { useFilters } from '../hooks/useFilters';
import { useUnreadableUsers } from '../hooks/useLists';
import { personName } from '../format/format';
import { CsvDownloadButton } from './CsvDownloadButton';
import { FilterToolbar } from './FilterToolbar';
import { PagedTable } from './PagedTable';
import { SearchFilter } from './SearchFilter';
import { userSyncErrorColumns } from './userSyncErrorColumns';

const columns = userSyncErrorColumns({ department: true });

/** Licensed users with no activity synced because Graph would not give their history: unknown, not unused. */
export function UnreadableUsersTable() {
  const filters = useFilters();
  const params = useMemo(() => ({ department: filters.get('department'), search: filters.get('search') }), [filters]);
  const list = useUnreadableUsers(params);
  return (
    <>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          Microsoft Graph would not give these users&apos; Copilot history, so whether they use Copilot is unknown. They
          are not counted as licences without activity; do not reclaim their licences on this app&apos;s word.
        </MessageBarBody>
      </MessageBar>
      <FilterToolbar
        actions={
          <CsvDownloadButton path="/api/users/unreadable" params={params} fileName="licensed-history-unreadable.csv" />
        }
      >
        <SearchFilter label="Department" name="department" />
        <SearchFilter label="Search" name="search" placeholder="Name or email" />
      </FilterToolbar>
      <PagedTable
        label="Licensed users whose history could not be read"
        list={list}
        columns={columns}
        getRowId={(row) => row.userId}
        describeRow={personName}
        emptyTitle="The sync could read every licensed user's history"
      />
    </>
  );
}
