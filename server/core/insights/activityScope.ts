import type { Document } from 'mongodb';
import { searchTooBroad } from '../../errors';
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

/**
 * How many data sources one feed search may match. Their keys go into the feed's filters (twice: sessions and
 * interactions), and MongoDB refuses a command over 16 MB (a BSON document's limit): "https" on a tenant with a year
 * of sources matched over 20 MB of keys. Past these caps the admin is asked to narrow the search.
 */
export const SEARCH_MAX_SOURCES = 2_000;
export const SEARCH_MAX_SOURCE_KEY_BYTES = 1_000_000;

/** Data source keys whose name or address contains the search, refusing a search that matches too many. */
async function matchingSourceKeys(store: Store, tenantId: string, search: string): Promise<string[]> {
  const re = containsRegex(search);
  const docs = await store.dataSources
    .find({ tenantId, $or: [{ name: re }, { url: re }] }, { projection: { _id: 0, key: 1 } })
    .limit(SEARCH_MAX_SOURCES + 1)
    .toArray();
  const keys = docs.map((d) => d.key);
  const bytes = keys.reduce((sum, key) => sum + Buffer.byteLength(key), 0);
  if (keys.length > SEARCH_MAX_SOURCES || bytes > SEARCH_MAX_SOURCE_KEY_BYTES)
    throw searchTooBroad(
      `"${search.slice(0, 80)}" matches more than ${SEARCH_MAX_SOURCES.toLocaleString('en-US')} data sources. ` +
        'Narrow the search: a longer part of a file name, site or address, or a person or app.',
      { maxSources: SEARCH_MAX_SOURCES },
    );
  return keys;
}

/** Resolves a feed search against the small collections (users, daily app activity, data sources); null without one. */
export async function activityScope(
  store: Store,
  tenantId: string,
  query: Pick<ActivityQuery, 'search'>,
): Promise<ActivityScope | null> {
  if (query.search === undefined) return null;
  const [userIds, appKeys, sourceKeys] = await Promise.all([
    matchingUserIds(store, tenantId, { search: query.search }),
    matchingAppKeys(store, tenantId, query.search),
    matchingSourceKeys(store, tenantId, query.search),
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
