import { Caption1, Card, LargeTitle, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { formatNumber } from '../format/format';

const useStyles = makeStyles({
  card: { minWidth: 0 },
  value: { color: tokens.colorBrandForeground1 },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** One headline figure; `children` adds a line under it (a note, a link to the list behind it). */
export function StatCard({
  label,
  value,
  hint,
  children,
}: {
  label: string;
  value: number | null;
  hint?: string;
  children?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="group" aria-label={label}>
      <Caption1>{label}</Caption1>
      <LargeTitle className={styles.value} data-testid={`stat-${label}`}>
        {formatNumber(value)}
      </LargeTitle>
      {hint ? <Caption1 className={styles.hint}>{hint}</Caption1> : null}
      {children}
    </Card>
  );
}
