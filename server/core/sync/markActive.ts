import { naturalId } from '../../store/naturalId';
import type { Store } from '../../store/Store';
import { aggregateIds } from './aggregateOps';

/**
 * Marks the licence holders among `userIds` who have an activity record as having used Copilot (`hasActivity`, what
 * "licensed users who never used Copilot" and the licence answers read). Idempotent: a sync run calls it for the
 * users it completed, the change-notification worker for the users whose interactions it stored.
 */
export async function markActive(store: Store, tenantId: string, userIds: readonly string[]): Promise<void> {
  // Stryker disable next-line ConditionalExpression: only saves a read; an empty list finds nobody to mark
  if (userIds.length === 0) return;
  const active = await store.users
    .find(
      { _id: { $in: userIds.map((id) => aggregateIds.user(tenantId, id)) } },
      // Stryker disable next-line ObjectLiteral: a projection only trims the read; whole documents give the same ids
      { projection: { userId: 1 } },
    )
    .toArray();
  // Stryker disable next-line ConditionalExpression: only saves a write; an empty list matches no directory entry
  if (active.length === 0) return;
  await store.directoryUsers.updateMany(
    { _id: { $in: active.map((u) => naturalId('directoryUser', tenantId, u.userId)) } },
    { $set: { hasActivity: true } },
  );
}
