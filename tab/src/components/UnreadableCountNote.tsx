import { Link, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { countOf } from '../format/format';
import { useCan } from '../privacy/tierContext';
import { formatHash } from '../routing/routes';

/**
 * Says how many licensed users could not be read and so are counted in no adoption figure (their use is unknown,
 * never taken for unused), with a link to the Sync view, which names them, for tiers that may open it. Nothing when
 * there are none.
 */
export function UnreadableCountNote({ count }: { count: number | null }) {
  const canSeeSync = useCan('viewSync');
  if (!count) return null;
  return (
    <MessageBar intent="info" data-testid="unreadable-note">
      <MessageBarBody>
        {`${countOf(count, 'licensed user')} could not be read and ${count === 1 ? 'is' : 'are'} not counted: Microsoft Graph would not give their Copilot history, so whether they used Copilot is unknown. `}
        {canSeeSync ? <Link href={formatHash('sync')}>Who, and why: the Sync view</Link> : null}
      </MessageBarBody>
    </MessageBar>
  );
}
