import { Button, Link, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { FindingDetail, SuppressionRow } from '../../../server/api/contracts';
import { apiSend } from '../api/client';
import { personName } from '../format/format';
import { formatHash } from '../routing/routes';
import { ErrorState } from './ErrorState';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'start', gap: tokens.spacingVerticalS },
});

/** "Suppress this rule for this user": later matches of the finding's rule for its user are not recorded. */
export function SuppressFindingAction({ finding }: { finding: FindingDetail }) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<SuppressionRow | null>(null);
  const name = personName(finding);
  const suppress = (): void => {
    setBusy(true);
    setError(null);
    apiSend<SuppressionRow>('POST', '/api/finding-suppressions', {
      rule: finding.rule,
      userId: finding.userId,
      note: `From the finding “${finding.title}” (${finding.id}).`,
    })
      .then(setDone, (e: unknown) => setError(e as Error))
      .finally(() => setBusy(false));
  };
  return (
    <div className={styles.root}>
      <Button disabled={busy || done !== null} onClick={suppress}>
        Suppress this rule for {name}
      </Button>
      {done ? (
        <MessageBar intent="success" role="status" data-testid="suppress-done">
          <MessageBarBody>
            Later {finding.rule} findings for {name} will not be recorded. This finding keeps its status.{' '}
            <Link href={formatHash('risk-rules')}>See the suppressions</Link>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? <ErrorState error={error} title="The rule was not suppressed" /> : null}
    </div>
  );
}
