import { Badge, makeStyles, type BadgeProps } from '@fluentui/react-components';
import type { SyncRunSummary } from '../../../server/api/contracts';
import { WRAPPING_BADGE } from './layoutStyles';

const useStyles = makeStyles({ badge: WRAPPING_BADGE });

const LOOK: Record<SyncRunSummary['status'], { color: BadgeProps['color']; label: string }> = {
  running: { color: 'brand', label: 'Running' },
  succeeded: { color: 'success', label: 'Succeeded' },
  completed_with_errors: { color: 'warning', label: 'Completed with errors' },
  failed: { color: 'danger', label: 'Failed' },
  interrupted: { color: 'severe', label: 'Interrupted' },
};

/** A sync run's outcome. */
export function SyncRunStatusBadge({ status }: { status: SyncRunSummary['status'] }) {
  const styles = useStyles();
  const look = LOOK[status] ?? { color: 'informative', label: status };
  return (
    <Badge className={styles.badge} appearance="filled" color={look.color}>
      {look.label}
    </Badge>
  );
}
