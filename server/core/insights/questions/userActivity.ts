import { aggregateIds } from '../../sync/aggregateOps';
import type { Store } from '../../../store/Store';
import type { UserRow } from '../types';
import { toRef } from '../userDirectory';

/** A user row without the 14-day trend (the bot's one-person summary). */
export type UserActivitySummary = Omit<UserRow, 'trend'>;

/** One user's all-time Copilot activity (a point lookup on their activity record); null if never active. */
export async function userActivity(
  store: Store,
  tenantId: string,
  userId: string,
): Promise<UserActivitySummary | null> {
  const u = await store.users.findOne({ _id: aggregateIds.user(tenantId, userId) });
  if (!u || u.tenantId !== tenantId) return null;
  return {
    ...toRef(u),
    jobTitle: u.jobTitle ?? null,
    firstActiveAt: u.firstActiveAt,
    lastActiveAt: u.lastActiveAt,
    promptCount: u.promptCount,
    responseCount: u.responseCount,
    interactionCount: u.interactionCount,
    conversationCount: u.conversationCount,
    appCounts: { ...u.appCounts },
  };
}
