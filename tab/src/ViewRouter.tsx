import type { ComponentType } from 'react';
import type { ViewId } from './routing/routes';
import AccessLogPage from './pages/AccessLogPage';
import AgentsPage from './pages/AgentsPage';
import ComingSoonPage from './pages/ComingSoonPage';
import ConversationPage from './pages/ConversationPage';
import DataSourcesPage from './pages/DataSourcesPage';
import ObservabilityPage from './pages/ObservabilityPage';
import { optionalPage } from './pages/optionalPages';
import OverviewPage from './pages/OverviewPage';
import SyncPage from './pages/SyncPage';
import UsersPage from './pages/UsersPage';

const AskPage = optionalPage('AskPage');
const SetupPage = optionalPage('SetupPage');

const PAGES: Record<ViewId, ComponentType> = {
  overview: OverviewPage,
  agents: AgentsPage,
  observability: ObservabilityPage,
  conversation: ConversationPage,
  users: UsersPage,
  'data-sources': DataSourcesPage,
  sync: SyncPage,
  'access-log': AccessLogPage,
  ask: AskPage ?? (() => <ComingSoonPage title="Ask" />),
  setup: SetupPage ?? (() => <ComingSoonPage title="Setup" />),
};

/** The page for the view in the URL. */
export function ViewRouter({ view }: { view: ViewId }) {
  const Page = PAGES[view];
  return <Page />;
}
