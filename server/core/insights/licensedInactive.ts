import type { Filter } from 'mongodb';
import type { DirectoryUserDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage } from './pagedFind';
import type { LicensedInactiveQuery, LicensedInactiveRow, Page } from './types';
import { pageLicensedUsers, toRef } from './userDirectory';
import { unreadableUserIds } from './userSyncErrors';

/**
 * Copilot-licensed users with no Copilot activity synced (license waste), by name. Includes licences whose
 * Copilot service plan is disabled (`copilotEnabled: false`): paid for, unusable. Leaves out users whose history the
 * sync could not read (listUserSyncErrors): whether they use Copilot is unknown, so their licence is not "unused".
 */
export async function listLicensedInactive(
  store: Store,
  tenantId: string,
  query: LicensedInactiveQuery,
): Promise<Page<LicensedInactiveRow>> {
  const unreadable = await unreadableUserIds(store, tenantId);
  const filter: Filter<DirectoryUserDoc> = { tenantId, hasActivity: false };
  if (unreadable.length > 0) filter.userId = { $nin: unreadable };
  const page = await pageLicensedUsers(store, filter, query);
  return mapPage(page, (u) => ({
    ...toRef(u),
    jobTitle: u.jobTitle ?? null,
    accountEnabled: u.accountEnabled ?? null,
    copilotEnabled: u.copilotEnabled,
    firstSeenAt: u.firstSeenAt,
  }));
}
