import type { Store } from '../../store/Store';
import { dayFilter, overlapFilter } from './timeRange';
import type { AppCount, TimeRange } from './types';

/**
 * Users, sessions, prompts and responses per app in a range. Interactions and users come from the daily
 * aggregates (whole UTC days); sessions are the conversations active in the range (lastAt >= from, firstAt < to).
 * Sorted by interactions, most first.
 */
export async function appCounts(store: Store, tenantId: string, range: TimeRange): Promise<AppCount[]> {
  return (await appUsage(store, tenantId, range)).apps;
}

/** The per-app counts of a range and, from the same read, the distinct users active in it across all apps. */
export async function appUsage(
  store: Store,
  tenantId: string,
  range: TimeRange,
): Promise<{ apps: AppCount[]; activeUsers: number }> {
  const days = dayFilter(range);
  const [activity, users, sessions] = await Promise.all([
    store.dailyActivity
      .aggregate<{ _id: string; appName: string; prompts: number; responses: number; interactions: number }>([
        { $match: { tenantId, day: days } },
        {
          $group: {
            _id: '$appKey',
            appName: { $first: '$appName' },
            prompts: { $sum: '$promptCount' },
            responses: { $sum: '$responseCount' },
            interactions: { $sum: '$interactionCount' },
          },
        },
      ])
      .toArray(),
    usersPerApp(store, tenantId, range),
    store.conversations
      .aggregate<{ _id: string; appName: string; n: number }>([
        { $match: { tenantId, ...overlapFilter(range, 'firstAt', 'lastAt') } },
        { $group: { _id: '$appKey', appName: { $first: '$appName' }, n: { $sum: 1 } } },
      ])
      .toArray(),
  ]);
  const rows = new Map<string, AppCount>();
  const row = (appKey: string, appName?: string): AppCount => {
    let r = rows.get(appKey);
    if (!r) {
      r = { appKey, appName: appName ?? appKey, users: 0, sessions: 0, prompts: 0, responses: 0, interactions: 0 };
      rows.set(appKey, r);
    }
    return r;
  };
  for (const a of activity)
    Object.assign(row(a._id, a.appName), { prompts: a.prompts, responses: a.responses, interactions: a.interactions });
  for (const s of sessions) row(s._id, s.appName).sessions = s.n;
  for (const [appKey, n] of users.perApp) row(appKey).users = n;
  const apps = [...rows.values()].sort((a, b) => b.interactions - a.interactions || a.appKey.localeCompare(b.appKey));
  return { apps, activeUsers: users.all };
}

/** Distinct users per app, and in all, over the range's days (from each user's per-day app counts). */
async function usersPerApp(
  store: Store,
  tenantId: string,
  range: TimeRange,
): Promise<{ perApp: Map<string, number>; all: number }> {
  const docs = await store.dailyUserActivity
    .find({ tenantId, day: dayFilter(range) }, { projection: { _id: 0, userId: 1, appCounts: 1 } })
    .toArray();
  const users = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const d of docs) {
    all.add(d.userId);
    for (const [appKey, n] of Object.entries(d.appCounts ?? {})) {
      if (!n) continue;
      let set = users.get(appKey);
      if (!set) users.set(appKey, (set = new Set()));
      set.add(d.userId);
    }
  }
  return { perApp: new Map([...users].map(([appKey, set]) => [appKey, set.size])), all: all.size };
}
