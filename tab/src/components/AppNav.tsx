import { makeStyles, NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, tokens } from '@fluentui/react-components';
import {
  BotSparkleRegular,
  BoxMultipleRegular,
  BuildingMultipleRegular,
  ArrowSyncRegular,
  DatabaseSearchRegular,
  DataPieRegular,
  DocumentSearchRegular,
  PeopleRegular,
  PlugConnectedRegular,
  ShieldErrorRegular,
  ShieldKeyholeRegular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { formatHash, type ViewId } from '../routing/routes';

const useStyles = makeStyles({
  drawer: {
    position: 'sticky',
    top: 0,
    height: '100vh',
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

interface NavEntry {
  view: ViewId;
  label: string;
  icon: ReactElement;
  section?: string;
}

export const NAV_ENTRIES: NavEntry[] = [
  { view: 'overview', label: 'Overview', icon: <DataPieRegular /> },
  { view: 'agents', label: 'Agents', icon: <BoxMultipleRegular />, section: 'Inventory' },
  { view: 'observability', label: 'Observability', icon: <DocumentSearchRegular />, section: 'Usage' },
  { view: 'users', label: 'Users', icon: <PeopleRegular /> },
  { view: 'departments', label: 'Departments', icon: <BuildingMultipleRegular /> },
  { view: 'data-sources', label: 'Data sources', icon: <DatabaseSearchRegular /> },
  { view: 'risk', label: 'Risk', icon: <ShieldErrorRegular />, section: 'Security' },
  { view: 'ask', label: 'Ask', icon: <BotSparkleRegular />, section: 'Administration' },
  { view: 'sync', label: 'Sync', icon: <ArrowSyncRegular /> },
  { view: 'access-log', label: 'Access log', icon: <ShieldKeyholeRegular /> },
  { view: 'setup', label: 'Setup', icon: <PlugConnectedRegular /> },
];

/** Detail views and the list entry they belong to. */
const PARENT: Partial<Record<ViewId, ViewId>> = {
  conversation: 'observability',
  person: 'users',
  finding: 'risk',
  'risk-rules': 'risk',
  department: 'departments',
};

/** The left navigation: real links (`#/…`), so every view can be opened in a new tab or bookmarked. */
export function AppNav({
  current,
  open,
  canSee = () => true,
}: {
  current: ViewId;
  open: boolean;
  /** Views the signed-in tier can use; the others are left out of the navigation. */
  canSee?: (view: ViewId) => boolean;
}) {
  const styles = useStyles();
  // A conversation is reached from the Observability feed, a finding from Risk: keep that entry lit.
  const selected = PARENT[current] ?? current;
  return (
    <NavDrawer
      id="app-nav"
      open={open}
      type="inline"
      selectedValue={selected}
      className={styles.drawer}
      aria-label="Views"
    >
      <NavDrawerBody>
        {NAV_ENTRIES.filter((entry) => canSee(entry.view)).map((entry, i, shown) => [
          entry.section && shown.findIndex((e) => e.section === entry.section) === i ? (
            <NavSectionHeader key={`section-${entry.section}`}>{entry.section}</NavSectionHeader>
          ) : null,
          <NavItem
            key={entry.view}
            value={entry.view}
            href={formatHash(entry.view)}
            icon={entry.icon}
            aria-current={entry.view === selected ? 'page' : undefined}
          >
            {entry.label}
          </NavItem>,
        ])}
      </NavDrawerBody>
    </NavDrawer>
  );
}
