import { MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { BackLink } from '../components/BackLink';
import { PageHeader } from '../components/PageHeader';
import { SuppressionsPanel } from '../components/SuppressionsPanel';
import { WatchlistPanel } from '../components/WatchlistPanel';
import { useSuppressions, useWatchlist } from '../hooks/useRiskRules';
import { lastListHash } from '../routing/lastList';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
});

/** Risk rules an admin sets: watch-list words and patterns, and suppressions of rules for users, files or sites. */
export default function RiskRulesPage() {
  const styles = useStyles();
  const watchlist = useWatchlist();
  const suppressions = useSuppressions();
  return (
    <>
      <BackLink href={lastListHash('risk')}>Back to findings</BackLink>
      <PageHeader
        title="Watch-list and suppressions"
        description="Words and patterns that raise findings at the severity you give them, and rules not to raise for a person, a file or a site."
      />
      <div className={styles.root}>
        <MessageBar intent="info" data-testid="rescan-note">
          <MessageBarBody>
            Changes apply to interactions synced from now on. Findings already recorded stay as they are; to scan the
            stored history for a new watch-list entry, an operator runs <code>npm run risk:rescan</code> on the server.
          </MessageBarBody>
        </MessageBar>
        <WatchlistPanel list={watchlist} />
        <SuppressionsPanel list={suppressions} />
      </div>
    </>
  );
}
