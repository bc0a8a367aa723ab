import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { formatDate } from '../format/format';
import { useSyncedWindow } from '../hooks/useSyncedWindow';

/**
 * Says that a range reaches back before the synced history ("not synced before <date>"), so an empty or thin
 * period is not read as "nobody used Copilot". Shows nothing when the range lies inside it.
 */
export function NotSyncedNotice({ from }: { from: string }) {
  const since = useSyncedWindow().data?.syncedSince ?? null;
  if (since === null || Date.parse(from) >= Date.parse(since)) return null;
  return (
    <MessageBar intent="info" data-testid="not-synced-before">
      <MessageBarBody>
        {`Not synced before ${formatDate(since)}: figures for earlier days are missing, not zero.`}
      </MessageBarBody>
    </MessageBar>
  );
}
