import { Badge, type BadgeProps } from '@fluentui/react-components';
import { activityTypeLabel } from './ActivityTypeFilter';

const COLORS: Record<string, BadgeProps['color']> = {
  session: 'brand',
  prompt: 'informative',
  response: 'success',
  data_source_access: 'warning',
};

/** The kind of an activity feed entry. */
export function ActivityTypeBadge({ type }: { type: string }) {
  return (
    <Badge appearance="tint" color={COLORS[type] ?? 'informative'} data-activity-type={type}>
      {activityTypeLabel(type)}
    </Badge>
  );
}
