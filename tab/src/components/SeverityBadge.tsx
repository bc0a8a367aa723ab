import { Badge, makeStyles, type BadgeProps } from '@fluentui/react-components';
import type { Severity } from '../../../server/api/contracts';
import { SEVERITY_LABELS } from '../format/riskLabels';
import { WRAPPING_BADGE } from './layoutStyles';

const useStyles = makeStyles({ badge: WRAPPING_BADGE });

const COLOR: Record<Severity, BadgeProps['color']> = { high: 'danger', medium: 'warning', low: 'informative' };

/** A finding's severity (the word is always shown: colour alone says nothing to some readers). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const styles = useStyles();
  return (
    <Badge className={styles.badge} appearance="filled" color={COLOR[severity]} data-severity={severity}>
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}
