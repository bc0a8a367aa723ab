import { Tab, TabList } from '@fluentui/react-components';
import { PageHeader } from '../components/PageHeader';
import { useFilters } from '../hooks/useFilters';
import { ActiveUsersTable } from '../components/ActiveUsersTable';
import { InactiveUsersTable } from '../components/InactiveUsersTable';

/** Users: who uses Copilot, and who holds a license without using it (`list=inactive`). */
export default function UsersPage() {
  const filters = useFilters();
  const inactive = filters.get('list') === 'inactive';
  return (
    <>
      <PageHeader
        title="Users"
        description="Who uses Copilot and how much, and licensed users with no Copilot activity."
      />
      <TabList
        selectedValue={inactive ? 'inactive' : 'active'}
        onTabSelect={(_, data) =>
          // Each list has its own sort keys: start the other one clean.
          filters.set({
            list: data.value === 'inactive' ? 'inactive' : undefined,
            sort: undefined,
            dir: undefined,
            appKey: undefined,
          })
        }
        aria-label="Which users"
      >
        <Tab value="active">Active users</Tab>
        <Tab value="inactive">Licensed without activity</Tab>
      </TabList>
      {inactive ? <InactiveUsersTable /> : <ActiveUsersTable />}
    </>
  );
}
