import { syncFactsOf } from '../insights/syncFacts';
import { syncedSince } from '../insights/syncedWindow';
import type { AnswerDeps, Executed } from './executed';

/**
 * "From what date do we hold history?", "how far back does the data go", "oldest data we have", "when does our Copilot
 * history start": where the synced history starts, a fact of the sync, not a measure over a period.
 */
export const HISTORY_START = new RegExp(
  [
    String.raw`\bhow\s+far\s+back\b`,
    String.raw`\b(?:from|since)\s+(?:what|which|when)\b(?:\s+(?:date|day|point|time))?[^?]*\b(?:hold|have|has|keep|store|got|data|history|records?|go(?:es)?)\b`,
    String.raw`\b(?:oldest|earliest)\s+(?:data|records?|history|day|date|activity|interactions?)\b(?![^?]*\b(?:of|for|by)\s+\p{Lu})`,
    String.raw`\bwhen\s+(?:does|did)\s+(?:the\s+|our\s+|your\s+)?(?:synced\s+|copilot\s+|interaction\s+|usage\s+)*(?:data|history|records?)\s+(?:start|begin)\b`,
    String.raw`\bhow\s+(?:much|long\s+a|many\s+(?:days|weeks|months)\s+of)\s+(?:synced\s+|copilot\s+)?(?:history|data)\s+(?:do|does|is|are|have)\b`,
    String.raw`\b(?:start|beginning)\s+of\s+(?:the\s+|our\s+)?(?:synced\s+)?(?:history|data)\b`,
  ].join('|'),
  'iu',
);

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

/**
 * Where the synced history starts and how current it is. With the backfill setting, the start is the tab's (GET
 * /api/synced-window: the first full sync's start less BACKFILL_DAYS), and the first day holding activity is said
 * beside it, since a quiet first week is history read and empty, not history missing.
 */
export async function answerHistoryStart(deps: AnswerDeps): Promise<Executed> {
  const facts = syncFactsOf(deps);
  const [first, asOf, since] = await Promise.all([
    facts.firstSyncedDay(),
    facts.lastSyncedAt(),
    deps.backfillDays === undefined ? null : syncedSince(deps.store, deps.tenantId, deps.backfillDays),
  ]);
  const summary =
    since && first
      ? `The synced history starts at ${when(since)}: nothing before it is known. The first day with Copilot activity in it is ${first} (UTC); the data is as of ${when(asOf)}.`
      : first
        ? `The synced history starts on ${first} (UTC), the first day the sync holds Copilot activity for: nothing before it is known. The data is as of ${when(asOf)}.`
        : 'No Copilot activity has been synced yet, so there is no history to ask about.';
  const rows = [
    ...(since && first ? [{ measure: 'Synced from', value: when(since) }] : []),
    { measure: since && first ? 'First day with activity' : 'Starts on', value: first ?? '—' },
    { measure: 'Data as of', value: when(asOf) },
  ];
  return {
    kind: 'table',
    summary,
    notes: [],
    columns: [
      { key: 'measure', title: 'Synced history', kind: 'text' },
      { key: 'value', title: 'Value', kind: 'text' },
    ],
    rows,
    view: { path: 'sync', params: {} },
  };
}
