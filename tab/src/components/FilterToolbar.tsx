import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalM,
  },
  actions: { marginInlineStart: 'auto', display: 'flex', gap: tokens.spacingHorizontalS },
});

/** The row of filters above a table; `actions` (CSV download…) sit at its end. */
export function FilterToolbar({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="group" aria-label="Filters">
      {children}
      {actions ? <div className={styles.actions}>{actions}</div> : null}
    </div>
  );
}
