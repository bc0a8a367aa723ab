import { Caption1, Card, LargeTitle, makeStyles, tokens } from '@fluentui/react-components';
import { formatNumber } from '../format/format';

const useStyles = makeStyles({
  card: { minWidth: 0 },
  value: { color: tokens.colorBrandForeground1 },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** One headline figure. */
export function StatCard({ label, value, hint }: { label: string; value: number | null; hint?: string }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="group" aria-label={label}>
      <Caption1>{label}</Caption1>
      <LargeTitle className={styles.value} data-testid={`stat-${label}`}>
        {formatNumber(value)}
      </LargeTitle>
      {hint ? <Caption1 className={styles.hint}>{hint}</Caption1> : null}
    </Card>
  );
}
