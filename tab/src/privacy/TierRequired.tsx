import { Body1, Card, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { LockClosedRegular } from '@fluentui/react-icons';
import type { Tier } from '../../../server/api/contracts';
import { TIER_ADDS } from './roleWords';

const useStyles = makeStyles({
  card: { maxWidth: '560px', padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM },
  icon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
});

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
