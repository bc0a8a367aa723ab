import type { Document } from 'mongodb';
import type { Store } from '../../store/Store';
import type { ActivityQuery } from './types';
import { containsRegex, matchingAppKeys, matchingUserIds } from './userDirectory';

/** What a feed search matched: users by name/UPN, apps by name, data sources by name/URL. */
export interface ActivityScope {
  userIds: string[];
  appKeys: string[];
  sourceKeys: string[];
  userIdSet: ReadonlySet<string>;
  appKeySet: ReadonlySet<string>;
  sourceKeySet: ReadonlySet<string>;
}

/** Resolves a feed search against the small collections (users, daily app activity, data sources); null without one. */
export async function activityScope(
  store: Store,
  tenantId: string,
  query: Pick<ActivityQuery, 'search'>,
): Promise<ActivityScope | null> {
  if (query.search === undefined) return null;
  const re = containsRegex(query.search);
  const [userIds, appKeys, sourceKeys] = await Promise.all([
    matchingUserIds(store, tenantId, { search: query.search }),
    matchingAppKeys(store, tenantId, query.search),
    store.dataSources.distinct('key', { tenantId, $or: [{ name: re }, { url: re }] }),
  ]);
  return {
    userIds,
    appKeys,
    sourceKeys,
    userIdSet: new Set(userIds),
    appKeySet: new Set(appKeys),
    sourceKeySet: new Set(sourceKeys),
  };
}

/** The store filter for the feed's app, user and search filters (conversations and interactions share the fields). */
export function scopeFilter(scope: ActivityScope | null, query: Pick<ActivityQuery, 'appKey' | 'userId'>): Document {
  const filter: Document = {};
  if (query.appKey !== undefined) filter.appKey = query.appKey;
  if (query.userId !== undefined) filter.userId = query.userId;
  if (scope)
    filter.$or = [
      { userId: { $in: scope.userIds } },
      { appKey: { $in: scope.appKeys } },
      { dataSourceKeys: { $in: scope.sourceKeys } },
    ];
  return filter;
}
