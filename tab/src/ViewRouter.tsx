import type { ComponentType } from 'react';
import type { ViewId } from './routing/routes';
import AccessLogPage from './pages/AccessLogPage';
import AgentsPage from './pages/AgentsPage';
import AskPage from './pages/AskPage';
import ConfigPage from './pages/ConfigPage';
import ConversationPage from './pages/ConversationPage';
import DataSourcesPage from './pages/DataSourcesPage';
import DepartmentPage from './pages/DepartmentPage';
import DepartmentsPage from './pages/DepartmentsPage';
import FindingPage from './pages/FindingPage';
import ObservabilityPage from './pages/ObservabilityPage';
import OverviewPage from './pages/OverviewPage';
import PersonPage from './pages/PersonPage';
import RiskPage from './pages/RiskPage';
import RiskRulesPage from './pages/RiskRulesPage';
import SetupPage from './pages/SetupPage';
import SyncPage from './pages/SyncPage';
import UsersPage from './pages/UsersPage';

const PAGES: Record<ViewId, ComponentType> = {
  overview: OverviewPage,
  agents: AgentsPage,
  observability: ObservabilityPage,
  conversation: ConversationPage,
  person: PersonPage,
  users: UsersPage,
  departments: DepartmentsPage,
  department: DepartmentPage,
  'data-sources': DataSourcesPage,
  sync: SyncPage,
  'access-log': AccessLogPage,
  risk: RiskPage,
  finding: FindingPage,
  'risk-rules': RiskRulesPage,
  ask: AskPage,
  setup: SetupPage,
  // App shows it without the shell (no sign-in, no navigation): it is Teams' "Add a tab" dialog.
  config: ConfigPage,
};

/** The page for the view in the URL. */
export function ViewRouter({ view }: { view: ViewId }) {
  const Page = PAGES[view];
  return <Page />;
}
