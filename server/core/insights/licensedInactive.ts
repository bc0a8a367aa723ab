import type { Filter } from 'mongodb';
import type { DirectoryUserDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { mapPage, pagedFind } from './pagedFind';
import type { LicensedInactiveQuery, LicensedInactiveRow, Page } from './types';
import { containsRegex, departmentRegex, toRef } from './userDirectory';

/**
 * Copilot-licensed users with no Copilot activity synced (license waste), by name. Includes licences whose
 * Copilot service plan is disabled (`copilotEnabled: false`): paid for, unusable.
 */
export async function listLicensedInactive(
  store: Store,
  tenantId: string,
  query: LicensedInactiveQuery,
): Promise<Page<LicensedInactiveRow>> {
  const filter: Filter<DirectoryUserDoc> = { tenantId, hasActivity: false };
  if (query.department !== undefined) filter.department = departmentRegex(query.department);
  if (query.search !== undefined) {
    const re = containsRegex(query.search);
    filter.$or = [{ displayName: re }, { userPrincipalName: re }, { mail: re }];
  }
  const page = await pagedFind(store.directoryUsers, {
    filter,
    sortField: 'displayName',
    textSort: true,
    direction: 'asc',
    limit: query.limit,
    cursor: query.cursor,
  });
  return mapPage(page, (u) => ({
    ...toRef(u),
    jobTitle: u.jobTitle ?? null,
    accountEnabled: u.accountEnabled ?? null,
    copilotEnabled: u.copilotEnabled,
    firstSeenAt: u.firstSeenAt,
  }));
}
