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
 * ranking and `interactions` are that app's; its prompts are then counted from the listed users' interactions
 * in that app (the daily aggregate keeps per-app interactions, not per-app prompts).
 */
export async function topUsers(store: Store, tenantId: string, query: TopUsersQuery): Promise<TopUserRow[]> {
  const match: Document = { tenantId, day: dayFilter(query.range) };
  const appField = query.appKey === undefined ? null : `appCounts.${checkAppKey(query.appKey)}`;
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
          prompts: { $sum: '$promptCount' },
          interactions: { $sum: appField ? `$${appField}` : '$interactionCount' },
          activeDays: { $sum: 1 },
        },
      },
      { $sort: { [rankBy]: -1, _id: 1 } },
      { $limit: query.limit },
    ])
    .toArray();
  if (appField) await countAppPrompts(store, tenantId, query, rows);
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

/** Exact prompts in one app for the few listed users (narrow: user ids, app, time; an index on real MongoDB). */
async function countAppPrompts(store: Store, tenantId: string, query: TopUsersQuery, rows: Totals[]): Promise<void> {
  if (rows.length === 0) return;
  const { $gte, $lte } = dayFilter(query.range);
  const counts = await store.interactions
    .aggregate<{ _id: string; n: number }>([
      {
        $match: {
          tenantId,
          userId: { $in: rows.map((r) => r._id) },
          createdAt: {
            $gte: new Date(`${$gte}T00:00:00.000Z`),
            $lt: new Date(Date.parse(`${$lte}T00:00:00.000Z`) + 86_400_000),
          },
          appKey: query.appKey,
          interactionType: 'userPrompt',
        },
      },
      { $group: { _id: '$userId', n: { $sum: 1 } } },
    ])
    .toArray();
  const byUser = new Map(counts.map((c) => [c._id, c.n]));
  for (const r of rows) r.prompts = byUser.get(r._id) ?? 0;
}
