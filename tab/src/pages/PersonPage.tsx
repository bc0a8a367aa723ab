import { Badge, Link, makeStyles, MessageBar, MessageBarBody, Subtitle2, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { ActivityRow, AgentRow } from '../../../server/api/contracts';
import type { DataTableColumn } from '../components/DataTable';
import { DateCell } from '../components/DateCell';
import { DepartmentLink } from '../components/DepartmentLink';
import { OpenFindingsLink } from '../components/OpenFindingsLink';
import { PageHeader } from '../components/PageHeader';
import { PagedTable } from '../components/PagedTable';
import { countOf, formatNumber, personName } from '../format/format';
import { useActivity, useAgents } from '../hooks/useLists';
import { useRoute } from '../hooks/useRoute';
import { resolveRange } from '../routing/timeRange';
import { formatHash } from '../routing/routes';
import { EraseUserAction } from '../privacy/EraseUserAction';
import { useCan } from '../privacy/tierContext';

const useStyles = makeStyles({
  facts: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  section: { marginBlockStart: tokens.spacingVerticalL },
});

/** Per app: the admin centre's "last activity per app", with counts. */
const appColumns: DataTableColumn<AgentRow>[] = [
  { id: 'app', priority: 1, header: 'App / agent', width: 160, render: (r) => r.appName },
  { id: 'last', priority: 1, width: 170, header: 'Last used', render: (r) => <DateCell iso={r.lastAt} /> },
  { id: 'prompts', priority: 1, width: 100, header: 'Prompts', render: (r) => formatNumber(r.promptCount) },
  { id: 'sessions', priority: 2, width: 100, header: 'Sessions', render: (r) => formatNumber(r.conversationCount) },
  { id: 'first', priority: 2, width: 170, header: 'First used', render: (r) => <DateCell iso={r.firstAt} /> },
  {
    id: 'activity',
    priority: 1,
    width: 120,
    header: 'Activity',
    render: (r) => (
      <Link href={formatHash('observability', { userId: r.userId, appKey: r.appKey, days: '90' })}>View activity</Link>
    ),
  },
];

const sessionColumns: DataTableColumn<ActivityRow>[] = [
  { id: 'at', priority: 1, width: 170, header: 'Started', render: (r) => <DateCell iso={r.at} /> },
  { id: 'app', priority: 1, width: 140, header: 'App', render: (r) => r.appName },
  {
    id: 'size',
    priority: 2,
    width: 180,
    header: 'Size',
    render: (r) => `${countOf(r.promptCount ?? 0, 'prompt')}, ${countOf(r.responseCount ?? 0, 'response')}`,
  },
  {
    id: 'open',
    priority: 1,
    width: 110,
    header: 'Conversation',
    render: (r) => (
      <Link
        href={formatHash('conversation', undefined, r.conversationId)}
        aria-label={`Open the conversation in ${r.appName}`}
      >
        Open
      </Link>
    ),
  },
];

/** One person: who, their use of each Copilot app (first and last use, counts) and their sessions of the last 90 days. */
export default function PersonPage() {
  const styles = useStyles();
  const { id } = useRoute();
  const userId = id ?? '';
  const range = useMemo(() => resolveRange(new URLSearchParams('days=90')), []);
  const apps = useAgents(useMemo(() => ({ userId, sort: 'lastAt', direction: 'desc' }), [userId]));
  const sessions = useActivity(
    useMemo(() => ({ userId, types: 'session', from: range.from, to: range.to }), [userId, range]),
  );
  const who = apps.items[0] ?? sessions.items[0];
  const name = who ? personName(who) : userId;
  const canErase = useCan('erase');
  const prompts = apps.items.reduce((sum, a) => sum + a.promptCount, 0);
  const lastUsed = apps.items[0]?.lastAt ?? null;

  return (
    <>
      <PageHeader title={name} description={who?.userPrincipalName ?? undefined} />
      <div className={styles.facts} data-testid="person-facts">
        {who?.department ? (
          <span>
            Department: <DepartmentLink department={who.department} />
          </span>
        ) : null}
        {apps.loading ? null : apps.items.length > 0 ? (
          <>
            <Badge appearance="tint" color="success">
              Uses Copilot
            </Badge>
            <span>
              {countOf(prompts, 'prompt')} in {countOf(apps.items.length, 'app')}, last on <DateCell iso={lastUsed} />
            </span>
          </>
        ) : (
          <Badge appearance="tint" color="warning">
            No Copilot activity synced
          </Badge>
        )}
        {userId ? <OpenFindingsLink userId={userId} /> : null}
        {userId && canErase && who ? <EraseUserAction userId={userId} name={name} /> : null}
        <Link href={formatHash('users', { list: 'unreadable', search: who?.userPrincipalName ?? undefined })}>
          Sync state of their history
        </Link>
      </div>
      {!apps.loading && apps.items.length === 0 ? (
        <MessageBar intent="info" layout="multiline" className={styles.section}>
          <MessageBarBody>
            Nothing of this person is synced. If they hold a licence, Users shows whether they have not used Copilot or
            whether Microsoft Graph would not give their history.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Subtitle2 as="h2" className={styles.section}>
        Copilot apps and agents (all time)
      </Subtitle2>
      <PagedTable
        label="Apps of this person"
        list={apps}
        columns={appColumns}
        getRowId={(r) => r.id}
        describeRow={(r) => r.appName}
        emptyTitle="No Copilot app used"
      />
      <Subtitle2 as="h2" className={styles.section}>
        Sessions ({range.label.toLowerCase()})
      </Subtitle2>
      <PagedTable
        label="Sessions of this person"
        list={sessions}
        columns={sessionColumns}
        getRowId={(r) => r.id}
        describeRow={(r) => `${r.appName} session`}
        emptyTitle="No session in this range"
      />
    </>
  );
}
