import { Badge } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { LicensedInactiveRow } from '../../../server/api/contracts';
import { CsvDownloadButton } from './CsvDownloadButton';
import type { DataTableColumn } from './DataTable';
import { DateCell } from './DateCell';
import { DepartmentLink } from './DepartmentLink';
import { FilterToolbar } from './FilterToolbar';
import { PagedTable } from './PagedTable';
import { PersonCell } from './PersonCell';
import { SearchFilter } from './SearchFilter';
import { useFilters } from '../hooks/useFilters';
import { useInactiveUsers } from '../hooks/useLists';

const yesNo = (value: boolean | null, yes: string, no: string) =>
  value === null ? (
    '—'
  ) : (
    <Badge appearance="tint" color={value ? 'success' : 'warning'}>
      {value ? yes : no}
    </Badge>
  );

const columns: DataTableColumn<LicensedInactiveRow>[] = [
  { id: 'user', priority: 1, header: 'User', width: 230, render: (row) => <PersonCell {...row} /> },
  {
    id: 'department',
    priority: 2,
    header: 'Department',
    render: (row) => <DepartmentLink department={row.department} />,
  },
  { id: 'job', priority: 3, header: 'Job title', render: (row) => row.jobTitle ?? '—' },
  { id: 'account', priority: 2, header: 'Account', render: (row) => yesNo(row.accountEnabled, 'Enabled', 'Disabled') },
  {
    id: 'copilot',
    priority: 1,
    header: 'Copilot',
    render: (row) => yesNo(row.copilotEnabled, 'Provisioned', 'Not provisioned'),
  },
  {
    id: 'seen',
    priority: 3,
    width: 170,
    header: 'First seen by the sync',
    render: (row) => <DateCell iso={row.firstSeenAt} />,
  },
];

/** Licensed users with no Copilot activity at all: licenses to reclaim or people to train. */
export function InactiveUsersTable() {
  const filters = useFilters();
  const params = useMemo(() => ({ department: filters.get('department'), search: filters.get('search') }), [filters]);
  const list = useInactiveUsers(params);
  return (
    <>
      <FilterToolbar
        actions={
          <CsvDownloadButton path="/api/users/inactive" params={params} fileName="licensed-without-activity.csv" />
        }
      >
        <SearchFilter label="Department" name="department" />
        <SearchFilter label="Search" name="search" placeholder="Name or email" />
      </FilterToolbar>
      <PagedTable
        label="Licensed users without activity"
        list={list}
        columns={columns}
        getRowId={(row) => row.userId}
        emptyTitle="No licensed user without activity"
        emptyHint="Users whose history the sync could not read are under History unreadable, not here."
      />
    </>
  );
}
