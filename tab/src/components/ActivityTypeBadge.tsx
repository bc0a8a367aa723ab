import { Badge, makeStyles, type BadgeProps } from '@fluentui/react-components';
import { activityTypeLabel } from './ActivityTypeFilter';
import { WRAPPING_BADGE } from './layoutStyles';

const useStyles = makeStyles({ badge: WRAPPING_BADGE });

const COLORS: Record<string, BadgeProps['color']> = {
  session: 'brand',
  prompt: 'informative',
  response: 'success',
  data_source_access: 'warning',
};

/** The kind of an activity feed entry. */
export function ActivityTypeBadge({ type }: { type: string }) {
  const styles = useStyles();
  return (
    <Badge className={styles.badge} appearance="tint" color={COLORS[type] ?? 'informative'} data-activity-type={type}>
      {activityTypeLabel(type)}
    </Badge>
  );
}
