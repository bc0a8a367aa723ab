import { Body1, Card, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { LockClosedRegular } from '@fluentui/react-icons';
import type { Tier } from '../../../server/api/contracts';

const useStyles = makeStyles({
  card: { maxWidth: '560px', padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM },
  icon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
});

/** What each tier adds, in the words the tab explains a hidden view with. */
export const TIER_ADDS: Record<Tier, string> = {
  Viewer: 'figures, charts and trends, with people shown as pseudonyms',
  Analyst: 'named users, agents, data sources, sync status and risk findings (without evidence)',
  Investigator: 'prompt and response text (each conversation opened with a reason) and risk evidence',
  Admin: 'setup, sync, the access log, erasure and the role mapping',
};

/** Shown instead of a view the signed-in tier cannot use: which role it needs and why. */
export function TierRequired({ needed, has }: { needed: Tier; has: Tier | null }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="alert" data-testid="tier-required">
      <LockClosedRegular className={styles.icon} />
      <Title2 as="h1">This view needs the {needed} role</Title2>
      <Body1>
        You are {has === 'Viewer' ? 'a' : 'an'} {has ?? 'unknown'} in Copilot Observatory. The {needed} role adds{' '}
        {TIER_ADDS[needed]}. Employees&apos; Copilot use is sensitive, so each role sees only what it needs; ask your
        administrator if your work needs more.
      </Body1>
    </Card>
  );
}
