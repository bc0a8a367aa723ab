import type { Store } from '../../store/Store';

/** How much the store holds for a tenant. */
export interface StoreTotals {
  users: number;
  licensedUsers: number;
  licensedUsersWithoutActivity: number;
  agents: number;
  conversations: number;
  interactions: number;
  dataSources: number;
}

/** Counts of every synced record kind for one tenant. */
export async function storeTotals(store: Store, tenantId: string): Promise<StoreTotals> {
  const [users, licensedUsers, licensedUsersWithoutActivity, agents, conversations, interactions, dataSources] =
    await Promise.all([
      store.users.countDocuments({ tenantId }),
      store.directoryUsers.countDocuments({ tenantId }),
      store.directoryUsers.countDocuments({ tenantId, hasActivity: false }),
      store.agents.countDocuments({ tenantId }),
      store.conversations.countDocuments({ tenantId }),
      store.interactions.countDocuments({ tenantId }),
      store.dataSources.countDocuments({ tenantId }),
    ]);
  return { users, licensedUsers, licensedUsersWithoutActivity, agents, conversations, interactions, dataSources };
}
