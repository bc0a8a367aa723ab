import type { Store } from '../../store/Store';
import { rangeEnd, type RangeEnd } from './newestActivity';
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

/**
 * The per-app counts of a range and the distinct users active in it across all apps. A range that ends after
 * the newest interaction (see newestActivity.ts) counts users and sessions from the lastAt indexes; any other
 * reads the range's daily user records and conversations. `known`: the range's end, when the caller has it.
 */
export async function appUsage(
  store: Store,
  tenantId: string,
  range: TimeRange,
  known?: RangeEnd,
): Promise<{ apps: AppCount[]; activeUsers: number }> {
  const [activity, end] = await Promise.all([
    appActivity(store, tenantId, range),
    known ?? rangeEnd(store, tenantId, range),
  ]);
  const appKeys = activity.map((a) => a._id);
  const [users, sessions] = await Promise.all([
    end.openDays ? usersPerAppSince(store, tenantId, appKeys, end.firstDayStart) : usersPerApp(store, tenantId, range),
    end.open ? sessionsPerAppSince(store, tenantId, appKeys, range.from) : sessionsPerApp(store, tenantId, range),
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

interface AppActivity {
  _id: string;
  appName: string;
  prompts: number;
  responses: number;
  interactions: number;
}

/** Prompts, responses and interactions per app over the range's days. */
function appActivity(store: Store, tenantId: string, range: TimeRange): Promise<AppActivity[]> {
  return store.dailyActivity
    .aggregate<AppActivity>([
      { $match: { tenantId, day: dayFilter(range) } },
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
    .toArray();
}

type SessionCount = { _id: string; appName?: string; n: number };

/** Conversations active in the range, per app. */
function sessionsPerApp(store: Store, tenantId: string, range: TimeRange): Promise<SessionCount[]> {
  return store.conversations
    .aggregate<SessionCount>([
      { $match: { tenantId, ...overlapFilter(range, 'firstAt', 'lastAt') } },
      { $group: { _id: '$appKey', appName: { $first: '$appName' }, n: { $sum: 1 } } },
    ])
    .toArray();
}

/** Conversations of each app last active at or after `since` (a range ending after the newest interaction). */
export async function sessionsPerAppSince(
  store: Store,
  tenantId: string,
  appKeys: string[],
  since: Date,
): Promise<SessionCount[]> {
  const counts = await Promise.all(
    appKeys.map((appKey) => store.conversations.countDocuments({ tenantId, appKey, lastAt: { $gte: since } })),
  );
  return appKeys.map((appKey, i) => ({ _id: appKey, n: counts[i]! })).filter((s) => s.n > 0);
}

/** Users of each app (agents) and users in all last active at or after `since` (a range ending after the newest). */
export async function usersPerAppSince(
  store: Store,
  tenantId: string,
  appKeys: string[],
  since: Date,
): Promise<{ perApp: Map<string, number>; all: number }> {
  const [all, ...counts] = await Promise.all([
    store.users.countDocuments({ tenantId, lastActiveAt: { $gte: since } }),
    ...appKeys.map((appKey) => store.agents.countDocuments({ tenantId, appKey, lastAt: { $gte: since } })),
  ]);
  return { perApp: new Map(appKeys.map((appKey, i) => [appKey, counts[i]!])), all: all! };
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
