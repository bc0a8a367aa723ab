import { Caption1, Card, LargeTitle, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { formatNumber } from '../format/format';

const useStyles = makeStyles({
  card: { minWidth: 0 },
  value: { color: tokens.colorBrandForeground1 },
  link: {
    color: 'inherit',
    fontSize: 'inherit',
    fontWeight: 'inherit',
    lineHeight: 'inherit',
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
  },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** One headline figure; `children` adds a line under it (a note, a link to the list behind it). */
export function StatCard({
  label,
  value,
  hint,
  href,
  children,
}: {
  label: string;
  value: number | null;
  hint?: string;
  /** The list behind the figure (the figure links there). */
  href?: string;
  children?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="group" aria-label={label}>
      <Caption1>{label}</Caption1>
      <LargeTitle className={styles.value} data-testid={`stat-${label}`}>
        {href ? (
          <Link className={styles.link} href={href} aria-label={`${label}: ${formatNumber(value)}, show the list`}>
            {formatNumber(value)}
          </Link>
        ) : (
          formatNumber(value)
        )}
      </LargeTitle>
      {hint ? <Caption1 className={styles.hint}>{hint}</Caption1> : null}
      {children}
    </Card>
  );
}
