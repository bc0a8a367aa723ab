import type { Document } from 'mongodb';
import type { Store } from '../../store/Store';
import { checkAppKey } from './users';
import { dayFilter } from './timeRange';
import type { TopUserRow, TopUsersQuery } from './types';
import { matchingUserIds, unknownUser, userRefs } from './userDirectory';

interface Totals {
  _id: string;
  prompts: number;
  interactions: number;
  activeDays: number;
}

/**
 * The most active users over any range of UTC days, from the per-user daily aggregate. With an app filter the
 * ranking, `interactions` and `prompts` are that app's (the daily aggregate keeps both per app).
 */
export async function topUsers(store: Store, tenantId: string, query: TopUsersQuery): Promise<TopUserRow[]> {
  const match: Document = { tenantId, day: dayFilter(query.range) };
  const appKey = query.appKey === undefined ? null : checkAppKey(query.appKey);
  const appField = appKey === null ? null : `appCounts.${appKey}`;
  if (appField) match[appField] = { $gt: 0 };
  if (query.department !== undefined)
    match.userId = { $in: await matchingUserIds(store, tenantId, { department: query.department }) };
  const rankBy = appField || query.sort === 'interactions' ? 'interactions' : 'prompts';
  const rows = await store.dailyUserActivity
    .aggregate<Totals>([
      { $match: match },
      {
        $group: {
          _id: '$userId',
          prompts: { $sum: appKey === null ? '$promptCount' : { $ifNull: [`$appPrompts.${appKey}`, 0] } },
          interactions: { $sum: appField ? `$${appField}` : '$interactionCount' },
          activeDays: { $sum: 1 },
        },
      },
      { $sort: { [rankBy]: -1, _id: 1 } },
      { $limit: query.limit },
    ])
    .toArray();
  const refs = await userRefs(
    store,
    tenantId,
    rows.map((r) => r._id),
  );
  return rows.map((r) => ({
    ...(refs.get(r._id) ?? unknownUser(r._id)),
    prompts: r.prompts,
    interactions: r.interactions,
    activeDays: r.activeDays,
  }));
}
