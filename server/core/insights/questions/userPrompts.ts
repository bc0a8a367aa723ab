import type { Store } from '../../../store/Store';
import type { TimeRange } from '../types';

export interface PromptRow {
  at: Date;
  appKey: string;
  sessionId: string;
  /** The prompt as plain text (HTML tags dropped), cut to `maxChars`. */
  text: string;
}

/**
 * A user's most recent prompts in a range, newest first: prompt text, so the caller must be an admin and must
 * write the access log (recordAccess, what 'user_prompts'). Uses the (tenantId, userId, createdAt) index on
 * MongoDB; the emulator scans interactions.
 */
export async function recentPrompts(
  store: Store,
  tenantId: string,
  query: { userId: string; range: TimeRange; limit: number; maxChars?: number; appKeys?: string[] },
): Promise<PromptRow[]> {
  const docs = await store.interactions
    .find(
      {
        tenantId,
        userId: query.userId,
        interactionType: 'userPrompt',
        createdAt: { $gte: query.range.from, $lt: query.range.to },
        ...(query.appKeys?.length ? { appKey: { $in: query.appKeys } } : {}),
      },
      { projection: { createdAt: 1, appKey: 1, sessionId: 1, body: 1 }, sort: { createdAt: -1 }, limit: query.limit },
    )
    .toArray();
  const max = query.maxChars ?? 300;
  return docs.map((d) => {
    const raw = d.body?.content ?? '';
    const plain = (d.body?.contentType === 'html' ? raw.replace(/<[^>]*>/g, ' ') : raw).replace(/\s+/g, ' ').trim();
    return {
      at: d.createdAt,
      appKey: d.appKey,
      sessionId: d.sessionId,
      text: plain.length > max ? `${plain.slice(0, max - 1)}…` : plain,
    };
  });
}
