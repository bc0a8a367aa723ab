import type { AnyBulkWriteOperation } from 'mongodb';
import { COPILOT_CHAT_SERVICE_PLAN_ID } from '../../graph/constants';
import type { GraphGateway } from '../../graph/GraphGateway';
import type { GraphUser } from '../../graph/types';
import type { DirectoryUserDoc } from '../../store/documents';
import { naturalId } from '../../store/naturalId';
import { profileOf } from './aggregateOps';
import { followDirectoryProfiles } from './directoryMoves';
import type { Store } from '../../store/Store';
import { erasedUserHashes, erasureHash } from '../privacy/erasure';

/** Whether a user's Copilot license leaves the chat service plan on (the export API needs it). */
export function hasCopilotChatPlan(user: GraphUser, skuIds: readonly string[]): boolean {
  const wanted = new Set(skuIds.map((s) => s.toLowerCase()));
  return user.assignedLicenses.some(
    (license) =>
      wanted.has(license.skuId.toLowerCase()) &&
      !license.disabledPlans.some((plan) => plan.toLowerCase() === COPILOT_CHAT_SERVICE_PLAN_ID),
  );
}

/**
 * Lists the tenant's Copilot-licensed users and records each in `directoryUsers` (active or not: the
 * license-waste view needs the ones who never used Copilot too), and brings the profile of those with activity to the
 * directory's (directoryMoves.ts). Returns them for the interaction stage. People
 * erased on request (privacy/erasure.ts) are left out: neither recorded nor read again.
 */
export async function syncDirectory(options: {
  store: Store;
  gateway: GraphGateway;
  tenantId: string;
  skuIds: readonly string[];
  now: Date;
  signal?: AbortSignal;
}): Promise<GraphUser[]> {
  const { store, tenantId, skuIds, now } = options;
  const users: GraphUser[] = [];
  const erased = await erasedUserHashes(store, tenantId);
  for await (const listed of options.gateway.listLicensedUsers(skuIds, options.signal)) {
    const page = erased.size === 0 ? listed : listed.filter((u) => !erased.has(erasureHash(tenantId, u.id)));
    if (page.length === 0) continue;
    users.push(...page);
    const writes: AnyBulkWriteOperation<DirectoryUserDoc>[] = page.map((user) => ({
      updateOne: {
        filter: { _id: naturalId('directoryUser', tenantId, user.id) },
        update: {
          $set: {
            ...profileOf(user),
            accountEnabled: user.accountEnabled ?? null,
            usageLocation: user.usageLocation ?? null,
            skuIds: user.assignedLicenses
              .map((l) => l.skuId)
              .filter((id) => skuIds.some((s) => s.toLowerCase() === id.toLowerCase())),
            copilotEnabled: hasCopilotChatPlan(user, skuIds),
            lastSeenAt: now,
          },
          $setOnInsert: { tenantId, userId: user.id, hasActivity: false, firstSeenAt: now },
        },
        upsert: true,
      },
    }));
    await store.directoryUsers.bulkWrite(writes, { ordered: false });
    // A department (or name) changed in the directory reaches the person's activity record, agents and days now, not
    // only with their next activity (directoryMoves.ts: filtered sets, finished by the next sync after a crash).
    await followDirectoryProfiles(store, tenantId, page);
  }
  return users;
}
