import type { SyncRunDoc } from '../../server/store/documents';
import { card, facts, heading, openUrl, text, type AdaptiveCard } from './cardElements';

const OUTCOME: Record<SyncRunDoc['status'], string> = {
  running: 'is running',
  succeeded: 'finished',
  completed_with_errors: 'finished with errors for some users',
  failed: 'failed',
  interrupted: 'was interrupted',
};

/**
 * A run's reason as a channel may read it: every member of a subscribed channel or group chat sees the summary, so
 * e-mail addresses and user principal names a Graph or Entra message may quote are replaced with "a user".
 */
export function channelSafe(message: string): string {
  return message.replace(/[^\s@'"<>()]+@[^\s@'"<>()]+\.[^\s@'"<>().,;:]+/g, 'a user').slice(0, 500);
}

/**
 * The card posted to subscribed channels after a sync run: what changed, errors, duration, a link to the tab. Counts
 * only: no prompt text and no row per person (who failed is in the Sync view, behind the admin rule).
 */
export function syncSummaryCard(run: SyncRunDoc, tabUrl: string): AdaptiveCard {
  const c = run.counts;
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-US');
  const seconds = run.durationMs === null ? '—' : `${(run.durationMs / 1000).toFixed(1)} s`;
  return card(
    [
      heading(`Copilot sync ${OUTCOME[run.status]}`),
      text(
        `${n(c.interactionsNew)} new ${c.interactionsNew === 1 ? 'prompt or response' : 'prompts and responses'} from ` +
          `${n(c.usersNew)} new and ${n(c.usersUpdated)} returning ${c.usersUpdated === 1 ? 'user' : 'users'}.`,
      ),
      facts([
        { title: 'New users', value: n(c.usersNew) },
        { title: 'New agents', value: n(c.agentsNew) },
        { title: 'New sessions', value: n(c.conversationsNew) },
        { title: 'New prompts and responses', value: n(c.interactionsNew) },
        { title: 'New data sources', value: n(c.dataSourcesNew) },
        { title: 'Users with errors', value: n(run.errorCount) },
        { title: 'Duration', value: seconds },
        {
          title: 'Run',
          value: `${run.mode}, ${run.trigger}, ended ${run.endedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '—'} UTC`,
        },
      ]),
      ...(run.message ? [text(channelSafe(run.message), { isSubtle: true })] : []),
    ],
    [openUrl('Open the Sync view', `${tabUrl}#/sync`)],
  );
}
