import { Badge, Link } from '@fluentui/react-components';
import { countOf } from '../format/format';
import { useFindingsSummary } from '../hooks/useFindingsSummary';
import { formatHash } from '../routing/routes';

/** "3 open risk findings (1 high)" for one person, a link to those findings; nothing while loading or on error. */
export function OpenFindingsLink({ userId }: { userId: string }) {
  const summary = useFindingsSummary({ userId });
  const open = summary.data?.open;
  if (!open) return null;
  const label = `${countOf(open.total, 'open risk finding')}${open.high > 0 ? ` (${open.high} high)` : ''}`;
  return (
    <Link href={formatHash('risk', { userId, status: 'open' })} data-testid="person-open-findings">
      <Badge appearance="tint" color={open.high > 0 ? 'danger' : open.total > 0 ? 'warning' : 'subtle'}>
        {label}
      </Badge>
    </Link>
  );
}
