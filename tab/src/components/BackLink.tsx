import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { TARGET_24 } from './layoutStyles';

const useStyles = makeStyles({
  back: {
    ...TARGET_24,
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
  },
});

/** "← Back to …" above a detail view's title. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Link href={href} className={styles.back}>
      <ArrowLeftRegular aria-hidden /> {children}
    </Link>
  );
}
