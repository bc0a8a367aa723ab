import { Badge, type BadgeProps } from '@fluentui/react-components';
import type { FindingStatus } from '../../../server/api/contracts';
import { STATUS_LABELS } from '../format/riskLabels';

const COLOR: Record<FindingStatus, BadgeProps['color']> = {
  open: 'brand',
  investigating: 'warning',
  resolved: 'success',
  dismissed: 'subtle',
  false_positive: 'subtle',
};

/** Where a finding is in its triage. */
export function FindingStatusBadge({ status }: { status: FindingStatus }) {
  return (
    <Badge appearance="tint" color={COLOR[status]} data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
