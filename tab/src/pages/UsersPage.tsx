import { makeStyles, Tab, TabList } from '@fluentui/react-components';
import { PageHeader } from '../components/PageHeader';
import { useFilters } from '../hooks/useFilters';
import { ActiveUsersTable } from '../components/ActiveUsersTable';
import { InactiveUsersTable } from '../components/InactiveUsersTable';
import { UnreadableUsersTable } from '../components/UnreadableUsersTable';

// The three lists wrap onto two lines in a narrow tab instead of running past its edge.
const useStyles = makeStyles({ lists: { flexWrap: 'wrap' } });

const LISTS = ['active', 'inactive', 'unreadable'] as const;
type UserList = (typeof LISTS)[number];

/**
 * Users: who uses Copilot (default), who holds a licence without using it (`list=inactive`), and whose history the
 * sync could not read (`list=unreadable`: unknown, never counted as unused).
 */
export default function UsersPage() {
  const styles = useStyles();
  const filters = useFilters();
  const requested = filters.get('list');
  const list: UserList = LISTS.find((l) => l === requested) ?? 'active';
  return (
    <>
      <PageHeader
        title="Users"
        description="Who uses Copilot and how much, licensed users with no Copilot activity, and those whose history could not be read."
      />
      <TabList
        className={styles.lists}
        selectedValue={list}
        onTabSelect={(_, data) =>
          // Each list has its own sort keys: start the other one clean.
          filters.set({
            list: data.value === 'active' ? undefined : String(data.value),
            sort: undefined,
            dir: undefined,
            appKey: undefined,
          })
        }
        aria-label="Which users"
      >
        <Tab value="active">Active users</Tab>
        <Tab value="inactive">Licensed without activity</Tab>
        <Tab value="unreadable">History unreadable</Tab>
      </TabList>
      {list === 'inactive' ? (
        <InactiveUsersTable />
      ) : list === 'unreadable' ? (
        <UnreadableUsersTable />
      ) : (
        <ActiveUsersTable />
      )}
    </>
  );
}
