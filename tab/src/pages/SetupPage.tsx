import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Link,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  CopyRegular,
  DismissCircleFilled,
  PlugConnectedRegular,
  SubtractCircleRegular,
  WarningFilled,
} from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { CheckName, CheckStatus, ConnectionTestWire, SetupStatus } from '../../../server/connect/setupContracts';
import { describeError, ErrorState } from '../components/ErrorState';
import { LoadingState } from '../components/LoadingState';
import { PageHeader } from '../components/PageHeader';
import { formatDateTime } from '../format/format';
import { useRoute } from '../hooks/useRoute';
import { useSetup, type SetupState } from '../hooks/useSetup';
import { replaceParams } from '../routing/navigation';

const useStyles = makeStyles({
  card: { marginBottom: tokens.spacingVerticalL, gap: tokens.spacingVerticalM, maxWidth: '60rem' },
  facts: {
    margin: 0,
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
  term: { color: tokens.colorNeutralForeground3 },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  checks: { listStyleType: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalM },
  check: { display: 'grid', gridTemplateColumns: 'auto 1fr', gap: tokens.spacingHorizontalS, alignItems: 'start' },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  skipped: { color: tokens.colorNeutralForeground3 },
  hint: { color: tokens.colorNeutralForeground3 },
  outcome: { marginBottom: tokens.spacingVerticalL, maxWidth: '60rem' },
});

const CHECK_LABELS: Record<CheckName, string> = {
  token: 'Sign-in (app-only token)',
  users: 'Read users (User.Read.All)',
  licenses: 'Copilot licenses',
  interactions: 'Read Copilot interactions (AiEnterpriseInteraction.Read.All)',
};

/** Short texts for the outcome codes the consent callback puts in the URL (details come from the status). */
const OUTCOME_TEXT: Record<string, string> = {
  state_missing: 'The link back from Microsoft carried no consent state. Start again with "Connect with Microsoft".',
  state_invalid: 'The link back from Microsoft was not one this app issued, so it was ignored.',
  state_expired: 'The consent took longer than 10 minutes, so the link expired. Start again.',
  state_replayed: 'That consent link was already used. Start again if you need to.',
  invalid_redirect: 'The link back from Microsoft was incomplete. Start again.',
};

/** Connect the tenant (admin consent), test the connection, copy diagnostics for support. */
export default function SetupPage() {
  const setup = useSetup();
  const status = setup.status;
  return (
    <>
      <PageHeader
        title="Setup"
        description="Connect Copilot Observatory to your Microsoft 365 organisation and check that it works."
      />
      <Outcome setup={setup} />
      {status.loading ? <LoadingState label="Loading the connection…" /> : null}
      {status.error ? <ErrorState error={status.error} onRetry={status.reload} /> : null}
      {status.data ? (
        <>
          <ConnectionCard status={status.data} setup={setup} />
          <TestCard setup={setup} lastTest={status.data.connection.lastTest} />
          <DiagnosticsCard setup={setup} />
        </>
      ) : null}
    </>
  );
}

/** What came back from the consent page: `?connected=1`, `?error=…` in the URL, or the popup's message. */
function Outcome({ setup }: { setup: SetupState }) {
  const styles = useStyles();
  const params = useRoute().params;
  const lastError = setup.status.data?.connection.lastError ?? null;
  const code = params.get('error') ?? params.get('warning') ?? setup.popupOutcome?.code ?? null;
  const connected = params.get('connected') === '1' || setup.popupOutcome?.connected === true;
  // The details of a failure come with the status: wait for it rather than flash a vaguer text first.
  if ((!connected && !code) || setup.status.loading) return null;
  const detail = code && lastError?.code === code ? lastError.message : code ? (OUTCOME_TEXT[code] ?? null) : null;
  const intent = connected ? (code ? 'warning' : 'success') : 'error';
  const title = connected ? (code ? 'Connected, with a caveat' : 'Connected') : 'Not connected';
  const dismiss = () => replaceParams({ connected: undefined, error: undefined, warning: undefined });
  return (
    <MessageBar
      intent={intent}
      className={styles.outcome}
      role={connected ? 'status' : 'alert'}
      data-testid="setup-outcome"
    >
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {detail ??
          (connected ? 'Admin consent was granted and the first sync has started.' : 'Consent did not complete.')}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={dismiss}>Dismiss</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function ConnectionCard({ status, setup }: { status: SetupStatus; setup: SetupState }) {
  const styles = useStyles();
  const c = status.connection;
  const blocked = status.connectBlockedBy.length > 0;
  return (
    <Card className={styles.card}>
      <CardHeader header={<Subtitle2 as="h2">Connection</Subtitle2>} action={<ConnectionBadge status={c.status} />} />
      <dl className={styles.facts}>
        <Fact term="Tenant ID">{status.tenantId}</Fact>
        <Fact term="App (client) ID">{status.clientId}</Fact>
        <Fact term="Permissions">{status.permissions.join(', ')} (application, read-only)</Fact>
        <Fact term="Consented">{c.consentedAt ? formatDateTime(c.consentedAt) : 'Not yet'}</Fact>
        <Fact term="Redirect URI">{status.redirectUri}</Fact>
      </dl>
      {c.lastError && c.status !== 'not_connected' ? (
        <MessageBar intent={c.status === 'connected' ? 'warning' : 'error'}>
          <MessageBarBody>
            <MessageBarTitle>Last attempt ({formatDateTime(c.lastError.at)})</MessageBarTitle>
            {c.lastError.message}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {blocked ? (
        <MessageBar intent="error">
          <MessageBarBody>{status.connectBlockedBy.join(' ')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Body1 className={styles.hint}>
        Sign in as a Global Administrator or Privileged Role Administrator of this organisation; Microsoft asks you to
        accept the permissions above for everyone. The app registration must list the redirect URI above.
      </Body1>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          icon={<PlugConnectedRegular />}
          onClick={setup.startConnect}
          disabled={blocked || setup.connect.pending}
        >
          Connect with Microsoft
        </Button>
        {setup.connect.pending ? <Spinner size="tiny" label="Preparing the Microsoft sign-in…" /> : null}
        {setup.connect.waiting ? <Spinner size="tiny" label="Waiting for consent in the other window…" /> : null}
        {setup.connect.blockedUrl ? (
          <Link href={setup.connect.blockedUrl} target="_blank" rel="noreferrer">
            Open the Microsoft consent page
          </Link>
        ) : null}
      </div>
      {setup.connect.error ? <ErrorState error={setup.connect.error} title="Could not start the connection" /> : null}
    </Card>
  );
}

function TestCard({ setup, lastTest }: { setup: SetupState; lastTest: ConnectionTestWire | null }) {
  const styles = useStyles();
  const result = setup.test.result ?? lastTest;
  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Subtitle2 as="h2">Test connection</Subtitle2>}
        description={<Caption1>Gets a token and makes one read-only call per permission.</Caption1>}
      />
      <div className={styles.actions}>
        <Button onClick={setup.runTest} disabled={setup.test.pending}>
          Test connection
        </Button>
        {setup.test.pending ? <Spinner size="tiny" label="Testing…" /> : null}
        {result && !setup.test.pending ? (
          <Caption1 className={styles.hint}>Last tested {formatDateTime(result.at)}</Caption1>
        ) : null}
      </div>
      {setup.test.error ? <ErrorState error={setup.test.error} title="The test could not run" /> : null}
      {result ? (
        <ul className={styles.checks} aria-label="Connection checks" aria-live="polite" data-testid="setup-checks">
          {result.checks.map((check) => (
            <li key={check.name} className={styles.check} data-check={check.name} data-status={check.status}>
              <CheckIcon status={check.status} />
              <div>
                <Body1 as="p" block>
                  <strong>{CHECK_LABELS[check.name]}</strong>
                </Body1>
                <Body1 as="p" block>
                  {check.message}
                </Body1>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function DiagnosticsCard({ setup }: { setup: SetupState }) {
  const styles = useStyles();
  const { pending, result, error } = setup.diagnostics;
  return (
    <Card className={styles.card}>
      <CardHeader
        header={<Subtitle2 as="h2">Diagnostics</Subtitle2>}
        description={
          <Caption1>
            Tenant and app ids, connection state and the last sync runs with their errors. Never secrets or prompts.
          </Caption1>
        }
      />
      <div className={styles.actions}>
        <Button icon={<CopyRegular />} onClick={setup.copyDiagnostics} disabled={pending}>
          Copy diagnostics
        </Button>
        <span role="status" aria-live="polite">
          {pending ? <Spinner size="tiny" label="Gathering…" /> : result?.copied ? 'Copied to the clipboard.' : null}
        </span>
      </div>
      {error ? <MessageBar intent="error">{describeError(error)}</MessageBar> : null}
      {result && !result.copied ? (
        <Textarea
          aria-label="Diagnostics (select all and copy)"
          value={result.text}
          readOnly
          resize="vertical"
          rows={12}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="diagnostics-text"
        />
      ) : null}
    </Card>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.definition}>{children}</dd>
    </>
  );
}

function ConnectionBadge({ status }: { status: SetupStatus['connection']['status'] }) {
  const [color, text] =
    status === 'connected'
      ? (['success', 'Connected'] as const)
      : status === 'consent_failed'
        ? (['danger', 'Consent failed'] as const)
        : (['informative', 'Not connected'] as const);
  return (
    <Badge color={color} data-testid="connection-status">
      {text}
    </Badge>
  );
}

function CheckIcon({ status }: { status: CheckStatus }) {
  const styles = useStyles();
  const label = { pass: 'Passed', warning: 'Warning', fail: 'Failed', skipped: 'Skipped' }[status];
  const Icon = {
    pass: CheckmarkCircleFilled,
    warning: WarningFilled,
    fail: DismissCircleFilled,
    skipped: SubtractCircleRegular,
  }[status];
  return <Icon className={styles[status]} fontSize={20} aria-label={label} role="img" />;
}
