import type { Filter } from 'mongodb';
import type { DirectoryUserDoc } from '../../store/documents';
import type { Store } from '../../store/Store';
import { departmentKey } from '../../store/departmentKey';
import { naturalId } from '../../store/naturalId';
import { aggregateIds } from '../sync/aggregateOps';
import { pagedFind } from './pagedFind';
import type { LicensedInactiveQuery, Page, UserRef } from './types';

/** A case-insensitive "contains" regex for a search term, with the term's own regex characters escaped. */
export function containsRegex(term: string): RegExp {
  return new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/** The fields of a users (or directoryUsers) record that name a person (toRef). */
export const REF_PROJECTION = { userId: 1, displayName: 1, userPrincipalName: 1, department: 1 } as const;

/**
 * Names for user ids, by `_id` point lookups on the users (active) and then directoryUsers (licensed) records:
 * both keep the directory profile. Ids found in neither come back with null names.
 */
export async function userRefs(
  store: Store,
  tenantId: string,
  userIds: Iterable<string>,
): Promise<Map<string, UserRef>> {
  const ids = [...new Set(userIds)];
  const refs = new Map<string, UserRef>();
  if (ids.length === 0) return refs;
  const active = await store.users
    .find({ _id: { $in: ids.map((id) => aggregateIds.user(tenantId, id)) } }, { projection: REF_PROJECTION })
    .toArray();
  for (const u of active) refs.set(u.userId, toRef(u));
  const missing = ids.filter((id) => !refs.has(id));
  if (missing.length > 0) {
    const licensed = await store.directoryUsers
      .find(
        { _id: { $in: missing.map((id) => naturalId('directoryUser', tenantId, id)) } },
        { projection: REF_PROJECTION },
      )
      .toArray();
    for (const u of licensed) refs.set(u.userId, toRef(u));
  }
  for (const id of ids) if (!refs.has(id)) refs.set(id, unknownUser(id));
  return refs;
}

export function unknownUser(userId: string): UserRef {
  return { userId, displayName: null, userPrincipalName: null, department: null };
}

export function toRef(u: {
  userId: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  department?: string | null;
}): UserRef {
  return {
    userId: u.userId,
    displayName: u.displayName ?? null,
    userPrincipalName: u.userPrincipalName ?? null,
    department: u.department ?? null,
  };
}

/**
 * Ids of active users whose name, UPN or mail contains `search` and/or whose department is `department`
 * (whole and case-insensitive: "sales" finds "Sales", not "Presales"; an index equality on `departmentKey`). Reads the users collection (one record per active user, never interactions).
 */
export async function matchingUserIds(
  store: Store,
  tenantId: string,
  criteria: { search?: string; department?: string },
): Promise<string[]> {
  const filter: Record<string, unknown> = { tenantId };
  if (criteria.department !== undefined) filter.departmentKey = departmentKey(criteria.department);
  if (criteria.search !== undefined) {
    const re = containsRegex(criteria.search);
    filter.$or = [{ displayName: re }, { userPrincipalName: re }, { mail: re }];
  }
  const rows = await store.users.find(filter, { projection: { userId: 1 } }).toArray();
  return rows.map((u) => u.userId);
}

/**
 * Keys of the apps whose name contains `search` (case-insensitive), from the per-app daily aggregate: every app
 * with activity has records there, so a filter on these keys finds what a regex on `appName` would, by index.
 */
export function matchingAppKeys(store: Store, tenantId: string, search: string): Promise<string[]> {
  return store.dailyActivity.distinct('appKey', { tenantId, appName: containsRegex(search) });
}

/** One page of licensed users matching `filter` and the query's department and search, by name. */
export function pageLicensedUsers(
  store: Store,
  filter: Filter<DirectoryUserDoc>,
  query: LicensedInactiveQuery,
): Promise<Page<DirectoryUserDoc>> {
  const matching: Filter<DirectoryUserDoc> = { ...filter };
  if (query.department !== undefined) matching.departmentKey = departmentKey(query.department);
  if (query.search !== undefined) {
    const re = containsRegex(query.search);
    matching.$or = [{ displayName: re }, { userPrincipalName: re }, { mail: re }];
  }
  return pagedFind(store.directoryUsers, {
    filter: matching,
    sortField: 'displayName',
    textSort: true,
    direction: 'asc',
    limit: query.limit,
    cursor: query.cursor,
  });
}
