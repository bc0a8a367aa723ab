import { unreadableUserIds } from './userSyncErrors';
import type { Store } from '../../store/Store';

/** How much the store holds for a tenant. */
export interface StoreTotals {
  users: number;
  licensedUsers: number;
  licensedUsersWithoutActivity: number;
  licensedUsersUnreadable: number;
  agents: number;
  conversations: number;
  interactions: number;
  dataSources: number;
}

/** Counts of every synced record kind for one tenant. */
export async function storeTotals(store: Store, tenantId: string): Promise<StoreTotals> {
  const [users, licenses, agents, conversations, interactions, dataSources] = await Promise.all([
    store.users.countDocuments({ tenantId }),
    licenseTotals(store, tenantId),
    store.agents.countDocuments({ tenantId }),
    store.conversations.countDocuments({ tenantId }),
    store.interactions.countDocuments({ tenantId }),
    store.dataSources.countDocuments({ tenantId }),
  ]);
  return { users, ...licenses, agents, conversations, interactions, dataSources };
}

/**
 * Copilot-licensed users; those of them with no Copilot activity synced whose history was read (unused licences);
 * and those with none synced whose history the sync could not read (unknown: never counted as unused).
 */
export async function licenseTotals(
  store: Store,
  tenantId: string,
): Promise<Pick<StoreTotals, 'licensedUsers' | 'licensedUsersWithoutActivity' | 'licensedUsersUnreadable'>> {
  const [licensedUsers, withoutActivity, unreadable] = await Promise.all([
    store.directoryUsers.countDocuments({ tenantId }),
    store.directoryUsers.countDocuments({ tenantId, hasActivity: false }),
    unreadableUserIds(store, tenantId).then((ids) =>
      ids.length === 0
        ? 0
        : store.directoryUsers.countDocuments({ tenantId, hasActivity: false, userId: { $in: ids } }),
    ),
  ]);
  return {
    licensedUsers,
    licensedUsersWithoutActivity: withoutActivity - unreadable,
    licensedUsersUnreadable: unreadable,
  };
}
