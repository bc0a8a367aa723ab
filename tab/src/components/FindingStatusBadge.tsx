import { Badge, makeStyles, type BadgeProps } from '@fluentui/react-components';
import type { FindingStatus } from '../../../server/api/contracts';
import { STATUS_LABELS } from '../format/riskLabels';
import { WRAPPING_BADGE } from './layoutStyles';

const useStyles = makeStyles({ badge: WRAPPING_BADGE });

const COLOR: Record<FindingStatus, BadgeProps['color']> = {
  open: 'brand',
  investigating: 'warning',
  resolved: 'success',
  dismissed: 'subtle',
  false_positive: 'subtle',
};

/** Where a finding is in its triage. */
export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  const styles = useStyles();
  return (
    <Badge className={styles.badge} appearance="tint" color={COLOR[status]} data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
