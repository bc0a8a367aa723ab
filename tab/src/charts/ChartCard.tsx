import { Card, CardHeader, makeStyles, Subtitle2, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  card: { minWidth: 0, padding: tokens.spacingHorizontalL },
  body: { minHeight: '260px' },
});

/** A titled card around one chart; the title names the chart for screen readers too. */
export function ChartCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="figure" aria-label={title} data-testid={testId}>
      <CardHeader header={<Subtitle2 as="h2">{title}</Subtitle2>} />
      <div className={styles.body}>{children}</div>
    </Card>
  );
}
